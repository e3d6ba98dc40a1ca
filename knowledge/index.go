package knowledge

import (
	"math"
	"slices"
)

// BM25 parameters for the relevance part of the score.
const (
	bm25K1 = 1.2
	bm25B  = 0.6
)

// Field weights: how often a field's words count toward an entry's text.
const (
	titleWeight     = 3
	signatureWeight = 2
)

// signature is one compiled signature phrase.
type signature struct {
	entry  int
	text   string
	toks   []string // with "*" wildcards
	words  int      // tokens that are not wildcards
	weight float64  // how much a full match says, by how specific the phrase is
}

// sigRef points at a token position inside a signature.
type sigRef struct{ sig, pos int32 }

// posting is one entry's term frequency for a token.
type posting struct {
	entry int32
	tf    float32
}

// index is the matcher's immutable view of a knowledge base.
type index struct {
	sigs     []signature
	sigStart map[string][]sigRef // token -> signature positions where a match may start
	postings map[string][]posting
	idf      map[string]float64
	maxIDF   float64
	docNorm  []float64 // per entry: k1*(1-b+b*len/avg)
	vocab    []string  // every indexed token, sorted, for typo correction
}

func buildIndex(entries []*Entry) *index {
	ix := &index{
		sigStart: map[string][]sigRef{},
		postings: map[string][]posting{},
		idf:      map[string]float64{},
	}
	lengths := make([]float64, len(entries))
	var total float64
	tf := map[string]float64{}
	var toks []string
	for ei, e := range entries {
		clear(tf)
		addText := func(s string, w float64) {
			toks = tokenize(s, toks[:0])
			for _, t := range toks {
				if stopwords[t] || t == numToken || t == idToken {
					continue
				}
				tf[t] += w
				lengths[ei] += w
			}
		}
		addText(e.Title, titleWeight)
		for _, s := range e.Signatures {
			addText(s, signatureWeight)
			ix.addSignature(ei, s)
		}
		for _, s := range e.Examples {
			addText(s, 1)
		}
		addText(e.Body, 1)
		for t, f := range tf {
			ix.postings[t] = append(ix.postings[t], posting{entry: int32(ei), tf: float32(f)})
		}
		total += lengths[ei]
	}
	n := float64(len(entries))
	avg := 1.0
	if n > 0 && total > 0 {
		avg = total / n
	}
	ix.docNorm = make([]float64, len(entries))
	for i, l := range lengths {
		ix.docNorm[i] = bm25K1 * (1 - bm25B + bm25B*l/avg)
	}
	ix.maxIDF = math.Log(1 + (n+0.5)/0.5)
	ix.vocab = make([]string, 0, len(ix.postings))
	for t, ps := range ix.postings {
		df := float64(len(ps))
		ix.idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
		ix.vocab = append(ix.vocab, t)
	}
	slices.Sort(ix.vocab)
	return ix
}

// addSignature compiles a signature and indexes the positions a match may
// start at: its first word, and the middle word for pastes that were cut
// at the front.
func (ix *index) addSignature(entry int, text string) {
	toks := tokenizeSignature(text)
	words := 0
	for _, t := range toks {
		if t != wildcard {
			words++
		}
	}
	if words == 0 {
		return
	}
	si := int32(len(ix.sigs))
	ix.sigs = append(ix.sigs, signature{entry: entry, text: text, toks: toks, words: words, weight: signatureStrength(toks)})
	starts := []int{0}
	if mid := len(toks) / 2; words >= 4 && toks[mid] != wildcard {
		starts = append(starts, mid)
	}
	for _, p := range starts {
		ix.sigStart[toks[p]] = append(ix.sigStart[toks[p]], sigRef{sig: si, pos: int32(p)})
	}
}

// signatureStrength is how much a full match of a phrase says: long phrases
// of content words are near-certain, a lone common word says little.
func signatureStrength(toks []string) float64 {
	content := 0.0
	for _, t := range toks {
		switch {
		case t == wildcard:
		case stopwords[t] || t == numToken || len(t) <= 2:
			content += 0.4
		default:
			content++
		}
	}
	w := 0.45 + 0.13*content
	return min(w, 0.97)
}

// correct maps a word the index does not know to a known word within a
// small edit distance ("insuficient" -> "insufficient"), or returns "".
func (ix *index) correct(w string) string {
	if len(w) < 5 || w == numToken || w == idToken || ix.idf[w] > 0 || ix.sigStart[w] != nil {
		return ""
	}
	maxDist := 1
	if len(w) >= 9 {
		maxDist = 2
	}
	best, bestDist, bestDF := "", maxDist+1, 0
	for _, v := range ix.vocab {
		if d := len(v) - len(w); d > maxDist || d < -maxDist || v[0] != w[0] && v[1] != w[1] {
			continue
		}
		d := editDistance(w, v, maxDist)
		if d > maxDist {
			continue
		}
		if df := len(ix.postings[v]); d < bestDist || d == bestDist && df > bestDF {
			best, bestDist, bestDF = v, d, df
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
