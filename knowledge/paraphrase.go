package knowledge

import "slices"

// paraphrase is one compiled paraphrase: how people describe an error in
// prose ("keeps saying my key is invalid"). Word order and the words in
// between vary in prose, so a paraphrase counts by the share of its content
// words the paste holds, not as a contiguous phrase.
type paraphrase struct {
	entry int32
	words int32 // distinct content terms (paraByTerm lists it under each)
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
	ix.paras = append(ix.paras, paraphrase{entry: int32(entry), words: int32(len(ts))})
	for len(ix.paraTerms) < ix.nterms() {
		ix.paraTerms = append(ix.paraTerms, nil)
	}
	for _, t := range ts {
		ix.paraTerms[t] = append(ix.paraTerms[t], pi)
	}
}

// indexParaphrases packs the per-term paraphrase lists into paraByTerm.
func (ix *index) indexParaphrases() {
	ix.paraByTerm, ix.paraTerms = flatten(ix.paraTerms), nil
}

// matchParaphrases scores every paraphrase that shares words with the
// paste's distinct terms (sc.uniq) into sc.para. Hits are counted in a
// per-paraphrase array, so the cost is the number of hits, with no sort.
func (ix *index) matchParaphrases(sc *scratch) {
	if len(ix.paras) == 0 {
		return
	}
	if len(sc.paraCount) < len(ix.paras) {
		sc.paraCount = make([]uint16, len(ix.paras))
	}
	sc.paraHits = sc.paraHits[:0]
	for _, t := range sc.uniq {
		for _, pi := range ix.paraByTerm.of(t) {
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
		share := float64(hits) / float64(p.words)
		if hits >= minParaHits && share >= minParaShare {
			ev := share * share * min(1, float64(p.words)/4)
			if ev > sc.para[p.entry] {
				sc.touch(p.entry)
				sc.para[p.entry] = ev
			}
		}
	}
}
