package knowledge

import (
	"math"
	"slices"
)

// Pruned relevance. Against a large knowledge base a long paste's words
// each occur in thousands of entries, and scoring BM25 over all of them
// touches every entry, each then a candidate to rank. Only the best keep
// candidates matter, so the pruned path (MaxScore style) stops looking for
// new entries once the words left could not lift an entry the other
// evidence has not already named past the keep-th best, then finishes the
// scores of just the entries whose best possible rank could still make
// it. It is exact: every rank it computes is bit for bit the full path's,
// and every entry it skips ranks below the ones kept.

// pruneAbove is the size from which a knowledge base prunes: below it the
// full scoring is as fast.
const pruneAbove = 1000

// pruneMode chooses between the full and the pruned relevance scoring.
type pruneMode uint8

const (
	pruneAuto   pruneMode = iota // prune from pruneAbove entries on
	pruneNever                   // the full path (tests compare with it)
	pruneAlways                  // prune at any size (tests)
)

// pruneSlack absorbs the rounding between a bound computed one way and a
// rank computed another: a bound must clear the bar by more than it.
const pruneSlack = 1e-9

// pruning reports whether Match takes the pruned path. The bounds need a
// rank that does not fall as relevance rises.
func (kb *KB) pruning() bool {
	w := &kb.model.rank
	if w[fRel] < 0 || w[fORSupport] < 0 {
		return false
	}
	switch kb.prune {
	case pruneNever:
		return false
	case pruneAlways:
		return true
	}
	return len(kb.entries) >= pruneAbove
}

// prunedCandidates scores relevance over sc.scored (left by queryTerms)
// and fills sc.cands with the best keep candidates, exactly as the full
// path does. The entries with other evidence are in sc.touched already.
func (kb *KB) prunedCandidates(sc *scratch, p *pasteEvidence, keep int) {
	ix := kb.idx
	terms := sc.scored
	// rest[i] bounds what the terms from i on add to any entry's score.
	rest := sc.rest[:0]
	for range len(terms) + 1 {
		rest = append(rest, 0)
	}
	for i := len(terms) - 1; i >= 0; i-- {
		rest[i] = rest[i+1] + ix.termBound(terms[i])
	}
	sc.rest = rest

	// Phase 1: score whole lists, touching new entries, while an untouched
	// entry could still reach the bar.
	bar := kb.keepBar(sc, p, keep)
	k := 0
	decoded := 0
	for ; k < len(terms); k++ {
		if kb.untouchedBound(sc, p, rest[k]) < bar-pruneSlack {
			break
		}
		decoded += ix.accumulate(sc, terms[k])
		// Raising the bar costs a pass over the touched entries: worth it
		// once the lists decoded since outweigh that pass.
		if decoded >= 8*len(sc.touched) {
			bar, decoded = kb.keepBar(sc, p, keep), 0
		}
	}

	// Phase 2: keep the entries whose best possible rank reaches the bar.
	sc.survivors = sc.survivors[:0]
	if k == len(terms) {
		sc.survivors = append(sc.survivors, sc.touched...) // every score is final
	} else {
		bar = kb.keepBar(sc, p, keep)
		for _, ei := range sc.touched {
			if kb.candidate(sc, p, ei, sc.bm[ei]+rest[k]).rank >= bar-pruneSlack {
				sc.survivors = append(sc.survivors, ei)
			}
		}
		// Phase 3: finish the survivors' scores, term by term in the same
		// order as the full path, so every sum is the same.
		slices.Sort(sc.survivors)
		for _, t := range terms[k:] {
			idf := ix.idf[t]
			ix.postings.lookup(t, sc.survivors, func(ei int32, f uint32) {
				tf := float64(f)
				sc.bm[ei] += idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[ei])
			})
		}
	}
	for _, ei := range sc.survivors {
		sc.cands = insertCand(sc.cands, kb.candidate(sc, p, ei, sc.bm[ei]), keep)
	}
}

// keepBar returns the keep-th best rank the touched entries have on the
// scores so far (-Inf with fewer): relevance only adds, so the final
// keep-th best is at least that.
func (kb *KB) keepBar(sc *scratch, p *pasteEvidence, keep int) float64 {
	if len(sc.touched) < keep {
		return math.Inf(-1)
	}
	best := sc.bar[:0]
	for _, ei := range sc.touched {
		r := kb.candidate(sc, p, ei, sc.bm[ei]).rank
		if len(best) == keep && r <= best[keep-1] {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, r, func(a, b float64) int {
			switch {
			case a > b:
				return -1
			case a < b:
				return 1
			}
			return 0
		})
		if len(best) < keep {
			best = append(best, 0)
		}
		copy(best[i+1:], best[i:])
		best[i] = r
	}
	sc.bar = best
	return best[keep-1]
}

// untouchedBound bounds the rank of an entry nothing has touched yet
// (no signature, paraphrase, fact or close centroid) if it scored bm in
// relevance: its other features are at most what the paste allows any
// entry without such evidence.
func (kb *KB) untouchedBound(sc *scratch, p *pasteEvidence, bm float64) float64 {
	w := &kb.model.rank
	var x [numEntryFeatures]float64
	if p.rel > 0 {
		x[fRel] = bm / p.rel
	}
	x[fORSupport] = p.openRouter * min(1, x[fRel]/0.3)
	// With no phrase, the learned words count through both their
	// features (see derive): the bound takes the end that weighs most.
	if w[fCent]+w[fWeakCent] > 0 {
		x[fCent] = sc.centMax
	} else {
		x[fCent] = sc.centMin
	}
	if p.status != 0 {
		x[fStatusHit] = b2f(w[fStatusHit] > 0)
		x[fStatusMiss] = b2f(w[fStatusMiss] > 0)
	}
	if p.short && len(sc.query) > 0 {
		x[fTitle] = b2f(w[fTitle] > 0)
	}
	derive(&x)
	r := kb.model.rankOf(&x)
	if !p.short {
		r += kb.maxPrior
	}
	return r
}
