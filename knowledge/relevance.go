package knowledge

import (
	"encoding/binary"
	"slices"
)

// relevance scores entries by BM25 over the paste's rarest distinct words
// and returns the most any entry could score (the information in those
// words and in the words the index does not know), so sc.bm[e]/total is
// the share of the paste an entry explains. It leaves the paste's
// distinct terms, sorted, in sc.cterms (for matchCentroids), the ones it
// scores from in sc.uniq and the scored ones, in scoring order, in
// sc.scored.
func (ix *index) relevance(sc *scratch) float64 {
	total := ix.queryTerms(sc)
	for _, t := range sc.scored {
		ix.accumulate(sc, t)
	}
	return total
}

// queryTerms picks the paste's terms for relevance (sc.cterms, sc.uniq,
// sc.scored, as relevance documents them) and returns the most any entry
// could score.
func (ix *index) queryTerms(sc *scratch) float64 {
	total := 0.0
	unknown := 0
	for i, t := range sc.toks {
		w := sc.words[i]
		if t == unknownTerm && len(w) >= 2 && w != idToken && !stopwords[w] {
			unknown++
		}
	}
	sc.cterms = sc.distinct(sc.toks, sc.cterms[:0], ix.nterms())
	sc.uniq = sc.uniq[:0]
	for _, t := range sc.cterms {
		if t != unknownTerm && t != wildcardTerm && ix.postings.count(t) > 0 && !stopwords[ix.vocab.word(t)] {
			sc.uniq = append(sc.uniq, t)
		}
	}
	sc.scored = ix.topTerms(sc.uniq, maxQueryTerms)
	total += float64(min(unknown, maxQueryTerms)) * ix.maxIDF * (bm25K1 + 1)
	for _, t := range sc.scored {
		total += ix.idf[t] * (bm25K1 + 1)
	}
	return total
}

// accumulate adds term t's BM25 share to every entry holding it, touching
// them. The postings are decoded here, with locals, not through
// postingIter: the hot loop then stores no pointers.
func (ix *index) accumulate(sc *scratch, t uint32) int {
	idf := ix.idf[t]
	_, _, _, body := ix.postings.header(t)
	entry := int32(-1)
	n := 0
	for pos := 0; pos < len(body); n++ {
		gap, k := binary.Uvarint(body[pos:])
		f, k2 := binary.Uvarint(body[pos+k:])
		pos += k + k2
		entry += int32(gap)
		tf := float64(f)
		sc.touch(entry)
		sc.bm[entry] += idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[entry])
	}
	return n
}

// termBound is the most term t adds to any entry's BM25 score.
func (ix *index) termBound(t uint32) float64 {
	return ix.idf[t] * (bm25K1 + 1) * ix.postings.impact(t)
}

// topTerms keeps the k distinct known terms with the highest idf, in place.
func (ix *index) topTerms(terms []uint32, k int) []uint32 {
	if len(terms) <= k {
		return terms
	}
	slices.SortFunc(terms, func(a, b uint32) int {
		switch {
		case ix.idf[a] > ix.idf[b]:
			return -1
		case ix.idf[a] < ix.idf[b]:
			return 1
		}
		return int(a) - int(b)
	})
	return terms[:k]
}
