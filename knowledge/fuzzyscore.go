package knowledge

import (
	"cmp"
	"slices"
	"strings"

	"github.com/sahilm/fuzzy"
)

// Scores of github.com/sahilm/fuzzy, which fuzzyScore reproduces.
const (
	fzFirstChar      = 10
	fzAfterSeparator = 20
	fzCamelCase      = 20
	fzAdjacent       = 5
	fzLeading        = -5
	fzMaxLeading     = -15
)

// fuzzyScore scores an ASCII text for a non-empty ASCII pattern exactly as
// fuzzy.FindFrom does (its Score, and whether it matches at all), without
// the match's allocations: a large knowledge base scores tens of thousands
// of names for one keystroke. It follows fuzzy's loop step by step, its
// quirks included (the chosen position is not reset between pattern
// characters).
func fuzzyScore(pat, text string) (int, bool) {
	if i := strings.IndexByte(text, 0); i >= 0 {
		text = text[:i]
	}
	total, matched, lastMatch := 0, 0, -1
	pi, best, chosen, adj := 0, -1, -1, 0
	var last byte
	lastIndex := 0
	for j := 0; j < len(text); j++ {
		c := text[j]
		if foldEq(c, pat[pi]) {
			score := 0
			if j == 0 {
				score += fzFirstChar
			}
			if last >= 'a' && last <= 'z' && c >= 'A' && c <= 'Z' {
				score += fzCamelCase
			}
			if j != 0 && isFuzzySeparator(last) {
				score += fzAfterSeparator
			}
			if matched > 0 && lastIndex == lastMatch {
				bonus := adj*2 + fzAdjacent
				score += bonus
				adj += bonus
			}
			if score > best {
				best, chosen = score, j
			}
		}
		var nextp, nextc byte
		if pi < len(pat)-1 {
			nextp = pat[pi+1]
		}
		if j+1 < len(text) {
			nextc = text[j+1]
		}
		if (foldEq(nextp, nextc) || nextc == 0) && chosen > -1 {
			if matched == 0 {
				best += max(chosen*fzLeading, fzMaxLeading)
			}
			total += best
			matched++
			lastMatch = chosen
			best = -1
			pi++
		}
		lastIndex = j
		last = c
	}
	total += matched - len(text)
	return total, matched == len(pat)
}

// foldEq is fuzzy's equalFold for two ASCII bytes.
func foldEq(a, b byte) bool {
	if a == b {
		return true
	}
	if a < b {
		a, b = b, a
	}
	return 'A' <= b && b <= 'Z' && a == b+'a'-'A'
}

func isFuzzySeparator(c byte) bool {
	return c == '/' || c == '-' || c == '_' || c == ' ' || c == '.' || c == '\\'
}

// rankedName is one name that matched, with fuzzy's score.
type rankedName struct {
	score int
	index int32 // into the names
}

// rankNames returns the indexes of the names that match pattern, in
// fuzzy.FindFrom's order: best score first, then the names' order. It
// takes the prefilter's survivors (keep is reused) and scores ASCII names
// with fuzzyScore; a pattern or name that is not ASCII goes to fuzzy.
func rankNames(pattern string, names []suggestion, keep []int32, ranked []rankedName) ([]rankedName, []int32) {
	ranked = ranked[:0]
	if _, ascii := charSet(pattern); !ascii || pattern == "" {
		var ms fuzzy.Matches
		ms, keep = fuzzyFind(pattern, names, keep)
		for _, m := range ms {
			ranked = append(ranked, rankedName{score: m.Score, index: int32(m.Index)})
		}
		return ranked, keep
	}
	keep = prefilter(pattern, names, keep)
	for _, i := range keep {
		s := &names[i]
		if s.chars == allChars {
			if ms := fuzzy.Find(pattern, []string{s.text}); len(ms) == 1 {
				ranked = append(ranked, rankedName{score: ms[0].Score, index: i})
			}
			continue
		}
		if score, ok := fuzzyScore(pattern, s.text); ok {
			ranked = append(ranked, rankedName{score: score, index: i})
		}
	}
	slices.SortFunc(ranked, func(a, b rankedName) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return ranked, keep
}
