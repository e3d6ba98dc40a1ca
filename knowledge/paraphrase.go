package knowledge

import "slices"

// paraphrase is one compiled paraphrase: how people describe an error in
// prose ("keeps saying my key is invalid"). Word order and the words in
// between vary in prose, so a paraphrase counts by the share of its content
// words the paste holds, not as a contiguous phrase.
type paraphrase struct {
	entry int32
	terms []uint32 // distinct content terms
}

// Paraphrase evidence needs at least minParaHits of its words and
// minParaShare of them.
const (
	minParaHits  = 2
	minParaShare = 0.6
)

// addParaphrase compiles a paraphrase and lists it under each of its terms.
func (ix *index) addParaphrase(entry int, text string) {
	var ts []uint32
	for _, w := range tokenize(text, nil) {
		if !stopwords[w] && w != numToken && w != idToken && len(w) > 1 {
			ts = append(ts, ix.term(w))
		}
	}
	slices.Sort(ts)
	ts = slices.Compact(ts)
	if len(ts) < minParaHits {
		return
	}
	pi := int32(len(ix.paras))
	ix.paras = append(ix.paras, paraphrase{entry: int32(entry), terms: ts})
	for len(ix.paraTerms) < len(ix.words) {
		ix.paraTerms = append(ix.paraTerms, nil)
	}
	for _, t := range ts {
		ix.paraTerms[t] = append(ix.paraTerms[t], pi)
	}
}

// paraNeeds is the fewest of n words a paste must hold for a paraphrase
// of n words to count.
func paraNeeds(n int) int {
	for h := minParaHits; h < n; h++ {
		if float64(h)/float64(n) >= minParaShare {
			return h
		}
	}
	return n
}

// indexParaphrases packs the per-term paraphrase lists (paraByTerm) and
// the prefix lists (paraPrefix): a paraphrase of n words that needs h of
// them is listed under just its n-h+1 rarest words, because a paste that
// holds h of its words holds at least one of those. The paraphrases a
// paste's common words share with thousands of others then never come up.
func (ix *index) indexParaphrases() {
	lists := ix.paraTerms
	for len(lists) < len(ix.words) {
		lists = append(lists, nil)
	}
	prefix := make([][]int32, len(lists))
	var ts []uint32
	for pi := range ix.paras {
		p := &ix.paras[pi]
		ts = append(ts[:0], p.terms...)
		slices.SortFunc(ts, func(a, b uint32) int {
			if d := len(lists[a]) - len(lists[b]); d != 0 {
				return d
			}
			return int(a) - int(b)
		})
		for _, t := range ts[:len(ts)-paraNeeds(len(ts))+1] {
			prefix[t] = append(prefix[t], int32(pi))
		}
	}
	ix.paraByTerm, ix.paraPrefix, ix.paraTerms = flatten(lists), flatten(prefix), nil
}

// matchParaphrases scores every paraphrase that shares enough words with
// the paste's distinct terms (sc.uniq) into sc.para. With pruned set it
// finds them through the prefix lists and counts each one's words in the
// paste (sc.cterms, sorted); else it counts hits over the full lists in a
// per-paraphrase array. Both find the same paraphrases with the same hits.
func (ix *index) matchParaphrases(sc *scratch, pruned bool) {
	if len(ix.paras) == 0 {
		return
	}
	if len(sc.paraCount) < len(ix.paras) {
		sc.paraCount = make([]uint16, len(ix.paras))
	}
	sc.paraHits = sc.paraHits[:0]
	lists := &ix.paraByTerm
	if pruned {
		lists = &ix.paraPrefix
	}
	for _, t := range sc.uniq {
		for _, pi := range lists.of(t) {
			if sc.paraCount[pi] == 0 {
				sc.paraHits = append(sc.paraHits, pi)
			}
			sc.paraCount[pi]++
		}
	}
	for _, pi := range sc.paraHits {
		p := &ix.paras[pi]
		hits := int(sc.paraCount[pi])
		sc.paraCount[pi] = 0
		if pruned {
			hits = 0
			for _, t := range p.terms {
				if _, in := slices.BinarySearch(sc.cterms, t); in {
					hits++
				}
			}
		}
		share := float64(hits) / float64(len(p.terms))
		if hits >= minParaHits && share >= minParaShare {
			ev := share * share * min(1, float64(len(p.terms))/4)
			if ev > sc.para[p.entry] {
				sc.touch(p.entry)
				sc.para[p.entry] = ev
			}
		}
	}
}
