package knowledge

// typoKey buckets the words correct may consider: by length, and by the
// first or the second letter (a correction keeps one of them).
type typoKey struct {
	length uint16
	pos    uint8 // 0: first letter, 1: second
	letter byte
}

// buildTypoIndex buckets every word of four letters or more (corrections
// are for words of six or more, two edits at most) by length and by its
// first and its second letter, in term order.
func (ix *index) buildTypoIndex() {
	ix.typos = map[typoKey][]uint32{}
	for id := wildcardTerm + 1; int(id) < ix.nterms(); id++ {
		v := ix.vocab.word(id)
		if len(v) < 4 || len(v) > 0xffff {
			continue
		}
		for pos := range 2 {
			k := typoKey{length: uint16(len(v)), pos: uint8(pos), letter: v[pos]}
			ix.typos[k] = append(ix.typos[k], id)
		}
	}
}

// correct maps a word the index does not know to a known word within a
// small edit distance ("insuficient" -> "insufficient"), or returns
// unknownTerm. Of the nearest words, the one in most entries wins, then
// the first known.
func (ix *index) correct(w string) uint32 {
	if len(w) < 6 || w == numToken || w == idToken || ix.vocab.id(w) != unknownTerm {
		return unknownTerm
	}
	maxDist := 1
	if len(w) >= 9 {
		maxDist = 2
	}
	best, bestDist, bestDF := unknownTerm, maxDist+1, 0
	for n := len(w) - maxDist; n <= len(w)+maxDist; n++ {
		for pos := range 2 {
			for _, id := range ix.typos[typoKey{length: uint16(n), pos: uint8(pos), letter: w[pos]}] {
				if pos == 1 && ix.vocab.word(id)[0] == w[0] {
					continue // seen among the first-letter words
				}
				d := editDistance(w, ix.vocab.word(id), maxDist)
				if d > maxDist {
					continue
				}
				df := ix.postings.count(id)
				if d < bestDist || d == bestDist && (df > bestDF || df == bestDF && id < best) {
					best, bestDist, bestDF = id, d, df
				}
			}
		}
	}
	return best
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance between a and b, or limit+1 once it exceeds limit.
func editDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	la, lb := len(a), len(b)
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}
