package knowledge

import (
	"math/rand/v2"
	"testing"

	"github.com/sahilm/fuzzy"
)

// TestFuzzyScoreAgreesWithFuzzy checks fuzzyScore against fuzzy itself
// on random ASCII texts and patterns drawn from a small alphabet (so
// patterns often match, with repeats, case, separators and NUL) and on
// the default names.
func TestFuzzyScoreAgreesWithFuzzy(t *testing.T) {
	const alphabet = "abAB-_ ./\\zZ1\x00"
	rng := rand.New(rand.NewPCG(15, 50000))
	str := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	check := func(pat, text string) {
		t.Helper()
		score, ok := fuzzyScore(pat, text)
		ms := fuzzy.Find(pat, []string{text})
		if ok != (len(ms) == 1) || ok && score != ms[0].Score {
			t.Errorf("pattern %q, text %q: fuzzyScore %d %v, fuzzy %v", pat, text, score, ok, ms)
		}
	}
	for range 200000 {
		pat := str(1 + rng.IntN(4))
		if pat[0] == 0 {
			continue // Suggest trims patterns; fuzzy treats a leading NUL specially
		}
		check(pat, str(rng.IntN(16)))
	}
	kb := mustDefault(t)
	for _, p := range autocompletePrefixes(kb, 300) {
		if _, ascii := charSet(p); !ascii {
			continue
		}
		for _, s := range kb.titles.suggestions() {
			check(p, s.text)
		}
	}
}

// TestRankNamesAgreesWithFuzzy checks that rankNames orders the default
// names as fuzzy.FindFrom does, for 300 prefixes and patterns that are
// not ASCII.
func TestRankNamesAgreesWithFuzzy(t *testing.T) {
	kb := mustDefault(t)
	patterns := append(autocompletePrefixes(kb, 300), "\u212Aey", "straße", "ab\u00e9")
	extra := []suggestion{}
	for i, s := range []string{"KEY limit", "\u212Aey limit", "Straße 429", "rate\x00limit", "a.b_c-d/e", "", "RATE LIMIT", "rAtE-lImIt!"} {
		extra = append(extra, newSuggestion(s, i))
	}
	for _, names := range [][]suggestion{kb.titles.suggestions(), kb.phrases.suggestions(), extra} {
		for _, p := range patterns {
			want := fuzzy.FindFrom(p, suggestionSource(names))
			got, _ := rankNames(p, names, nil, nil)
			same := len(got) == len(want)
			for i := 0; same && i < len(got); i++ {
				same = int(got[i].index) == want[i].Index && got[i].score == want[i].Score
			}
			if !same {
				t.Errorf("%q: ranked %v, fuzzy %v", p, got, matchIndexes(want))
			}
		}
	}
}
