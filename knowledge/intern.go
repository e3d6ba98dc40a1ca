package knowledge

import (
	"slices"
	"strings"
	"unsafe"
)

// interner hands out one copy of each distinct string, so entries that
// repeat a phrase (a large knowledge base names the same error message,
// alias or example in many entries) hold it once, and one copy of each
// distinct list, so entries that list the same tools, related entries or
// sources hold one list.
type interner struct {
	texts map[string]string
	lists map[string][]string // a list's texts joined by NUL -> its shared copy
}

func newInterner() *interner {
	return &interner{texts: map[string]string{}, lists: map[string][]string{}}
}

// of returns the first copy of s seen.
func (in *interner) of(s string) string {
	if c, ok := in.texts[s]; ok {
		return c
	}
	in.texts[s] = s
	return s
}

// set points *p at the shared copy of its string. It writes only when
// the copy is another one, so entries built before (whose strings are
// already shared) are only read.
func (in *interner) set(p *string) {
	if c := in.of(*p); !sameString(c, *p) {
		*p = c
	}
}

// list returns the shared copy of list: the first equal list seen, with
// its strings shared. A list is never written: the first of its kind is
// kept when its strings already are shared, else replaced by a new slice,
// so a backing array that other entries may hold (an entry copied with
// `e := *base`) stays as it is.
func (in *interner) list(list []string) []string {
	if len(list) == 0 {
		return list
	}
	key := strings.Join(list, "\x00")
	if shared, ok := in.lists[key]; ok && slices.Equal(shared, list) {
		return shared
	}
	out := in.strings(list)
	in.lists[key] = out
	return out
}

// strings returns list with its strings shared: list itself when they
// already are, else a new slice.
func (in *interner) strings(list []string) []string {
	var out []string
	for i, s := range list {
		c := in.of(s)
		if out == nil && !sameString(c, s) {
			out = slices.Clone(list)
		}
		if out != nil {
			out[i] = c
		}
	}
	if out == nil {
		return list
	}
	return out
}

// sameString reports whether a and b are the same bytes in memory, not
// only equal.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}

// internEntries makes the entries share their repeated short texts:
// titles, summaries, categories, dates, every list of phrases, ids and
// links (an equal list is shared whole), and the quick fixes of a plain
// body. The bodies (and the sections cut from them) are each entry's own
// and stay as they are. Only equal strings and lists are swapped, so no
// entry reads differently.
func internEntries(entries []*Entry) {
	in := newInterner()
	for _, e := range entries {
		for _, p := range []*string{&e.Title, &e.Summary, &e.Category, &e.Updated} {
			in.set(p)
		}
		for _, p := range []*[]string{&e.Aliases, &e.Paraphrases, &e.Facts, &e.Signatures, &e.Tools, &e.Related, &e.Sources} {
			if l := in.list(*p); len(l) > 0 && &l[0] != &(*p)[0] {
				*p = l
			}
		}
		if e.plain == nil {
			continue // no body, or a packed one: its fixes are made on demand
		}
		t := *e.plain // the text may be another entry's too: never written
		changed := false
		if l := in.list(t.examples); len(l) > 0 && &l[0] != &t.examples[0] {
			t.examples, changed = l, true
		}
		var fixes []Fix
		for i, f := range e.plain.fixes {
			c := in.of(f.Text)
			if fixes == nil && !sameString(c, f.Text) {
				fixes = slices.Clone(e.plain.fixes)
			}
			if fixes != nil {
				fixes[i].Text = c
			}
		}
		if fixes != nil {
			t.fixes, changed = fixes, true
		}
		if changed {
			e.plain = &t
		}
	}
}
