package knowledge

import (
	"slices"
	"testing"

	"github.com/sahilm/fuzzy"
)

// TestFuzzyFindAgreesWithFuzzy checks that the prefilter never changes
// what fuzzy finds, nor its order, over the default names and names
// built to trip it (case, non-ASCII case folding, NUL, punctuation).
func TestFuzzyFindAgreesWithFuzzy(t *testing.T) {
	kb := mustDefault(t)
	extra := []suggestion{}
	for i, s := range []string{"KEY limit", "\u212Aey limit", "Straße 429", "rate\x00limit", "a.b_c-d/e", "", "RATE LIMIT", "rAtE-lImIt!"} {
		extra = append(extra, newSuggestion(s, i))
	}
	sets := map[string][]suggestion{"titles": kb.titles.suggestions(), "phrases": kb.phrases.suggestions(), "extra": extra}
	patterns := []string{"rate", "Rate Limit", "401", "no endpoints found", "key", "\u212Aey", "straße", "STRASSE", "ß", "qwxz jvkq", "a.b", "a_c", "-", "e/", "rl", "r l", "x", "insuficient credits", "\x00", "tool use", "'", "ab\u00e9"}
	for name, names := range sets {
		for _, p := range patterns {
			want := fuzzy.FindFrom(p, suggestionSource(names))
			got, _ := fuzzyFind(p, names, nil)
			if !sameMatches(got, want) {
				t.Errorf("%s, %q: prefiltered %v, fuzzy %v", name, p, matchIndexes(got), matchIndexes(want))
			}
		}
	}
}

func sameMatches(a, b fuzzy.Matches) bool {
	return slices.EqualFunc(a, b, func(x, y fuzzy.Match) bool {
		return x.Index == y.Index && x.Score == y.Score && x.Str == y.Str && slices.Equal(x.MatchedIndexes, y.MatchedIndexes)
	})
}

func matchIndexes(ms fuzzy.Matches) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = m.Index
	}
	return out
}

func TestCharSet(t *testing.T) {
	for _, c := range []struct {
		text  string
		ascii bool
	}{{"Rate limit 429", true}, {"", true}, {"naïve", false}} {
		m, ascii := charSet(c.text)
		if ascii != c.ascii {
			t.Errorf("charSet(%q) ascii = %v", c.text, ascii)
		}
		if !ascii && m != allChars {
			t.Errorf("charSet(%q) = %x, want every bit", c.text, m)
		}
	}
	a, _ := charSet("RATE")
	b, _ := charSet("rate")
	if a != b {
		t.Errorf("charSet is not case folded: %x vs %x", a, b)
	}
}
