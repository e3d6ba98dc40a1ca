package knowledge

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// plainCopies returns fresh entries varied from the default ones, with
// their bodies parsed as Parse parses them: the reference packed entries
// must read like.
func plainCopies(tb testing.TB, n int) []*Entry {
	tb.Helper()
	return syntheticEntries(tb, n)
}

// sameText reports how a packed entry reads differently from its plain
// twin, or "".
func sameText(packed, plain *Entry) string {
	switch {
	case packed.Body() != plain.Body():
		return "body"
	case packed.text().line != plain.text().line:
		return fmt.Sprintf("body line %d, want %d", packed.text().line, plain.text().line)
	case !reflect.DeepEqual(packed.Sections(), plain.Sections()):
		return "sections"
	case !reflect.DeepEqual(packed.Fixes(), plain.Fixes()):
		return "quick fixes"
	case !reflect.DeepEqual(packed.FAQ(), plain.FAQ()):
		return "FAQ"
	case !reflect.DeepEqual(packed.Examples(), plain.Examples()):
		return "examples"
	case packed.SectionText(SecQuickFixes) != plain.SectionText(SecQuickFixes):
		return "quick fixes Markdown"
	}
	for _, t := range plain.Tools {
		if packed.ToolChecks(t) != plain.ToolChecks(t) {
			return "tool checks for " + t
		}
	}
	return ""
}

// TestPackedEntriesReadAsPlain packs entries into a cache smaller than
// them (so texts are evicted and decoded again) and checks that every one
// reads exactly as its plain twin, twice over.
func TestPackedEntriesReadAsPlain(t *testing.T) {
	const n = 80
	plain, packed := plainCopies(t, n), plainCopies(t, n)
	c := newTextCache(newPacker(), 8)
	c.startPacking(packed)()
	for round := range 2 {
		for i, e := range packed {
			if e.plain != nil || e.packed.cache != c {
				t.Fatalf("%s is not packed", e.ID)
			}
			if diff := sameText(e, plain[i]); diff != "" {
				t.Errorf("round %d: packed %s reads a different %s", round, e.ID, diff)
			}
		}
	}
	if got := c.len(); got > 8 {
		t.Errorf("the cache holds %d texts, over its 8", got)
	}
	// Packed again (by another knowledge base), they stay packed by the
	// first.
	newTextCache(newPacker(), 8).startPacking(packed)()
	for _, e := range packed {
		if e.packed.cache != c {
			t.Fatalf("a second packing packed %s again", e.ID)
		}
	}
	var size int
	for _, e := range packed {
		size += len(e.packed.data)
	}
	var body int
	for _, e := range plain {
		body += len(e.Body())
	}
	if size*2 > body {
		t.Errorf("packed bodies take %d bytes, over half the %d of the plain ones", size, body)
	}
}

// TestPackEmptyBody checks that an entry whose body is empty packs and
// reads back empty, with its line.
func TestPackEmptyBody(t *testing.T) {
	e := &Entry{ID: "empty", plain: parseBody("", 9)}
	c := newTextCache(newPacker(), 1)
	c.startPacking([]*Entry{e})()
	if e.plain != nil || e.Body() != "" || e.Sections() != nil || e.Examples() != nil || e.text().line != 9 {
		t.Errorf("empty body: packed %v, body %q, sections %v, line %d", e.plain == nil, e.Body(), e.Sections(), e.text().line)
	}
}

// TestUnpackRejectsBadBytes checks that bytes that are not a packed body
// give an error, not a panic or a wrong text.
func TestUnpackRejectsBadBytes(t *testing.T) {
	p := newPacker()
	good := newTextCache(p, 1)
	e := &Entry{plain: parseBody("## A\n\ntext", 3)}
	e.plain.examples = []string{"x", "", "yz"}
	good.startPacking([]*Entry{e})()
	for name, data := range map[string]string{
		"empty":      "",
		"header":     "\xff\xff\xff",
		"examples":   "\x01\x01\x02\x05",
		"too many":   "\x01\x01\xff\xff\xff\x7f",
		"truncated":  e.packed.data[:len(e.packed.data)-3],
		"too long":   "\xff\xff\xff\x7f\x01",
		"not flate":  "\x05\x01garbage",
		"short body": "\x40" + e.packed.data[1:],
	} {
		if u, err := p.unpack(data); err == nil {
			t.Errorf("%s: unpacked %+v without an error", name, u)
		}
	}
	if u, err := p.unpack(e.packed.data); err != nil || u.body != "## A\n\ntext" || u.line != 3 || !slices.Equal(u.examples, []string{"x", "", "yz"}) {
		t.Errorf("good bytes: %+v, %v", u, err)
	}
}

// TestBuildPacksLargeKnowledgeBases checks the policy: the default
// knowledge base keeps its bodies plain, one of more than packAbove
// entries packs them and still reads them as written.
func TestBuildPacksLargeKnowledgeBases(t *testing.T) {
	def := mustDefault(t)
	if def.texts != nil {
		t.Errorf("the default knowledge base has a text cache")
	}
	for _, e := range def.Entries() {
		if e.plain == nil {
			t.Fatalf("default entry %s is packed", e.ID)
		}
	}
	n := packAbove + 1
	kb := Build(syntheticEntries(t, n))
	plain := plainCopies(t, n)
	byID := map[string]*Entry{}
	for _, e := range plain {
		byID[e.ID] = e
	}
	if kb.texts == nil {
		t.Fatalf("a knowledge base of %d entries has no text cache", n)
	}
	for i, e := range kb.Entries() {
		if e.plain != nil {
			t.Fatalf("%s is not packed", e.ID)
		}
		if i%50 == 0 {
			if diff := sameText(e, byID[e.ID]); diff != "" {
				t.Errorf("packed %s reads a different %s", e.ID, diff)
			}
		}
		want := byID[e.ID]
		if e.Title != want.Title || !slices.Equal(e.Signatures, want.Signatures) {
			t.Errorf("%s: title %q, signatures %q; want %q, %q", e.ID, e.Title, e.Signatures, want.Title, want.Signatures)
		}
		if !within(e.Title, kb.titles.buf) {
			t.Errorf("%s: the title is a copy of its own", e.ID)
		}
		for _, s := range e.Signatures {
			if phraseOf(s) == s && !within(s, kb.phrases.buf) {
				t.Errorf("%s: signature %q is a copy of its own", e.ID, s)
			}
		}
	}
	for _, s := range kb.idx.sigs {
		if !within(s.text, kb.phrases.buf) {
			t.Errorf("the index keeps a copy of phrase %q", s.text)
			break
		}
	}
}

// TestTextCacheConcurrent reads packed entries from many goroutines
// through a small cache (run it with -race).
func TestTextCacheConcurrent(t *testing.T) {
	const n = 40
	plain, packed := plainCopies(t, n), plainCopies(t, n)
	c := newTextCache(newPacker(), 4)
	c.startPacking(packed)()
	var wg sync.WaitGroup
	errs := make(chan string, 8*n)
	for g := range 8 {
		wg.Go(func() {
			for i := range n {
				j := (i*7 + g) % n
				if diff := sameText(packed[j], plain[j]); diff != "" {
					errs <- packed[j].ID + ": " + diff
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestTextCacheKeepsRecentlyRead checks the clock: a text read since the
// hand last passed survives the next eviction, an unread one goes.
func TestTextCacheKeepsRecentlyRead(t *testing.T) {
	es := plainCopies(t, 4)
	c := newTextCache(newPacker(), 2)
	c.startPacking(es)()
	a, b, d := es[0], es[1], es[2]
	a.Body()
	b.Body() // cache: a, b
	a.Body() // a read again
	d.Body() // evicts b, the unread one
	c.mu.Lock()
	_, hasA := c.pos[a]
	_, hasB := c.pos[b]
	_, hasD := c.pos[d]
	c.mu.Unlock()
	if !hasA || hasB || !hasD {
		t.Errorf("after a, b, a, d in a cache of 2: a %v, b %v, d %v; want a and d", hasA, hasB, hasD)
	}
	if got := strings.Count(d.Body(), "## "); got == 0 {
		t.Errorf("d's body has no sections")
	}
}

// within reports whether s is a piece of buf's memory (an empty s is).
func within(s, buf string) bool {
	if s == "" {
		return true
	}
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(buf)))
	return p >= b && p+uintptr(len(s)) <= b+uintptr(len(buf))
}

// BenchmarkEntryText reports what reading an entry's reply texts costs
// (the sections and fixes a chat reply quotes): for a plain entry, for a
// packed one whose text the cache holds, and for packed ones read round
// robin over more entries than the cache holds, so every read decodes.
func BenchmarkEntryText(b *testing.B) {
	read := func(e *Entry) {
		_ = e.SectionText(SecMeaning)
		_ = e.SectionText(SecQuickFixes)
		_ = e.SectionText(SecSteps)
		_ = e.FAQ()
		_ = e.FixesFor(Facts{}, MaxFixes)
	}
	plain := plainCopies(b, 4*textCacheSize)
	packed := plainCopies(b, 4*textCacheSize)
	newTextCache(newPacker(), textCacheSize).startPacking(packed)()
	for _, c := range []struct {
		name    string
		entries []*Entry
	}{{"plain", plain[:1]}, {"packed-hit", packed[:1]}, {"packed-miss", packed}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				read(c.entries[i%len(c.entries)])
				i++
			}
		})
	}
}
