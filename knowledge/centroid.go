package knowledge

import (
	"math"
	"slices"
)

// Learned word evidence. Signatures and paraphrases are what authors wrote;
// the labelled pastes show how people actually word each error. `orfix fit`
// turns them into one centroid per entry (and one for text that holds no
// OpenRouter error): the mean of the pastes' word vectors, each word
// weighted by its inverse document frequency. A paste's cosine similarity to
// an entry's centroid is one of the entry's evidence features, and its
// similarity to the no-error centroid one of the paste's.

// Centroids is the learned word evidence of a model, as stored in
// model.json: the words' idf and each class's normalised centroid (entry
// ids, and noneClass for chatter and other vendors' errors).
type Centroids struct {
	IDF     map[string]float64            `json:"idf"`
	Classes map[string]map[string]float64 `json:"classes"`
}

// noneClass names the centroid of text that holds no OpenRouter error.
const noneClass = "_none"

// centTouch is the similarity that makes an entry a candidate on learned
// words alone.
const centTouch = 0.08

// centPost is one class's weight for a term; entry -1 is noneClass.
type centPost struct {
	entry int32
	w     float32
}

// compileCentroids maps the model's centroids onto term ids, adding the
// words the index does not know yet (they carry no other evidence).
func (ix *index) compileCentroids(c *Centroids, byID map[string]int32) {
	if c == nil || len(c.IDF) == 0 {
		return
	}
	// Sorted for a reproducible term order.
	words := make([]string, 0, len(c.IDF))
	for w := range c.IDF {
		words = append(words, w)
	}
	slices.Sort(words)
	for _, w := range words {
		ix.term(w)
	}
	// The learned words are few: the arrays end at the last of them.
	last := uint32(0)
	for _, w := range words {
		last = max(last, ix.vocab.id(w))
	}
	ix.centIDF = make([]float64, last+1)
	posts := make([][]centPost, last+1)
	for _, w := range words {
		ix.centIDF[ix.vocab.id(w)] = c.IDF[w]
	}
	classes := make([]string, 0, len(c.Classes))
	for id := range c.Classes {
		classes = append(classes, id)
	}
	slices.Sort(classes)
	for _, id := range classes {
		ei, ok := byID[id]
		if id == noneClass {
			ei, ok = -1, true
		}
		if !ok {
			continue // an entry this knowledge base does not have
		}
		for w, wt := range c.Classes[id] {
			t, known := ix.vocab.lookup(w)
			if !known || c.IDF[w] == 0 {
				continue
			}
			posts[t] = append(posts[t], centPost{entry: ei, w: float32(wt)})
		}
	}
	ix.centPosts = flatten(posts)
	for len(ix.idf) < ix.nterms() {
		ix.idf = append(ix.idf, 0)
	}
}

// matchCentroids scores the paste's distinct words (sc.cterms, left by
// relevance) against every centroid into sc.cent and returns the
// similarity to noneClass.
func (ix *index) matchCentroids(sc *scratch) float64 {
	sc.centMax, sc.centMin = 0, 0
	if len(ix.centIDF) == 0 {
		return 0
	}
	norm2, none := 0.0, 0.0
	for _, t := range sc.cterms {
		if int(t) >= len(ix.centIDF) || ix.centIDF[t] == 0 {
			continue
		}
		idf := ix.centIDF[t]
		norm2 += idf * idf
		for _, p := range ix.centPosts.of(t) {
			if p.entry < 0 {
				none += idf * float64(p.w)
				continue
			}
			if !sc.seenCent[p.entry] {
				sc.seenCent[p.entry] = true
				sc.centTouched = append(sc.centTouched, p.entry)
			}
			sc.cent[p.entry] += idf * float64(p.w)
		}
	}
	if norm2 == 0 {
		return 0
	}
	n := math.Sqrt(norm2)
	for _, ei := range sc.centTouched {
		sc.cent[ei] /= n
		sc.centMax, sc.centMin = max(sc.centMax, sc.cent[ei]), min(sc.centMin, sc.cent[ei])
		if sc.cent[ei] >= centTouch {
			sc.touch(ei)
		}
	}
	return none / n
}
