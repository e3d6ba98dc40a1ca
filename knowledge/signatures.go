package knowledge

import "slices"

// matchSignatures finds signature phrases in the tokens. A phrase counts in
// proportion to how much of it appears contiguously (pastes get cut), and
// an entry's evidence combines its phrases like independent witnesses.
func (ix *index) matchSignatures(sc *scratch, openRouter bool, status int) {
	toks := sc.toks
	if len(sc.sufStamp) < int(ix.nsuffix) {
		sc.sufStamp = make([]uint32, ix.nsuffix)
		sc.sufResult = make([]int32, ix.nsuffix)
	}
	for i, t := range toks {
		if t == unknownTerm {
			continue
		}
		next := unknownTerm
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		open, exact := ix.candidates(t, next)
		sc.nextStamp()
		ix.extendAll(sc, toks[i:], open)
		ix.extendAll(sc, toks[i:], exact)
	}
	ix.scoreSignatures(sc, openRouter, status)
}

// extendAll matches the signatures starting at refs against text.
func (ix *index) extendAll(sc *scratch, text []uint32, refs []sigRef) {
	for _, ref := range refs {
		s := &ix.sigs[ref.sig]
		var matched int
		var complete, cut bool
		if sc.sufStamp[ref.suffix] == sc.stamp {
			r := sc.sufResult[ref.suffix]
			matched, complete, cut = int(r>>2), r&1 == 1, r&2 == 2
		} else {
			matched, complete, cut = extendCut(s.toks[ref.pos:], text)
			r := int32(matched) << 2
			if complete {
				r |= 1
			}
			if cut {
				r |= 2
			}
			sc.sufStamp[ref.suffix], sc.sufResult[ref.suffix] = sc.stamp, r
		}
		if ref.pos > 0 && !complete {
			continue // a mid-phrase start must run to the phrase's end
		}
		if !complete && !cut {
			continue // the text goes on with another known word: another phrase
		}
		q := float64(matched) / float64(s.words)
		if q < 1 && (q < 0.5 || matched < 2 || (matched < 3 && s.words > 3)) {
			continue // too little of the phrase to mean it ("the api key")
		}
		if q < 1 && ix.infoShare(s.toks, int(ref.pos), matched) < 0.5 {
			continue // the phrase's common part ("openrouter.ai/api/v1/…", "… limit exceeded")
		}
		if q > sc.best[ref.sig] {
			if sc.best[ref.sig] == 0 {
				sc.bestSigs = append(sc.bestSigs, ref.sig)
			}
			sc.best[ref.sig] = q
		}
	}
}

// infoShare returns the share of a phrase's information (its words' idf)
// that the matched words carry: the first matched words from token from.
func (ix *index) infoShare(toks []uint32, from, matched int) float64 {
	var got, all float64
	n := 0
	for i, t := range toks {
		if t == wildcardTerm {
			continue
		}
		idf := 0.0
		if int(t) < len(ix.idf) {
			idf = ix.idf[t]
		}
		all += idf
		if i >= from && n < matched {
			got += idf
			n++
		}
	}
	if all == 0 {
		return 1
	}
	return got / all
}

// nextStamp starts a new text position for the suffix memo: results
// stamped with an older value are stale.
func (sc *scratch) nextStamp() {
	sc.stamp++
	if sc.stamp == 0 { // wrapped: forget every stamp
		clear(sc.sufStamp)
		sc.stamp = 1
	}
}

// scoreSignatures turns the best quality of each matched signature into
// evidence for its entry. Phrases combine like independent witnesses,
// except weak phrases in a paste with nothing else OpenRouter's about it:
// only the strongest of those counts, so several generic phrases (a TLS
// error says "certificate verify failed" three ways) do not add up.
func (ix *index) scoreSignatures(sc *scratch, openRouter bool, status int) {
	for _, si := range sc.bestSigs {
		s := &ix.sigs[si]
		if s.statuses != 0 && !slices.Contains(ix.statusSets[s.statuses], status) {
			continue // a status-bound phrase, another code
		}
		q := sc.best[si]
		ev := s.weight * q * q
		ei := s.entry
		sc.touch(ei)
		if s.weak && !openRouter {
			ev *= weakFactor
			sc.weakBest[ei] = max(sc.weakBest[ei], ev)
		} else {
			sc.sigScore[ei] = 1 - (1-sc.sigScore[ei])*(1-ev)
		}
		if ev > sc.sigBest[ei] {
			sc.sigBest[ei], sc.sigText[ei], sc.sigIdx[ei] = ev, s.text, si
			sc.sigWhole[ei] = q == 1
		}
		if !s.weak || openRouter {
			sc.strong[ei] = true
		}
	}
	for _, ei := range sc.touched {
		if w := sc.weakBest[ei]; w > 0 {
			sc.sigScore[ei] = 1 - (1-sc.sigScore[ei])*(1-w)
		}
	}
}

// extend matches pattern tokens against text tokens from the start of
// both, a wildcard taking one to maxWildcard tokens. It returns how many
// non-wildcard pattern tokens matched before the first mismatch, and
// whether the whole pattern matched.
func extend(pat, text []uint32) (matched int, complete bool) {
	matched, complete, _ = extendCut(pat, text)
	return matched, complete
}

// extendCut is extend that also reports, when the pattern did not match
// whole, whether the text was cut there: it ran out, or goes on with a word
// the index does not know (a truncation mark, garbage), not with another
// phrase.
func extendCut(pat, text []uint32) (matched int, complete, cut bool) {
	ti := 0
	for pi := 0; pi < len(pat); pi++ {
		if pat[pi] == wildcardTerm {
			next := pat[pi+1] // signatures never end with a wildcard
			found := -1
			for k := ti + 1; k <= ti+maxWildcard && k < len(text); k++ {
				if text[k] == next {
					found = k
					break
				}
			}
			if found < 0 {
				return matched, false, ti+1 >= len(text)
			}
			ti = found
			continue
		}
		if ti >= len(text) {
			return matched, false, true
		}
		if text[ti] != pat[pi] {
			return matched, false, text[ti] == unknownTerm
		}
		matched++
		ti++
	}
	return matched, true, false
}
