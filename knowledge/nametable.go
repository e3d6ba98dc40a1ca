package knowledge

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/sahilm/fuzzy"
)

// nameTable is a list of searchable names (titles or signature phrases)
// laid out for autocomplete: each distinct text is stored once, back to
// back in one buffer with its character bits beside it, so a keystroke
// reads a few contiguous arrays instead of chasing one string per name,
// and a text that many entries share (a large knowledge base repeats its
// error messages) is checked and scored once.
type nameTable struct {
	buf   string   // the distinct texts, back to back
	off   []uint32 // distinct text d is buf[off[d]:off[d+1]]
	chars []uint64 // per distinct text: charSet's bits
	text  []int32  // per name: its distinct text
	entry []int32  // per name: its entry
	// scores holds per-keystroke scratch: a score per distinct text (fuzzy's scores grow past 32 bits).
	scores *sync.Pool
}

// noMatch marks a distinct text the pattern does not match.
const noMatch = math.MinInt

func newNameTable(names []suggestion) *nameTable {
	t := &nameTable{text: make([]int32, len(names)), entry: make([]int32, len(names))}
	ids := make(map[string]int32, len(names)/2)
	var b strings.Builder
	t.off = append(t.off, 0)
	for i, s := range names {
		d, ok := ids[s.text]
		if !ok {
			d = int32(len(t.chars))
			ids[s.text] = d
			b.WriteString(s.text)
			t.off = append(t.off, uint32(b.Len()))
			t.chars = append(t.chars, s.chars)
		}
		t.text[i], t.entry[i] = d, s.entry
	}
	t.buf = b.String()
	t.off, t.chars = slices.Clip(t.off), slices.Clip(t.chars)
	n := len(t.chars)
	t.scores = &sync.Pool{New: func() any { s := make([]int, n); return &s }}
	return t
}

// suggestions returns the names one by one, as buildSuggestions made
// them: the reference the table is checked against.
func (t *nameTable) suggestions() []suggestion {
	out := make([]suggestion, len(t.text))
	for i, d := range t.text {
		out[i] = suggestion{text: t.distinct(d), entry: t.entry[i], chars: t.chars[d]}
	}
	return out
}

// Len is the number of names.
func (t *nameTable) Len() int { return len(t.text) }

// String returns name i's text (fuzzy.Source).
func (t *nameTable) String(i int) string { return t.distinct(t.text[i]) }

// distinct returns distinct text d.
func (t *nameTable) distinct(d int32) string { return t.buf[t.off[d]:t.off[d+1]] }

// rank returns the names that match pattern in fuzzy.FindFrom's order
// (best score first, then the names' order) with fuzzy's scores, exactly
// as rankNames does over the same names, reusing ranked.
func (t *nameTable) rank(pattern string, ranked []rankedName) []rankedName {
	ranked = ranked[:0]
	need, ascii := charSet(pattern)
	if !ascii || pattern == "" {
		for _, m := range fuzzy.FindFrom(pattern, t) {
			ranked = append(ranked, rankedName{score: m.Score, index: int32(m.Index)})
		}
		return ranked
	}
	lower := asciiLower(pattern)
	sp := t.scores.Get().(*[]int)
	defer t.scores.Put(sp)
	scores := *sp
	found := false
	for d, chars := range t.chars {
		scores[d] = noMatch
		if chars&need != need {
			continue
		}
		text := t.distinct(int32(d))
		if chars == allChars {
			if ms := fuzzy.Find(pattern, []string{text}); len(ms) == 1 {
				scores[d], found = ms[0].Score, true
			}
			continue
		}
		if !asciiSubsequence(lower, text) {
			continue
		}
		if score, ok := fuzzyScore(pattern, text); ok {
			scores[d], found = score, true
		}
	}
	if !found {
		return ranked
	}
	for i, d := range t.text {
		if s := scores[d]; s != noMatch {
			ranked = append(ranked, rankedName{score: s, index: int32(i)})
		}
	}
	slices.SortFunc(ranked, func(a, b rankedName) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.index, b.index)
	})
	return ranked
}
