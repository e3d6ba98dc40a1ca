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

// DefaultThresholds returns the thresholds fitted with the embedded model
// (see `orfix fit`).
func DefaultThresholds() Thresholds { return DefaultModel().Thresholds }

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

	// tornRatio is the share of the best score a runner-up keeps at the
	// model's torn margin (exp(-Torn)): Candidates uses the same cut as
	// Ambiguous. Zero (a Result built by hand) means 0.5.
	tornRatio float64
	// success is true when the paste shows only successful exchanges
	// (see successOnly): its confidence is capped under the floor.
	success bool
}

// Candidates returns the matches a torn result hesitates between (two or
// three), or nil when it is not ambiguous.
func (r Result) Candidates() []Scored {
	if !r.Ambiguous {
		return nil
	}
	ratio := r.tornRatio
	if ratio == 0 {
		ratio = 0.5
	}
	out := r.Matches[:1]
	for _, m := range r.Matches[1:min(3, len(r.Matches))] {
		// Scores are rounded to 0.001: allow for it at the cut.
		if m.Score+0.001 >= ratio*r.Matches[0].Score {
			out = append(out, m)
		}
	}
	return out
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
	lowerBuf     []byte // the paste lower-cased (see lowerOf)
	words        []string
	toks         []uint32
	uniq         []uint32
	termSeen     []uint64 // distinct: a bit set of term ids, empty between calls
	memo         *termMemo
	scored       []uint32 // the terms relevance scores, in order
	query        []uint32 // a short query's content terms
	titleHits    []uint8  // per entry: the query's terms its title and phrases hold
	titleTouched []int32
	sigScore     []float64 // per entry: 1 - prod(1 - evidence)
	sigBest      []float64
	weakBest     []float64 // per entry: the strongest uncorroborated weak phrase
	sigText      []string
	sigIdx       []int32 // per entry: its best signature
	sigWhole     []bool  // per entry: the best signature matched whole
	strong       []bool  // per entry: some evidence is not an uncorroborated weak phrase
	para         []float64
	paraHits     []int32
	paraCount    []uint16 // per paraphrase: words found, reset after use
	bm           []float64
	seen         []bool
	touched      []int32
	best         []float64 // per signature: best match quality
	// sufStamp and sufResult memoise extend per signature suffix at one
	// text position (stamp): matched<<1 | complete.
	sufStamp    []uint32
	sufResult   []int32
	stamp       uint32
	bestSigs    []int32
	msgToks     []uint32
	cterms      []uint32
	cent        []float64 // per entry: learned-word similarity
	centMax     float64   // the most and least of cent (0 when none)
	centMin     float64
	rest        []float64 // pruning: what the scored terms from i on can add
	survivors   []int32   // pruning: the entries whose rank could still make it
	bar         []float64 // pruning: the best ranks so far, best first
	seenCent    []bool
	centTouched []int32
	factHits    []int32 // entries whose Facts conditions the paste meets
	msgWords    []string
	cands       []candidate
	top         []Scored
}

// candidate is one entry with evidence, its features and rank.
type candidate struct {
	entry int32
	x     [numEntryFeatures]float64
	rank  float64
}

// Match ranks the entries for a paste and returns the best n (n <= 0: 5).
func (kb *KB) Match(text string, n int) Result {
	if n <= 0 {
		n = 5
	}
	if len(text) > MaxMatchInput {
		text = text[:MaxMatchInput]
	}
	sc := kb.pool.Get().(*scratch)
	defer kb.pool.Put(sc)
	res, z := kb.evidence(sc, text, n)
	m := kb.model
	sc.top = sc.top[:0]
	if len(sc.cands) > 0 {
		conf := capSuccess(m.confidenceOf(&z), res.success)
		topRank := sc.cands[0].rank
		for _, c := range sc.cands {
			score := conf * math.Exp(c.rank-topRank)
			e := kb.entries[c.entry]
			sc.top = insertTop(sc.top, Scored{Entry: e, Score: math.Round(score*1000) / 1000, Signature: sc.sigText[c.entry]}, n)
		}
		res.Ambiguous = len(sc.cands) > 1 && sc.cands[0].rank-sc.cands[1].rank < m.Torn && conf >= m.Thresholds.Floor
		res.tornRatio = math.Exp(-m.Torn)
	}
	res.Matches = slices.Clone(sc.top)
	return res
}

// evidence reads a paste: its signals and facts, every entry's evidence
// features and rank (sc.cands, best first), and the paste's features for
// the confidence model.
func (kb *KB) evidence(sc *scratch, text string, n int) (res Result, z [numPasteFeatures]float64) {
	ix := kb.idx
	sc.reset(len(kb.entries), len(ix.sigs))
	lower := sc.lowerOf(text)
	defer res.detach(sc)
	res = Result{Signals: detectSignals(text, lower)}
	res.success = successOnly(lower, res.Status)
	sc.words = tokenizeLower(text, lower, sc.words[:0])
	sc.toks = ix.lookupMemo(sc, sc.words, sc.toks[:0])
	res.Tool = ix.detectTool(sc.toks, lower)
	short := len(sc.toks) <= shortQuery
	if short {
		ix.correctQuery(sc)
		ix.countTitleHits(sc)
	}
	ix.matchSignatures(sc, res.OpenRouter > 0, res.Status)
	prune := kb.pruning()
	var rel float64
	if prune {
		rel = ix.queryTerms(sc) // scored after the other evidence, pruned
	} else {
		rel = ix.relevance(sc)
	}
	ix.matchParaphrases(sc)
	none := ix.matchCentroids(sc)
	res.Facts = readFacts(text, lower, res.Signals)
	sc.msgToks = ix.factTokens(sc, res.Facts)
	for _, ei := range ix.factEntries {
		if kb.entries[ei].FactsHold(res.Facts) {
			sc.factHits = append(sc.factHits, ei)
			sc.touch(ei)
		}
	}

	// Only the best few candidates are kept, in order; the softmax is
	// taken over the best softmaxOver of them.
	sc.cands = sc.cands[:0]
	sc.nextStamp() // for inMessages
	keep := max(n, softmaxOver)
	p := pasteEvidence{rel: rel, short: short, status: res.Status, openRouter: res.OpenRouter}
	if prune {
		kb.prunedCandidates(sc, &p, keep)
	} else {
		for _, ei := range sc.touched {
			sc.cands = insertCand(sc.cands, kb.candidate(sc, &p, ei, sc.bm[ei]), keep)
		}
	}
	z[pBias] = 1
	z[pOpenR] = res.OpenRouter
	z[pOther] = b2f(res.OtherVendor)
	z[pReport] = b2f(res.Report)
	z[pQuestion] = b2f(res.Question)
	z[pShort] = b2f(short)
	z[pClient] = b2f(res.Facts.Origin == "client")
	z[pNone] = none
	if len(sc.cands) > 0 {
		var ranks [softmaxOver]float64
		n := min(len(sc.cands), softmaxOver)
		for i, c := range sc.cands[:n] {
			ranks[i] = c.rank
		}
		setRankFeatures(&z, &sc.cands[0].x, ranks[:n])
	}
	return res, z
}

// pasteEvidence is what an entry's candidate features need to know
// about the paste besides the per-entry evidence in scratch.
type pasteEvidence struct {
	rel        float64 // the most relevance any entry could score
	short      bool
	status     int
	openRouter float64
}

// candidate computes entry ei's features and rank, with bm as its BM25
// score.
func (kb *KB) candidate(sc *scratch, p *pasteEvidence, ei int32, bm float64) candidate {
	ix := kb.idx
	c := candidate{entry: ei}
	x := &c.x
	x[fSig] = sc.sigScore[ei]
	x[fSigBest] = sc.sigBest[ei]
	if sc.sigBest[ei] > 0 {
		spec := min(float64(ix.sigs[sc.sigIdx[ei]].content), maxSpecific) / maxSpecific
		if !sc.sigWhole[ei] {
			spec *= 0.5
		}
		x[fSpecific] = spec
		if len(sc.msgToks) > 0 && sc.inMessages(&ix.sigs[sc.sigIdx[ei]]) {
			x[fFactMsg] = 1
		}
	}
	if p.rel > 0 {
		x[fRel] = bm / p.rel
	}
	if p.short && len(sc.query) > 0 {
		x[fTitle] = float64(sc.titleHits[ei]) / float64(len(sc.query))
	}
	x[fPara] = sc.para[ei]
	x[fCent] = sc.cent[ei]
	x[fFact] = b2f(slices.Contains(sc.factHits, ei))
	if p.status != 0 {
		if listed, hit := kb.status.check(ei, p.status); hit {
			x[fStatusHit] = 1
		} else if listed {
			x[fStatusMiss] = 1
		}
	}
	x[fORSupport] = p.openRouter * min(1, (x[fSig]+x[fRel]+x[fPara])/0.3)
	if sc.sigBest[ei] > 0 && !sc.strong[ei] {
		x[fWeakOnly] = 1
	}
	derive(x)
	c.rank = kb.model.rankOf(x)
	if !p.short {
		c.rank += kb.prior[ei] * priorWeight(x) // priors are learned on pastes; a typed query is all evidence
	}
	return c
}

// inMessages reports whether the messages' tokens (sc.msgToks) hold s,
// once per distinct phrase: many entries of a large knowledge base may
// share it. The memo is the suffix memo's, under a stamp of its own.
func (sc *scratch) inMessages(s *signature) bool {
	if sc.sufStamp[s.whole] == sc.stamp {
		return sc.sufResult[s.whole] == 1
	}
	in := containsSeq(sc.msgToks, s.toks)
	sc.sufStamp[s.whole], sc.sufResult[s.whole] = sc.stamp, int32(b2f(in))
	return in
}

// softmaxOver is how many of the best candidates the softmax covers: the
// rest hold a negligible share, and skipping them keeps a large knowledge
// base cheap.
const softmaxOver = 8

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// factTokens returns the term ids of OpenRouter's and the provider's
// messages, where the words that name the error are.
func (ix *index) factTokens(sc *scratch, f Facts) []uint32 {
	dst := sc.msgToks[:0]
	if f.Message == "" && f.ProviderMessage == "" {
		return dst
	}
	sc.msgWords = tokenize(f.Message, sc.msgWords[:0])
	sc.msgWords = append(sc.msgWords, "") // no phrase spans the two messages
	sc.msgWords = tokenize(f.ProviderMessage, sc.msgWords)
	return ix.lookup(sc.msgWords, dst)
}

// containsSeq reports whether pat (which may hold wildcards) occurs in
// text.
func containsSeq(text, pat []uint32) bool {
	for i := range text {
		if _, complete := extend(pat, text[i:]); complete {
			return true
		}
	}
	return false
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

// insertCand inserts c into cands, ordered by rank (then entry), keeping
// at most n.
func insertCand(cands []candidate, c candidate, n int) []candidate {
	if len(cands) == n && !candBefore(&c, &cands[n-1]) {
		return cands
	}
	// sort.Search's bisection, written out so the candidates are
	// compared in place, not copied into a closure's arguments.
	i, j := 0, len(cands)
	for i < j {
		h := int(uint(i+j) >> 1)
		if !candBefore(&c, &cands[h]) {
			i = h + 1
		} else {
			j = h
		}
	}
	if len(cands) < n {
		cands = append(cands, candidate{})
	}
	copy(cands[i+1:], cands[i:])
	cands[i] = c
	return cands
}

// candBefore orders candidates: higher rank first, then entry.
func candBefore(a, b *candidate) bool {
	return a.rank > b.rank || a.rank == b.rank && a.entry < b.entry
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
		sc.sigIdx = make([]int32, entries)
		sc.sigWhole = make([]bool, entries)
		sc.strong = make([]bool, entries)
		sc.para = make([]float64, entries)
		sc.cent = make([]float64, entries)
		sc.seenCent = make([]bool, entries)
		sc.bm = make([]float64, entries)
		sc.seen = make([]bool, entries)
		sc.titleHits = make([]uint8, entries)
	}
	if cap(sc.best) < sigs {
		sc.best = make([]float64, sigs)
	}
	sc.sigScore, sc.sigBest, sc.weakBest, sc.sigText, sc.bm, sc.seen = sc.sigScore[:entries], sc.sigBest[:entries], sc.weakBest[:entries], sc.sigText[:entries], sc.bm[:entries], sc.seen[:entries]
	sc.sigIdx, sc.sigWhole, sc.strong, sc.para = sc.sigIdx[:entries], sc.sigWhole[:entries], sc.strong[:entries], sc.para[:entries]
	sc.cent, sc.seenCent = sc.cent[:entries], sc.seenCent[:entries]
	sc.titleHits = sc.titleHits[:entries]
	for _, i := range sc.titleTouched {
		sc.titleHits[i] = 0
	}
	sc.titleTouched = sc.titleTouched[:0]
	for _, i := range sc.centTouched {
		sc.cent[i], sc.seenCent[i] = 0, false
	}
	sc.centTouched = sc.centTouched[:0]
	sc.best = sc.best[:sigs]
	for _, i := range sc.touched {
		sc.sigScore[i], sc.sigBest[i], sc.weakBest[i], sc.sigText[i], sc.bm[i], sc.seen[i] = 0, 0, 0, "", 0, false
		sc.sigIdx[i], sc.sigWhole[i], sc.strong[i], sc.para[i] = 0, false, false, 0
	}
	for _, si := range sc.bestSigs {
		sc.best[si] = 0
	}
	sc.touched, sc.bestSigs, sc.factHits = sc.touched[:0], sc.bestSigs[:0], sc.factHits[:0]
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
