package knowledge

import (
	"slices"
	"testing"
)

// TestNameTableRanksAsRankNames checks that the deduplicated name table
// ranks exactly as rankNames does over the same names (indexes, scores
// and order), for the default names, a synthetic knowledge base's (which
// repeat texts across entries), names built to trip it (case, non-ASCII
// case folding, NUL, duplicates) and 300 prefixes plus patterns that are
// not ASCII.
func TestNameTableRanksAsRankNames(t *testing.T) {
	def := mustDefault(t)
	syn := syntheticKB(t, 1000)
	patterns := append(autocompletePrefixes(def, 300), "\u212Aey", "straße", "ab\u00e9", "RATE", "a.b")
	var extra []suggestion
	for i, s := range []string{"KEY limit", "\u212Aey limit", "Straße 429", "rate\x00limit", "a.b_c-d/e", "", "RATE LIMIT", "rAtE-lImIt!", "KEY limit", "rate limit", "RATE LIMIT"} {
		extra = append(extra, newSuggestion(s, i))
	}
	defTitles, defPhrases := buildSuggestions(def.Entries())
	synTitles, synPhrases := buildSuggestions(syn.Entries())
	sets := map[string][]suggestion{"titles": defTitles, "phrases": defPhrases, "synthetic titles": synTitles, "synthetic phrases": synPhrases, "extra": extra}
	for name, names := range sets {
		tab := newNameTable(names)
		if tab.Len() != len(names) {
			t.Fatalf("%s: table has %d names, want %d", name, tab.Len(), len(names))
		}
		for i, s := range names {
			if tab.String(i) != s.text || int(tab.entry[i]) != int(s.entry) {
				t.Fatalf("%s: name %d is %q of %d, want %q of %d", name, i, tab.String(i), tab.entry[i], s.text, s.entry)
			}
		}
		for _, p := range patterns {
			want, _ := rankNames(p, names, nil, nil)
			got := tab.rank(p, nil)
			if !slices.Equal(got, want) {
				t.Errorf("%s, %q: table %v, rankNames %v", name, p, got, want)
			}
		}
	}
	if n, all := len(syn.phrases.chars), syn.phrases.Len(); n >= all {
		t.Errorf("a synthetic knowledge base's %d phrases have %d distinct texts: nothing shared", all, n)
	}
}
