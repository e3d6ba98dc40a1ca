package knowledge

import "slices"

// distinct appends the distinct terms of toks to dst, sorted. A long
// paste repeats its words (a stack trace its frames), so the terms are
// deduplicated first, in a bit set over the term ids, and only the
// distinct ones are sorted. nterms bounds the ids.
func (sc *scratch) distinct(toks, dst []uint32, nterms int) []uint32 {
	if len(toks) < 32 {
		dst = append(dst, toks...)
		slices.Sort(dst)
		return slices.Compact(dst)
	}
	words := (nterms + 63) / 64
	if len(sc.termSeen) < words {
		sc.termSeen = make([]uint64, words)
	}
	seen := sc.termSeen
	start := len(dst)
	for _, t := range toks {
		if bit := uint64(1) << (t & 63); seen[t>>6]&bit == 0 {
			seen[t>>6] |= bit
			dst = append(dst, t)
		}
	}
	for _, t := range dst[start:] {
		seen[t>>6] = 0 // the set is empty again for the next paste
	}
	slices.Sort(dst[start:])
	return dst
}
