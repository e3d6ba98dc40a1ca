package knowledge

import "slices"

// relevance scores entries by BM25 over the paste's rarest distinct words
// and returns the most any entry could score (the information in those
// words and in the words the index does not know), so sc.bm[e]/total is
// the share of the paste an entry explains. It leaves the paste's
// distinct terms, sorted, in sc.cterms (for matchCentroids) and the ones
// it scores from in sc.uniq.
func (ix *index) relevance(sc *scratch) float64 {
	total := 0.0
	unknown := 0
	for i, t := range sc.toks {
		w := sc.words[i]
		if t == unknownTerm && !stopwords[w] && w != numToken && w != idToken && len(w) >= 2 {
			unknown++
		}
	}
	sc.cterms = append(sc.cterms[:0], sc.toks...)
	slices.Sort(sc.cterms)
	sc.cterms = slices.Compact(sc.cterms)
	sc.uniq = sc.uniq[:0]
	for _, t := range sc.cterms {
		if t != unknownTerm && t != wildcardTerm && ix.postings.count(t) > 0 && !stopwords[ix.words[t]] {
			sc.uniq = append(sc.uniq, t)
		}
	}
	terms := ix.topTerms(sc.uniq, maxQueryTerms)
	total += float64(min(unknown, maxQueryTerms)) * ix.maxIDF * (bm25K1 + 1)
	for _, t := range terms {
		idf := ix.idf[t]
		total += idf * (bm25K1 + 1)
		for it := ix.postings.iter(t); ; {
			p, ok := it.next()
			if !ok {
				break
			}
			tf := float64(p.tf)
			sc.touch(p.entry)
			sc.bm[p.entry] += idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[p.entry])
		}
	}
	return total
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
