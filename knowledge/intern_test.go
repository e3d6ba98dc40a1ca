package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

// TestInternEntries checks that interning shares equal texts across
// entries, changes no entry's content, never writes into a list another
// entry holds, and only reads entries interned before.
func TestInternEntries(t *testing.T) {
	fresh := func(s string) string { return strings.Clone(s) }
	base := &Entry{ID: "a", Title: fresh("Rate limit"), Signatures: []string{fresh("Rate limit exceeded"), fresh("429")}, Aliases: []string{fresh("too many requests")}}
	copied := *base // shares base's lists
	copied.ID = "b"
	other := &Entry{ID: "c", Title: fresh("Rate limit"), Signatures: []string{fresh("429"), fresh("quota")}, plain: &entryText{fixes: []Fix{{Text: fresh("Wait")}}, examples: []string{fresh("Wait")}}}
	entries := []*Entry{other, &copied, base}
	want := make([]Entry, len(entries))
	for i, e := range entries {
		want[i] = *e
		want[i].Signatures = append([]string(nil), e.Signatures...)
	}
	baseSigs := base.Signatures
	internEntries(entries)
	for i, e := range entries {
		if !reflect.DeepEqual(*e, want[i]) {
			t.Errorf("entry %s changed: %+v, want %+v", e.ID, *e, want[i])
		}
	}
	if !sameString(base.Title, other.Title) || !sameString(copied.Signatures[1], other.Signatures[0]) || !sameString(other.Fixes()[0].Text, other.Examples()[0]) {
		t.Errorf("equal texts are not shared")
	}
	if sameString(baseSigs[1], other.Signatures[0]) {
		t.Errorf("interning wrote into the list base and copied share instead of giving each a new one")
	}
	if &copied.Signatures[0] == &baseSigs[0] || !sameString(base.Signatures[1], other.Signatures[0]) {
		t.Errorf("a list with a text seen before keeps its own copy")
	}
	// A second pass over interned entries only reads: every list stays.
	before := []*[]string{&other.Signatures, &copied.Signatures, &base.Signatures}
	lists := [][]string{other.Signatures, copied.Signatures, base.Signatures}
	internEntries(entries)
	for i, p := range before {
		if &(*p)[0] != &lists[i][0] {
			t.Errorf("a second pass replaced list %d", i)
		}
	}
}

// TestInternSharesEqualLists checks that entries listing the same texts
// come to hold one list, that a list differing in one text or in length
// keeps its own, and that no entry reads differently.
func TestInternSharesEqualLists(t *testing.T) {
	fresh := func(ss ...string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = strings.Clone(s)
		}
		return out
	}
	a := &Entry{ID: "a", Tools: fresh("aider", "cline"), Sources: fresh("https://x", "https://y")}
	b := &Entry{ID: "b", Tools: fresh("aider", "cline"), Sources: fresh("https://x")}
	c := &Entry{ID: "c", Tools: fresh("aider", "cursor"), Sources: fresh("https://x", "https://y")}
	entries := []*Entry{a, b, c}
	want := make([]Entry, len(entries))
	for i, e := range entries {
		want[i] = *e
	}
	internEntries(entries)
	for i, e := range entries {
		if !reflect.DeepEqual(*e, want[i]) {
			t.Errorf("entry %s changed: %+v, want %+v", e.ID, *e, want[i])
		}
	}
	if &a.Tools[0] != &b.Tools[0] || &a.Sources[0] != &c.Sources[0] {
		t.Errorf("equal lists are not shared")
	}
	if &a.Tools[0] == &c.Tools[0] || &a.Sources[0] == &b.Sources[0] {
		t.Errorf("different lists were merged")
	}
}
