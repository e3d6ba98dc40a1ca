package knowledge

// postingLists holds every term's postings in one array: no slice header
// or spare capacity per term, which adds up over a large vocabulary.
type postingLists struct {
	off []uint32 // term t's postings are all[off[t]:off[t+1]]
	all []posting
}

// flattenPostings packs per-term lists into postingLists.
func flattenPostings(lists [][]posting) postingLists {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	p := postingLists{off: make([]uint32, 1, len(lists)+1), all: make([]posting, 0, n)}
	for _, l := range lists {
		p.all = append(p.all, l...)
		p.off = append(p.off, uint32(len(p.all)))
	}
	return p
}

// of returns term t's postings.
func (p *postingLists) of(t uint32) []posting {
	if int(t)+1 >= len(p.off) {
		return nil
	}
	return p.all[p.off[t]:p.off[t+1]]
}

// df is the number of entries holding term t.
func (p *postingLists) df(t uint32) int {
	if int(t)+1 >= len(p.off) {
		return 0
	}
	return int(p.off[t+1] - p.off[t])
}
