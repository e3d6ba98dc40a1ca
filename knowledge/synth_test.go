package knowledge

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
)

// syntheticKB makes a knowledge base of n entries by varying the default
// ones: copy i of an entry gets a new id and, deterministically, about a
// third of its longer words turned into words of its own (the same word
// the same way throughout the copy, as an article names its error
// consistently). Every copy is freshly allocated and its sections are cut
// from its body the way Parse cuts them, so the index sees n distinct
// documents of realistic size and vocabulary, and the heap holds n
// realistic entries.
func syntheticKB(tb testing.TB, n int) *KB {
	tb.Helper()
	return Build(syntheticEntries(tb, n))
}

// syntheticEntries returns the n entries syntheticKB indexes.
func syntheticEntries(tb testing.TB, n int) []*Entry {
	tb.Helper()
	return variedEntries(mustDefault(tb).Entries(), n)
}

// variedEntries returns n entries varied from base.
func variedEntries(base []*Entry, n int) []*Entry {
	entries := make([]*Entry, 0, n)
	for i := 0; len(entries) < n; i++ {
		for _, e := range base {
			if len(entries) == n {
				break
			}
			entries = append(entries, variantEntry(e, i))
		}
	}
	return entries
}

// variantEntry returns copy i of e; copy 0 keeps e's words and id.
func variantEntry(e *Entry, i int) *Entry {
	m := mutator{variant: i}
	c := &Entry{
		ID:          e.ID,
		Title:       m.text(e.Title),
		Summary:     m.text(e.Summary),
		Aliases:     m.all(e.Aliases),
		Paraphrases: m.all(e.Paraphrases),
		Category:    strings.Clone(e.Category),
		Status:      slices.Clone(e.Status),
		Signatures:  m.all(e.Signatures),
		Tools:       slices.Clone(e.Tools),
		Related:     slices.Clone(e.Related),
		Updated:     strings.Clone(e.Updated),
		Sources:     slices.Clone(e.Sources),
		fieldLines:  e.fieldLines,
	}
	if i > 0 {
		c.ID = fmt.Sprintf("%s-v%d", e.ID, i)
	}
	c.File = "kb/" + c.ID + ".md"
	// As Parse does.
	c.plain = parseBody(m.text(e.Body()), e.text().line)
	c.plain.examples = m.all(e.Examples())
	return c
}

// mutator varies the words of one entry copy.
type mutator struct{ variant int }

func (m mutator) all(texts []string) []string {
	if texts == nil {
		return nil
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = m.text(t)
	}
	return out
}

// text returns a fresh copy of s with about a third of its lower-case
// words of six letters or more given a suffix drawn from 4096, by a hash
// of the word and the variant. Headings, ids, links and identifiers
// (words joined by -, _, :, / or .) are kept.
func (m mutator) text(s string) string {
	if m.variant == 0 {
		return strings.Clone(s)
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	lineStart := true
	heading := false
	for i := 0; i < len(s); {
		c := s[i]
		if lineStart {
			heading = c == '#'
		}
		lineStart = c == '\n'
		if c < 'a' || c > 'z' || i > 0 && isJoined(s[i-1]) {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
			j++
		}
		w := s[i:j]
		b.WriteString(w)
		if !heading && len(w) >= 6 && (j == len(s) || !isJoined(s[j])) {
			h := fnv.New32a()
			fmt.Fprintf(h, "%s/%d", w, m.variant)
			if v := h.Sum32(); v%100 < 35 {
				x := v / 100 % 4096
				b.WriteString("q")
				b.WriteByte(byte('a' + x%26))
				b.WriteByte(byte('a' + x/26%26))
				b.WriteByte(byte('a' + x/676))
			}
		}
		i = j
	}
	// A loaded entry's text has its exact size: keep none of the spare
	// room the builder grew into.
	return strings.Clone(b.String())
}

// isJoined reports whether c joins a word into an identifier, or is part
// of one (digits, capitals).
func isJoined(c byte) bool {
	return c == '-' || c == '_' || c == ':' || c == '/' || c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func TestSyntheticEntriesVary(t *testing.T) {
	es := syntheticEntries(t, 96)
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.ID] {
			t.Fatalf("duplicate id %q", e.ID)
		}
		seen[e.ID] = true
		if e.Section(SecMeaning) == nil || e.Section(SecFAQ) == nil {
			t.Errorf("%s: sections lost in the variation", e.ID)
		}
	}
	if es[0].Body() != mustDefault(t).Entries()[0].Body() {
		t.Errorf("copy 0 must keep the words")
	}
	if es[40].Body() == es[8].Body() {
		t.Errorf("copy 1 of %s has the same body as copy 0", es[8].ID)
	}
}
