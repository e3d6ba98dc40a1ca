package knowledge

import (
	"math"
	"slices"
	"strings"
)

// centroidTerms is how many words of each centroid the model keeps.
const centroidTerms = 300

// centWords returns the distinct words of a paste that centroids use.
func centWords(text string) []string {
	var out []string
	for _, w := range tokenize(text, nil) {
		if stopwords[w] || w == numToken || w == idToken || len(w) < 2 {
			continue
		}
		out = append(out, strings.Clone(w))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// centModel is centroids being fitted: per class the sum of the training
// pastes' normalised word vectors.
type centModel struct {
	idf   map[string]float64
	sum   map[string]map[string]float64
	norm2 map[string]float64 // |sum|^2 per class
}

// classOf is the centroid a sample adds to.
func classOf(s *sample) string {
	if s.label == "" {
		return noneClass
	}
	return s.label
}

// vector returns a paste's idf-weighted, normalised word vector.
func (c *centModel) vector(words []string) map[string]float64 {
	v := make(map[string]float64, len(words))
	n2 := 0.0
	for _, w := range words {
		if idf := c.idf[w]; idf > 0 {
			v[w] = idf
			n2 += idf * idf
		}
	}
	if n2 > 0 {
		n := math.Sqrt(n2)
		for w := range v {
			v[w] /= n
		}
	}
	return v
}

// buildCentroids sums the training pastes' vectors per class.
func buildCentroids(train []sample) *centModel {
	df := map[string]int{}
	for i := range train {
		for _, w := range train[i].terms {
			df[w]++
		}
	}
	c := &centModel{idf: map[string]float64{}, sum: map[string]map[string]float64{}, norm2: map[string]float64{}}
	n := float64(len(train))
	for w, d := range df {
		if d >= 2 { // a word seen once generalises to nothing
			c.idf[w] = math.Log(1 + n/float64(d))
		}
	}
	for i := range train {
		cl := classOf(&train[i])
		sum := c.sum[cl]
		if sum == nil {
			sum = map[string]float64{}
			c.sum[cl] = sum
		}
		for w, x := range c.vector(train[i].terms) {
			sum[w] += x
		}
	}
	for cl, sum := range c.sum {
		for _, x := range sum {
			c.norm2[cl] += x * x
		}
	}
	return c
}

// similarity is the cosine of a paste's vector v to class cl's centroid,
// leaving v itself out of the centroid when self is true (a training
// paste must not vouch for itself).
func (c *centModel) similarity(v map[string]float64, cl string, self bool) float64 {
	sum := c.sum[cl]
	if len(sum) == 0 || len(v) == 0 {
		return 0
	}
	dot, n2 := 0.0, c.norm2[cl]
	for w, x := range v {
		s := sum[w]
		if self {
			dot += (s - x) * x
			n2 += -2*s*x + x*x
		} else {
			dot += s * x
		}
	}
	if n2 <= 1e-12 {
		return 0
	}
	return max(0, dot/math.Sqrt(n2))
}

// withCentroids returns a copy of s with the learned-word features set and
// its candidates cut to those the matcher would consider: entries with any
// evidence, or enough learned-word similarity.
func withCentroids(s *sample, c *centModel, self bool) sample {
	out := *s
	out.cands = make([]fitCand, 0, len(s.cands))
	v := c.vector(s.terms)
	own := classOf(s)
	for _, cd := range s.cands {
		cd.x[fCent] = c.similarity(v, cd.id, self && cd.id == own)
		derive(&cd.x)
		evidence := false
		for f, x := range cd.x {
			if f != fCent && x != 0 {
				evidence = true
				break
			}
		}
		if evidence || cd.x[fCent] >= centTouch {
			out.cands = append(out.cands, cd)
		}
	}
	out.pastez[pNone] = c.similarity(v, noneClass, self && own == noneClass)
	return out
}

// export keeps each class's strongest words, normalised, for model.json.
func (c *centModel) export() *Centroids {
	out := &Centroids{IDF: map[string]float64{}, Classes: map[string]map[string]float64{}}
	for cl, sum := range c.sum {
		words := make([]string, 0, len(sum))
		for w := range sum {
			words = append(words, w)
		}
		slices.SortFunc(words, func(a, b string) int {
			if sum[a] != sum[b] {
				if sum[a] > sum[b] {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		words = words[:min(len(words), centroidTerms)]
		n := math.Sqrt(c.norm2[cl])
		m := map[string]float64{}
		for _, w := range words {
			m[w] = round4(sum[w] / n)
			out.IDF[w] = round4(c.idf[w])
		}
		out.Classes[cl] = m
	}
	return out
}
