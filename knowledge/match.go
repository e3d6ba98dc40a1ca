package knowledge

import (
	"math"
	"slices"
	"sort"
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
var DefaultThresholds = Thresholds{Floor: 0.25, Passive: 0.62}

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
	// Facts are what the paste states (status, messages, figures, ...).
	Facts Facts
	// Ambiguous is true when the best candidates are too close to tell
	// apart: a reply should ask which of Candidates() matches.
	Ambiguous bool
}

// ambiguityRatio is how close (as a share of the best score) a runner-up
// must be for the result to count as torn.
const ambiguityRatio = 0.9

// Candidates returns the matches a torn result hesitates between (two or
// three), or nil when it is not ambiguous.
func (r Result) Candidates() []Scored {
	if !r.Ambiguous {
		return nil
	}
	out := r.Matches[:1]
	for _, m := range r.Matches[1:min(3, len(r.Matches))] {
		if m.Score >= ambiguityRatio*r.Matches[0].Score {
			out = append(out, m)
		}
	}
	return out
}

// torn reports whether the top two matches are too close to call.
func torn(ms []Scored, th Thresholds) bool {
	return len(ms) >= 2 && ms[0].Score >= th.Floor && ms[1].Score >= ambiguityRatio*ms[0].Score
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
	words    []string
	toks     []uint32
	uniq     []uint32
	query    []uint32  // a short query's distinct content terms
	sigScore []float64 // per entry: 1 - prod(1 - evidence)
	sigBest  []float64
	weakBest []float64 // per entry: the strongest uncorroborated weak phrase
	sigText  []string
	bm       []float64
	seen     []bool
	touched  []int32
	best     []float64 // per signature: best match quality
	bestSigs []int32
	top      []Scored
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
	sc.reset(len(kb.entries), len(ix.sigs))

	lower := asciiLower(text)
	res := Result{Signals: detectSignals(text, lower)}
	sc.words = tokenizeLower(text, lower, sc.words[:0])
	sc.toks = ix.lookup(sc.words, sc.toks[:0])
	res.Tool = ix.detectTool(sc.toks, lower)
	short := len(sc.toks) <= shortQuery
	if short {
		ix.correctQuery(sc)
	}
	ix.matchSignatures(sc, res.OpenRouter > 0, res.Status)
	rel := ix.relevance(sc)

	// A short typed query is all signal; in a long paste the words around
	// the error are mostly noise, so relevance counts for less there.
	relWeight := 0.42
	if short {
		relWeight = 0.58
	}
	paste := pasteFactor(res.Signals)
	sc.top = sc.top[:0]
	for _, ei := range sc.touched {
		e := kb.entries[ei]
		sig := sc.sigScore[ei]
		r := 0.0
		if rel > 0 {
			r = sc.bm[ei] / rel
		}
		if short {
			r = 0.5*r + 0.5*ix.titleShare(ei, sc.query)
		}
		conf := entryConfidence(res.Signals, e, sig, relWeight*r)
		if sig == 0 && res.OpenRouter == 0 && !short {
			conf *= 0.7 // words alone, nothing about OpenRouter
		}
		conf *= paste
		sc.top = insertTop(sc.top, Scored{Entry: e, Score: math.Round(conf*1000) / 1000, Signature: sc.sigText[ei]}, n)
	}
	res.Matches = slices.Clone(sc.top)
	res.Facts = readFacts(text, res.Signals)
	res.Ambiguous = torn(res.Matches, DefaultThresholds)
	return res
}

// correctQuery fixes the typos of a short typed query in place and
// collects its content terms for the title share.
func (ix *index) correctQuery(sc *scratch) {
	sc.query = sc.query[:0]
	for i, t := range sc.toks {
		w := sc.words[i]
		if t == unknownTerm {
			t = ix.correct(w)
			sc.toks[i] = t
		}
		if !stopwords[w] && w != numToken && w != idToken && ix.toolStart[t] == nil {
			sc.query = append(sc.query, t) // unknown words count against every title
		}
	}
}

// entryConfidence combines an entry's evidence: its signatures (sig) and
// its weighted relevance (rel) first; that the paste is OpenRouter's
// strengthens evidence the entry already has, never replaces it; the
// status code is a weak hint and a tie-breaker between entries that share
// a phrase.
func entryConfidence(s Signals, e *Entry, sig, rel float64) float64 {
	conf := 1 - (1-0.88*sig)*(1-rel)
	support := min(1, conf/0.3)
	if s.OpenRouter > 0 {
		conf = 1 - (1-conf)*(1-0.18*s.OpenRouter*support)
	}
	switch {
	case s.Status == 0 || len(e.Status) == 0:
	case slices.Contains(e.Status, s.Status):
		conf = 1 - (1-conf)*(1-0.10)
	default:
		conf *= 0.92
	}
	return conf
}

// pasteFactor scales every entry's confidence by what the paste is: another
// vendor's error, or talk about an error (a question that quotes one,
// release notes, a code review) rather than a report of one. Such text
// keeps its ranking but rarely clears the passive bar.
func pasteFactor(s Signals) float64 {
	f := 1.0
	if s.OtherVendor {
		f *= 0.6
	}
	switch {
	case s.Report && s.Question:
		f *= 0.88
	case s.Report:
	case s.Question:
		f *= 0.6
	default:
		f *= 0.82
	}
	return f
}

// better orders matches: higher score first, then id.
func better(a, b Scored) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Entry.ID < b.Entry.ID
}

// insertTop inserts s into the sorted top list, keeping at most n.
func insertTop(top []Scored, s Scored, n int) []Scored {
	if len(top) == n && !better(s, top[n-1]) {
		return top
	}
	i := sort.Search(len(top), func(i int) bool { return better(s, top[i]) })
	if len(top) < n {
		top = append(top, Scored{})
	}
	copy(top[i+1:], top[i:])
	top[i] = s
	return top
}

func (sc *scratch) reset(entries, sigs int) {
	if cap(sc.sigScore) < entries {
		sc.sigScore = make([]float64, entries)
		sc.sigBest = make([]float64, entries)
		sc.weakBest = make([]float64, entries)
		sc.sigText = make([]string, entries)
		sc.bm = make([]float64, entries)
		sc.seen = make([]bool, entries)
	}
	if cap(sc.best) < sigs {
		sc.best = make([]float64, sigs)
	}
	sc.sigScore, sc.sigBest, sc.weakBest, sc.sigText, sc.bm, sc.seen = sc.sigScore[:entries], sc.sigBest[:entries], sc.weakBest[:entries], sc.sigText[:entries], sc.bm[:entries], sc.seen[:entries]
	sc.best = sc.best[:sigs]
	for _, i := range sc.touched {
		sc.sigScore[i], sc.sigBest[i], sc.weakBest[i], sc.sigText[i], sc.bm[i], sc.seen[i] = 0, 0, 0, "", 0, false
	}
	for _, si := range sc.bestSigs {
		sc.best[si] = 0
	}
	sc.touched, sc.bestSigs = sc.touched[:0], sc.bestSigs[:0]
}

func (sc *scratch) touch(ei int32) {
	if !sc.seen[ei] {
		sc.seen[ei] = true
		sc.touched = append(sc.touched, ei)
	}
}

func newScratchPool() *sync.Pool {
	return &sync.Pool{New: func() any { return &scratch{} }}
}
