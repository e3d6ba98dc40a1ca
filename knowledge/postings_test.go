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
	p := encodePostings(lists, nil)
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

// TestPostingLookup checks lookup against a plain walk of the lists, for
// lists shorter and longer than a skip point, and wanted entries before,
// between, on and past the postings.
func TestPostingLookup(t *testing.T) {
	var lists [][]posting
	for _, n := range []int{1, skipEvery - 1, skipEvery, skipEvery + 1, 5*skipEvery + 3, 1000} {
		var l []posting
		for i := range n {
			l = append(l, posting{entry: int32(3*i + i%2 + 1), tf: uint32(i%7 + 1)})
		}
		lists = append(lists, l)
	}
	norm := make([]float64, 4000)
	for i := range norm {
		norm[i] = 0.5 + float64(i%5)/4
	}
	p := encodePostings(lists, norm)
	for term, l := range lists {
		tf := map[int32]uint32{}
		most := 0.0
		for _, x := range l {
			tf[x.entry] = x.tf
			most = max(most, float64(x.tf)/(float64(x.tf)+norm[x.entry]))
		}
		if got := p.impact(uint32(term)); got < most || got > most+2.0/255 {
			t.Errorf("term %d: impact %v, want just above %v", term, got, most)
		}
		for _, step := range []int{1, 2, 5, 37, 500} {
			var want []int32
			for e := int32(0); e < 3100; e += int32(step) {
				want = append(want, e)
			}
			var got []posting
			p.lookup(uint32(term), want, func(e int32, f uint32) { got = append(got, posting{e, f}) })
			var exp []posting
			for _, e := range want {
				if f, ok := tf[e]; ok {
					exp = append(exp, posting{e, f})
				}
			}
			if !slices.Equal(got, exp) {
				t.Errorf("term %d, every %d entries: got %d postings, want %d", term, step, len(got), len(exp))
			}
		}
	}
}

// TestFlatListsSparse checks the packed lists against the lists they
// were packed from, for many terms most of which have none, runs of
// terms with one across the 64-term words, and terms past the lists.
func TestFlatListsSparse(t *testing.T) {
	lists := make([][]int32, 1000)
	for term := range lists {
		switch {
		case term%7 == 0, term >= 128 && term < 200, term == 999:
			for i := range term%5 + 1 {
				lists[term] = append(lists[term], int32(term*10+i))
			}
		case term%11 == 0:
			lists[term] = []int32{} // empty, not nil
		}
	}
	f := flatten(lists)
	for term := range len(lists) + 130 {
		var want []int32
		if term < len(lists) {
			want = lists[term]
		}
		got := f.of(uint32(term))
		if !slices.Equal(got, want) || f.count(uint32(term)) != len(want) {
			t.Errorf("term %d: %v (count %d), want %v", term, got, f.count(uint32(term)), want)
		}
	}
	if f := flatten[int32](nil); f.of(0) != nil || f.count(5) != 0 {
		t.Errorf("no lists: %v %d", f.of(0), f.count(5))
	}
}
