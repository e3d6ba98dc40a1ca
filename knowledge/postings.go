package knowledge

// flatLists holds one list per term in a single array: no slice header
// or spare capacity per term, which adds up over a large vocabulary.
type flatLists[T any] struct {
	off []uint32 // term t's list is all[off[t]:off[t+1]]
	all []T
}

// flatten packs per-term lists into flatLists.
func flatten[T any](lists [][]T) flatLists[T] {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	p := flatLists[T]{off: make([]uint32, 1, len(lists)+1), all: make([]T, 0, n)}
	for _, l := range lists {
		p.all = append(p.all, l...)
		p.off = append(p.off, uint32(len(p.all)))
	}
	return p
}

// of returns term t's list (nil for a term past the lists).
func (p *flatLists[T]) of(t uint32) []T {
	if int(t)+1 >= len(p.off) {
		return nil
	}
	return p.all[p.off[t]:p.off[t+1]]
}

// count is the length of term t's list.
func (p *flatLists[T]) count(t uint32) int {
	if int(t)+1 >= len(p.off) {
		return 0
	}
	return int(p.off[t+1] - p.off[t])
}
