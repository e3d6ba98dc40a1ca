package knowledge

import (
	"math/bits"
	"slices"
)

// distinct appends the distinct terms of toks to dst, sorted. A long
// paste repeats its words (a stack trace its frames), so the terms are
// deduplicated in a small hash set first and only the distinct ones are
// sorted.
func (sc *scratch) distinct(toks, dst []uint32) []uint32 {
	if len(toks) < 32 {
		dst = append(dst, toks...)
		slices.Sort(dst)
		return slices.Compact(dst)
	}
	// A power of two at least twice the tokens: the set is at most half
	// full, so probes stay short.
	logSize := bits.Len(uint(2*len(toks) - 1))
	size := 1 << logSize
	if cap(sc.termSet) < size {
		sc.termSet = make([]uint32, size)
	}
	set := sc.termSet[:size]
	clear(set)
	mask := uint32(size - 1)
	start := len(dst)
	for _, t := range toks {
		// Slots hold t+1, so 0 marks an empty slot (terms are below 2^32-1).
		for i := (t * 0x9e3779b1) >> (32 - logSize); ; i = (i + 1) & mask {
			if set[i] == t+1 {
				break
			}
			if set[i] == 0 {
				set[i] = t + 1
				dst = append(dst, t)
				break
			}
		}
	}
	slices.Sort(dst[start:])
	return dst
}
