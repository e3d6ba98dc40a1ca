package knowledge

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
)

// flatLists holds one list per term in a single array: no slice header
// or spare capacity per term, which adds up over a large vocabulary. Most
// terms of a large knowledge base have no list (a word of some body that
// no title, signature or paraphrase holds), so only the terms with one
// take an offset: a bit per term marks them, and a count per 64 terms
// gives a term's rank among them without a scan.
type flatLists[T any] struct {
	has  []uint64 // bit t%64 of has[t/64]: term t has a list
	rank []uint32 // per word of has: the terms with a list before it
	off  []uint32 // the j-th term with a list has all[off[j]:off[j+1]]
	all  []T
}

// flatten packs per-term lists into flatLists.
func flatten[T any](lists [][]T) flatLists[T] {
	n, terms := 0, 0
	for _, l := range lists {
		n += len(l)
		if len(l) > 0 {
			terms++
		}
	}
	words := (len(lists) + 63) / 64
	p := flatLists[T]{has: make([]uint64, words), rank: make([]uint32, words), off: make([]uint32, 1, terms+1), all: make([]T, 0, n)}
	for t, l := range lists {
		if len(l) == 0 {
			continue
		}
		p.has[t/64] |= 1 << (t % 64)
		p.all = append(p.all, l...)
		p.off = append(p.off, uint32(len(p.all)))
	}
	r := uint32(0)
	for w, set := range p.has {
		p.rank[w] = r
		r += uint32(bits.OnesCount64(set))
	}
	return p
}

// span returns where term t's list is in all (an empty span for a term
// without one, or past the lists).
func (p *flatLists[T]) span(t uint32) (from, to uint32) {
	w := t / 64
	if int(w) >= len(p.has) {
		return 0, 0
	}
	bit := uint64(1) << (t % 64)
	if p.has[w]&bit == 0 {
		return 0, 0
	}
	j := p.rank[w] + uint32(bits.OnesCount64(p.has[w]&(bit-1)))
	return p.off[j], p.off[j+1]
}

// of returns term t's list (nil for a term without one).
func (p *flatLists[T]) of(t uint32) []T {
	from, to := p.span(t)
	if from == to {
		return nil
	}
	return p.all[from:to]
}

// count is the length of term t's list.
func (p *flatLists[T]) count(t uint32) int {
	from, to := p.span(t)
	return int(to - from)
}

// postingLists holds every term's postings delta-coded in one byte array.
// Per term: its document frequency (uvarint); a byte bounding how much
// one posting can score (impact); for a list longer than skipEvery, a skip
// table of 8-byte points; then per posting the gap to the previous entry
// and the term frequency, both uvarints. An entry of a large knowledge
// base mostly costs two or three bytes per word it holds, against eight
// for a plain (entry, frequency) pair. The skip points let a pruned query
// look up a few entries in a long list without decoding all of it.
type postingLists struct {
	off  []uint32 // term t's postings are data[off[t]:off[t+1]]
	data []byte
}

// skipEvery is how many postings a skip point covers.
const skipEvery = 32

// skipPoint is one skip table row, stored as two little-endian uint32:
// the entry of posting (j+1)*skipEvery-1 and where posting (j+1)*skipEvery
// starts, as an offset into the list's posting bytes.
const skipPointSize = 8

// encodePostings packs per-term postings, each list in entry order. norm
// is every entry's BM25 length norm (k1*(1-b+b*len/avg)), for the impact
// byte: the most tf/(tf+norm) any of the term's postings reaches, in
// 255ths rounded up (255 when norm is nil).
func encodePostings(lists [][]posting, norm []float64) postingLists {
	p := postingLists{off: make([]uint32, 1, len(lists)+1)}
	var body []byte
	var skips []byte
	for _, l := range lists {
		if len(l) > 0 {
			p.data = binary.AppendUvarint(p.data, uint64(len(l)))
			p.data = append(p.data, impactByte(l, norm))
			body, skips = body[:0], skips[:0]
			prev := int32(-1)
			for i, x := range l {
				if i > 0 && i%skipEvery == 0 {
					skips = binary.LittleEndian.AppendUint32(skips, uint32(prev))
					skips = binary.LittleEndian.AppendUint32(skips, uint32(len(body)))
				}
				body = binary.AppendUvarint(body, uint64(x.entry-prev))
				body = binary.AppendUvarint(body, uint64(x.tf))
				prev = x.entry
			}
			p.data = append(p.data, skips...)
			p.data = append(p.data, body...)
		}
		p.off = append(p.off, uint32(len(p.data)))
	}
	p.data = slices.Clip(p.data)
	return p
}

// impactByte bounds tf/(tf+norm) over a list in 255ths, rounded up.
func impactByte(l []posting, norm []float64) byte {
	if norm == nil {
		return 255
	}
	most := 0.0
	for _, x := range l {
		tf := float64(x.tf)
		most = max(most, tf/(tf+norm[x.entry]))
	}
	return byte(min(255, math.Ceil(most*255)+1))
}

// header reads term t's header: its document frequency, impact byte, skip
// table and posting bytes (all zero for a term without postings).
func (p *postingLists) header(t uint32) (df int, impact byte, skips, body []byte) {
	if int(t)+1 >= len(p.off) || p.off[t] == p.off[t+1] {
		return 0, 0, nil, nil
	}
	data := p.data[p.off[t]:p.off[t+1]]
	n, k := binary.Uvarint(data)
	impact = data[k]
	k++
	ns := (int(n) - 1) / skipEvery * skipPointSize
	return int(n), impact, data[k : k+ns], data[k+ns:]
}

// count is the number of entries holding term t.
func (p *postingLists) count(t uint32) int {
	if int(t)+1 >= len(p.off) || p.off[t] == p.off[t+1] {
		return 0
	}
	n, _ := binary.Uvarint(p.data[p.off[t]:])
	return int(n)
}

// impact bounds tf/(tf+norm) over term t's postings (0 for a term
// without postings).
func (p *postingLists) impact(t uint32) float64 {
	_, b, _, _ := p.header(t)
	return float64(b) / 255
}

// postingIter walks one term's postings.
type postingIter struct {
	data  []byte
	entry int32
}

// iter returns an iterator over term t's postings.
func (p *postingLists) iter(t uint32) postingIter {
	_, _, _, body := p.header(t)
	if body == nil {
		return postingIter{}
	}
	return postingIter{data: body, entry: -1}
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

// lookup calls f with the term frequency of every entry of want (sorted,
// ascending) that holds term t, in order. The skip table jumps over the
// stretches of a long list that hold none of want, so a few entries cost
// a few short scans, not the whole list.
func (p *postingLists) lookup(t uint32, want []int32, f func(entry int32, tf uint32)) {
	_, _, skips, body := p.header(t)
	pos, entry, tf := 0, int32(-1), uint32(0) // the last posting decoded
	j, nskip := 0, len(skips)/skipPointSize
	for _, w := range want {
		if entry >= w {
			if entry == w {
				f(w, tf)
			}
			continue
		}
		// Jump to the last skip point whose previous posting is before w.
		for j < nskip {
			prev := int32(binary.LittleEndian.Uint32(skips[j*skipPointSize:]))
			if prev >= w {
				break
			}
			if off := int(binary.LittleEndian.Uint32(skips[j*skipPointSize+4:])); off > pos {
				pos, entry = off, prev
			}
			j++
		}
		for entry < w && pos < len(body) {
			gap, k := binary.Uvarint(body[pos:])
			x, k2 := binary.Uvarint(body[pos+k:])
			pos += k + k2
			entry += int32(gap)
			tf = uint32(x)
		}
		if entry == w {
			f(w, tf)
		} else if entry < w {
			return // past the list's end
		}
	}
}
