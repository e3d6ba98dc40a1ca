package knowledge

import (
	"slices"
	"testing"
)

func TestPostingLists(t *testing.T) {
	lists := [][]posting{
		nil,
		{{entry: 0, tf: 1}},
		{{entry: 3, tf: 2}, {entry: 4, tf: 300}, {entry: 70000, tf: 1}, {entry: 70001, tf: 1 << 20}},
		{},
		{{entry: 127, tf: 128}, {entry: 255, tf: 3}},
	}
	p := encodePostings(lists)
	for term, want := range append(lists, nil, nil) { // two terms past the lists
		var got []posting
		for it := p.iter(uint32(term)); ; {
			x, ok := it.next()
			if !ok {
				break
			}
			got = append(got, x)
		}
		if !slices.Equal(got, want) {
			t.Errorf("term %d: postings %v, want %v", term, got, want)
		}
		if n := p.count(uint32(term)); n != len(want) {
			t.Errorf("term %d: count %d, want %d", term, n, len(want))
		}
	}
}

func TestFlatLists(t *testing.T) {
	lists := [][]int32{{1, 2}, nil, {7}, {}}
	f := flatten(lists)
	for term, want := range append(lists, nil) {
		if got := f.of(uint32(term)); !slices.Equal(got, want) || f.count(uint32(term)) != len(want) {
			t.Errorf("term %d: %v (count %d), want %v", term, got, f.count(uint32(term)), want)
		}
	}
}
