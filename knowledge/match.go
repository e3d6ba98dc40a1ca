package knowledge

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// Thresholds are the two confidence bars: the floor for an explicit answer
// (below it the bot says it is not sure) and the higher bar for answering a
// message nobody asked it about.
type Thresholds struct {
	Floor   float64 `yaml:"floor" json:"floor"`
	Passive float64 `yaml:"passive" json:"passive"`
}

// DefaultThresholds are tuned on the labelled pastes (see orfix eval).
var DefaultThresholds = Thresholds{Floor: 0.30, Passive: 0.62}

// Scored is one ranked entry.
type Scored struct {
	Entry *Entry
	// Score is the confidence in [0,1] that this entry answers the paste.
	Score float64
	// Signature is the signature phrase that matched best, or "".
	Signature string
}

// Result is what the matcher found in a paste.
type Result struct {
	// Matches are ranked best first.
	Matches []Scored
	Signals
}

// Top returns the best match, if any.
func (r Result) Top() (Scored, bool) {
	if len(r.Matches) == 0 {
		return Scored{}, false
	}
	return r.Matches[0], true
}

// Confident reports whether the best match clears the explicit floor.
func (r Result) Confident(th Thresholds) bool {
	top, ok := r.Top()
	return ok && top.Score >= th.Floor
}

// Passive reports whether the best match clears the passive bar.
func (r Result) Passive(th Thresholds) bool {
	top, ok := r.Top()
	return ok && top.Score >= th.Passive
}

// MaxMatchInput bounds how much of a paste the matcher reads; the error is
// almost always in the first part, and the bound keeps the hot path flat.
const MaxMatchInput = 64 << 10

// shortQuery is the most tokens a typed query may have for typo correction.
const shortQuery = 12

// scratch holds the per-call buffers, pooled so a busy channel allocates little.
type scratch struct {
	toks     []string
	uniq     []string
	sigScore []float64 // per entry: 1 - prod(1 - evidence)
	sigBest  []float64
	sigText  []string
	bm       []float64
	seen     []bool
	touched  []int32
	best     map[int32]float64
}

// Match ranks the entries for a paste and returns the best n (n <= 0: 5).
func (kb *KB) Match(text string, n int) Result {
	if n <= 0 {
		n = 5
	}
	if len(text) > MaxMatchInput {
		text = text[:MaxMatchInput]
	}
	ix := kb.idx
	sc := kb.pool.Get().(*scratch)
	defer kb.pool.Put(sc)
	sc.reset(len(kb.entries))

	lower := asciiLower(text)
	res := Result{Signals: detectSignals(lower)}
	sc.toks = tokenize(text, sc.toks[:0])
	if len(sc.toks) <= shortQuery {
		for i, t := range sc.toks {
			if c := ix.correct(t); c != "" {
				sc.toks[i] = c
			}
		}
	}
	ix.matchSignatures(sc)
	rel := ix.relevance(sc)

	for _, ei := range sc.touched {
		e := kb.entries[ei]
		sig := sc.sigScore[ei]
		r := 0.0
		if rel > 0 {
			r = sc.bm[ei] / rel
		}
		conf := 1 - (1-0.88*sig)*(1-0.42*r)
		if res.OpenRouter > 0 {
			conf = 1 - (1-conf)*(1-0.18*res.OpenRouter)
		}
		if res.Status != 0 && slices.Contains(e.Status, res.Status) {
			conf = 1 - (1-conf)*(1-0.10)
		}
		if sig == 0 && res.OpenRouter == 0 {
			conf *= 0.7 // words alone, nothing about OpenRouter
		}
		if res.OtherVendor {
			conf *= 0.6
		}
		res.Matches = append(res.Matches, Scored{Entry: e, Score: math.Round(conf*1000) / 1000, Signature: sc.sigText[ei]})
	}
	slices.SortFunc(res.Matches, func(a, b Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Entry.ID, b.Entry.ID)
	})
	if len(res.Matches) > n {
		res.Matches = res.Matches[:n:n]
	}
	return res
}

func (sc *scratch) reset(n int) {
	if cap(sc.sigScore) < n {
		sc.sigScore = make([]float64, n)
		sc.sigBest = make([]float64, n)
		sc.sigText = make([]string, n)
		sc.bm = make([]float64, n)
		sc.seen = make([]bool, n)
		sc.best = map[int32]float64{}
	}
	sc.sigScore, sc.sigBest, sc.sigText, sc.bm, sc.seen = sc.sigScore[:n], sc.sigBest[:n], sc.sigText[:n], sc.bm[:n], sc.seen[:n]
	for _, i := range sc.touched {
		sc.sigScore[i], sc.sigBest[i], sc.sigText[i], sc.bm[i], sc.seen[i] = 0, 0, "", 0, false
	}
	sc.touched = sc.touched[:0]
	clear(sc.best)
}

func (sc *scratch) touch(ei int32) {
	if !sc.seen[ei] {
		sc.seen[ei] = true
		sc.touched = append(sc.touched, ei)
	}
}

// matchSignatures finds signature phrases in the tokens. A phrase counts in
// proportion to how much of it appears contiguously (pastes get cut), and
// an entry's evidence combines its phrases like independent witnesses.
func (ix *index) matchSignatures(sc *scratch) {
	toks := sc.toks
	best := sc.best
	for i, t := range toks {
		for _, ref := range ix.sigStart[t] {
			s := &ix.sigs[ref.sig]
			matched, atEnd := extend(s.toks[ref.pos:], toks[i:])
			if matched == 0 {
				continue
			}
			if ref.pos > 0 && !atEnd {
				continue // a mid-phrase start must run to the phrase's end
			}
			q := float64(matched) / float64(s.words)
			if q < 1 && (matched < 2 || (matched < 3 && s.words > 3)) {
				continue
			}
			if q > best[ref.sig] {
				best[ref.sig] = q
			}
		}
	}
	for si, q := range best {
		s := &ix.sigs[si]
		ev := s.weight * q * q
		ei := int32(s.entry)
		sc.touch(ei)
		sc.sigScore[ei] = 1 - (1-sc.sigScore[ei])*(1-ev)
		if ev > sc.sigBest[ei] {
			sc.sigBest[ei], sc.sigText[ei] = ev, s.text
		}
	}
}

// extend matches pattern tokens against text tokens from the start of
// both, a "*" taking one to maxWildcard tokens. It returns how many
// non-wildcard pattern tokens matched before the first mismatch, and
// whether the whole pattern matched.
func extend(pat, text []string) (matched int, complete bool) {
	ti := 0
	for pi := 0; pi < len(pat); pi++ {
		if pat[pi] == wildcard {
			if pi+1 == len(pat) {
				return matched, true
			}
			next := pat[pi+1]
			found := -1
			for k := ti + 1; k <= ti+maxWildcard && k < len(text); k++ {
				if text[k] == next {
					found = k
					break
				}
			}
			if found < 0 {
				return matched, false
			}
			ti = found
			continue
		}
		if ti >= len(text) || text[ti] != pat[pi] {
			return matched, false
		}
		matched++
		ti++
	}
	return matched, true
}

// relevance scores every entry by BM25 over the paste's distinct words and
// returns the most any entry could score (the paste's total information),
// so sc.bm[e]/total is the share of the paste an entry explains.
func (ix *index) relevance(sc *scratch) float64 {
	sc.uniq = append(sc.uniq[:0], sc.toks...)
	slices.Sort(sc.uniq)
	sc.uniq = slices.Compact(sc.uniq)
	total := 0.0
	for _, t := range sc.uniq {
		if stopwords[t] || t == numToken || t == idToken || len(t) < 2 {
			continue
		}
		idf, known := ix.idf[t]
		if !known {
			total += ix.maxIDF * (bm25K1 + 1)
			continue
		}
		total += idf * (bm25K1 + 1)
		for _, p := range ix.postings[t] {
			tf := float64(p.tf)
			sc.touch(p.entry)
			sc.bm[p.entry] += idf * tf * (bm25K1 + 1) / (tf + ix.docNorm[p.entry])
		}
	}
	return total
}

func newScratchPool() *sync.Pool {
	return &sync.Pool{New: func() any { return &scratch{} }}
}
