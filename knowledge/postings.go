package knowledge

import (
	"encoding/binary"
	"slices"
)

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

// postingLists holds every term's postings delta-coded in one byte array:
// per term, its document frequency, then per posting the gap to the
// previous entry and the term frequency, all as uvarints. An entry of a
// large knowledge base mostly costs two or three bytes per word it holds,
// against eight for a plain (entry, frequency) pair.
type postingLists struct {
	off  []uint32 // term t's postings are data[off[t]:off[t+1]]
	data []byte
}

// encodePostings packs per-term postings, each list in entry order.
func encodePostings(lists [][]posting) postingLists {
	p := postingLists{off: make([]uint32, 1, len(lists)+1)}
	for _, l := range lists {
		if len(l) > 0 {
			p.data = binary.AppendUvarint(p.data, uint64(len(l)))
			prev := int32(-1)
			for _, x := range l {
				p.data = binary.AppendUvarint(p.data, uint64(x.entry-prev))
				p.data = binary.AppendUvarint(p.data, uint64(x.tf))
				prev = x.entry
			}
		}
		p.off = append(p.off, uint32(len(p.data)))
	}
	p.data = slices.Clip(p.data)
	return p
}

// count is the number of entries holding term t.
func (p *postingLists) count(t uint32) int {
	if int(t)+1 >= len(p.off) || p.off[t] == p.off[t+1] {
		return 0
	}
	n, _ := binary.Uvarint(p.data[p.off[t]:])
	return int(n)
}

// postingIter walks one term's postings.
type postingIter struct {
	data  []byte
	entry int32
}

// iter returns an iterator over term t's postings.
func (p *postingLists) iter(t uint32) postingIter {
	if int(t)+1 >= len(p.off) || p.off[t] == p.off[t+1] {
		return postingIter{}
	}
	data := p.data[p.off[t]:p.off[t+1]]
	_, k := binary.Uvarint(data)
	return postingIter{data: data[k:], entry: -1}
}

// next returns the next posting, or false at the end.
func (it *postingIter) next() (posting, bool) {
	if len(it.data) == 0 {
		return posting{}, false
	}
	gap, k := binary.Uvarint(it.data)
	tf, k2 := binary.Uvarint(it.data[k:])
	it.data = it.data[k+k2:]
	it.entry += int32(gap)
	return posting{entry: it.entry, tf: uint32(tf)}, true
}
