package knowledge

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// Fitting the scoring model (see score.go) to labelled pastes.
//
// The rank weights are a conditional logit (softmax regression over each
// paste's candidate entries): it maximises the probability of the right
// entry among the ones with evidence, which is what top-1 asks for, it is
// convex (one answer, reproducible), and with a dozen features and a few
// thousand pastes it fits in well under a second. The confidence weights
// are a logistic regression on whether the best entry is the right answer
// to an OpenRouter error (chatter and other vendors' errors are the
// negatives). The thresholds are then read off out-of-fold predictions.

// sample is one paste's features, computed once; fitting only reweighs them.
type sample struct {
	id     string
	group  string
	set    string
	label  string // "" for chatter and other vendors' errors
	also   string
	chat   bool // label null (else off-topic, when label is "")
	cands  []fitCand
	pastez [numPasteFeatures]float64 // the rank-free paste features
	terms  []string                  // distinct words, for the centroids
	// success marks a log of successful exchanges only: its confidence is
	// capped as in Match.
	success bool
}

type fitCand struct {
	id string
	ei int // the entry's index, for its prior
	x  [numEntryFeatures]float64
}

// rankWeights are the rank model being fitted: the feature weights and
// one prior per entry (how often the entry is the answer when the evidence
// is equal).
type rankWeights struct {
	w     [numEntryFeatures]float64
	prior []float64
}

func (rw *rankWeights) rank(s *sample, c *fitCand) float64 {
	r := dot(rw.w[:], c.x[:])
	if s.pastez[pShort] == 0 {
		r += rw.prior[c.ei] * priorWeight(&c.x) // as in Match: typed queries get no prior
	}
	return r
}

// correct reports whether id answers the sample.
func (s *sample) correct(id string) bool {
	return s.label != "" && (id == s.label || id == s.also)
}

// samples computes every case's features.
func (kb *KB) samples(cases []Case) []sample {
	sc := &scratch{}
	out := make([]sample, 0, len(cases))
	for _, c := range cases {
		text := c.Text
		if len(text) > MaxMatchInput {
			text = text[:MaxMatchInput]
		}
		res, z := kb.evidence(sc, text, len(kb.entries))
		s := sample{id: c.ID, group: c.Source, set: c.Set, pastez: z, success: res.success}
		if s.group == "" {
			s.group = c.ID
		}
		switch {
		case c.Label == nil:
			s.chat = true
		case *c.Label == LabelOffTopic:
		default:
			s.label = *c.Label
			if c.Also != nil {
				s.also = *c.Also
			}
		}
		s.terms = centWords(text)
		// Every entry is a candidate here; withCentroids keeps those the
		// matcher would consider once the fold's centroids are known.
		seen := map[int32]bool{}
		for _, cd := range sc.cands {
			seen[cd.entry] = true
			cd.x[fCent] = 0
			s.cands = append(s.cands, fitCand{id: kb.entries[cd.entry].ID, ei: int(cd.entry), x: cd.x})
		}
		for ei, e := range kb.entries {
			if !seen[int32(ei)] {
				s.cands = append(s.cands, fitCand{id: e.ID, ei: ei})
			}
		}
		out = append(out, s)
	}
	return out
}

// Fit regularisation and schedule.
const (
	fitL2 = 0.003
	// fitPriorL2 is the L2 penalty on the entries' priors.
	fitPriorL2 = 0.01
	// fitBalance is how much a sample's weight falls with the number of
	// samples sharing its label (0: every sample weighs the same).
	fitBalance = 0.3
	fitSteps   = 1200
	fitRate    = 0.5
	fitFolds   = 5
)

// fitRank fits the rank weights by gradient descent on the softmax loss.
// entries is the number of entries (the priors' length).
func fitRank(ss []sample, entries int) rankWeights {
	nf := int(numEntryFeatures)
	theta := make([]float64, nf+entries)
	theta[fSig], theta[fRel] = 1, 1
	g, m, v := make([]float64, len(theta)), make([]float64, len(theta)), make([]float64, len(theta))
	rw := rankWeights{prior: make([]float64, entries)}
	load := func() {
		copy(rw.w[:], theta[:nf])
		copy(rw.prior, theta[nf:])
	}
	probs := make([]float64, 0, 64)
	// Each sample weighs count(label)^-fitBalance, so that an entry many
	// pastes are labelled with does not buy its prior with sheer numbers.
	perLabel := map[string]int{}
	for i := range ss {
		if hasCorrect(&ss[i]) {
			perLabel[ss[i].label]++
		}
	}
	weight := make([]float64, len(ss))
	n := 0.0
	for i := range ss {
		if hasCorrect(&ss[i]) {
			weight[i] = math.Pow(float64(perLabel[ss[i].label]), -fitBalance)
			n += weight[i]
		}
	}
	load()
	if n == 0 {
		return rw
	}
	for step := 1; step <= fitSteps; step++ {
		clear(g)
		for i := range ss {
			s := &ss[i]
			if !hasCorrect(s) {
				continue
			}
			probs = softmax(s, &rw, probs[:0])
			pc := 0.0
			for k, c := range s.cands {
				if s.correct(c.id) {
					pc += probs[k]
				}
			}
			// d(-log pc)/dθ = E_p[x] - E_{p|correct}[x]
			for k, c := range s.cands {
				coef := probs[k]
				if s.correct(c.id) {
					coef -= probs[k] / pc
				}
				coef *= weight[i]
				for f := range nf {
					g[f] += coef * c.x[f]
				}
				if s.pastez[pShort] == 0 {
					g[nf+c.ei] += coef * priorWeight(&c.x)
				}
			}
		}
		adam(theta, g, m, v, step, n, nf)
		load()
	}
	return rw
}

// adam takes one Adam step on w with gradient g summed over n samples,
// plus the L2 penalty: fitL2 on the first nf weights, fitPriorL2 on the
// rest (the priors).
func adam(w, g, m, v []float64, step int, n float64, nf int) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	lr := fitRate / math.Sqrt(float64(step))
	for f := range w {
		l2 := fitL2
		if f >= nf {
			l2 = fitPriorL2
		}
		gf := g[f]/n + l2*w[f]
		m[f] = b1*m[f] + (1-b1)*gf
		v[f] = b2*v[f] + (1-b2)*gf*gf
		mh := m[f] / (1 - math.Pow(b1, float64(step)))
		vh := v[f] / (1 - math.Pow(b2, float64(step)))
		w[f] -= lr * mh / (math.Sqrt(vh) + eps)
	}
}

func hasCorrect(s *sample) bool {
	for _, c := range s.cands {
		if s.correct(c.id) {
			return true
		}
	}
	return false
}

// softmax returns the candidates' probabilities under rw.
func softmax(s *sample, rw *rankWeights, dst []float64) []float64 {
	top := math.Inf(-1)
	for i := range s.cands {
		dst = append(dst, rw.rank(s, &s.cands[i]))
		top = max(top, dst[len(dst)-1])
	}
	sum := 0.0
	for i := range dst {
		dst[i] = math.Exp(dst[i] - top)
		sum += dst[i]
	}
	for i := range dst {
		dst[i] /= sum
	}
	return dst
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// ranked is a sample scored with rank weights: the candidates' order and
// the full paste features.
type ranked struct {
	order []int // candidate indexes, best first
	z     [numPasteFeatures]float64
}

func rankSample(s *sample, rw *rankWeights) ranked {
	r := ranked{z: s.pastez}
	ranks := make([]float64, len(s.cands))
	for k := range s.cands {
		ranks[k] = rw.rank(s, &s.cands[k])
		r.order = append(r.order, k)
	}
	slices.SortStableFunc(r.order, func(a, b int) int {
		if c := cmp.Compare(ranks[b], ranks[a]); c != 0 {
			return c
		}
		return cmp.Compare(s.cands[a].id, s.cands[b].id)
	})
	if len(r.order) > 0 {
		best := make([]float64, 0, softmaxOver)
		for _, k := range r.order[:min(len(r.order), softmaxOver)] {
			best = append(best, ranks[k])
		}
		setRankFeatures(&r.z, &s.cands[r.order[0]].x, best)
	}
	return r
}

// fitConfidence fits the logistic confidence model: is the best entry the
// right answer to an OpenRouter error?
func fitConfidence(ss []sample, w *rankWeights) [numPasteFeatures]float64 {
	var c, g, m, v [numPasteFeatures]float64
	zs := make([][numPasteFeatures]float64, 0, len(ss))
	ys := make([]float64, 0, len(ss))
	for i := range ss {
		r := rankSample(&ss[i], w)
		if len(r.order) == 0 {
			continue
		}
		y := 0.0
		if ss[i].correct(ss[i].cands[r.order[0]].id) {
			y = 1
		}
		zs, ys = append(zs, r.z), append(ys, y)
	}
	if len(zs) == 0 {
		return c
	}
	for step := 1; step <= fitSteps; step++ {
		clear(g[:])
		for i, z := range zs {
			d := sigmoid(dot(c[:], z[:])) - ys[i]
			for f := range g {
				g[f] += d * z[f]
			}
		}
		adam(c[:], g[:], m[:], v[:], step, float64(len(zs)), len(c))
	}
	return c
}

// prediction is one out-of-fold outcome.
type prediction struct {
	s        *sample
	top      []string // best three ids
	conf     float64
	margin   float64
	hasCands bool
}

// FitReport is what `orfix fit` prints: out-of-fold (grouped by source
// thread) figures and the fitted model.
type FitReport struct {
	Cases, Labelled, Groups int
	Folds                   int
	// Top1 and Top3 are out-of-fold accuracies on labelled cases.
	Top1, Top3 float64
	// PassiveFPChatter, PassiveFPOffTopic and PassiveRecall are
	// out-of-fold at the fitted thresholds.
	PassiveFPChatter, PassiveFPOffTopic, PassiveRecall float64
	// TornShare is the share of labelled cases called torn, and
	// TornTop2 how often the answer is among the torn candidates.
	TornShare, TornTop1, TornTop2 float64
	// Sets holds the out-of-fold top-1 and top-3 per case set.
	Sets map[string][2]float64
	// Counts holds, per case set and then per labelled entry, the
	// out-of-fold counts: right at top 1, right in the top 3, cases.
	Counts map[string]map[string][3]int
	// Uncited is Counts over the cases whose source thread the labelled
	// entry does not cite: pastes the entry was not written from.
	Uncited map[string]map[string][3]int
	// Misses lists, in case order, the labelled cases whose answer is not
	// the best entry out of fold, and the cases holding no OpenRouter
	// error that were answered at or above the floor.
	Misses []FitMiss
	Model  *Model
}

// FitMiss is one out-of-fold miss: the case, its label and the best ids.
type FitMiss struct {
	ID    string   `json:"id"`
	Set   string   `json:"set"`
	Label string   `json:"label"`
	Top   []string `json:"top"`
	Conf  float64  `json:"conf"`
}

// Fit fits the scoring model to labelled cases with grouped
// cross-validation: folds split by source thread, thresholds chosen on the
// out-of-fold predictions, final weights fitted on everything.
func Fit(kb *KB, cases []Case, folds int) (FitReport, error) {
	if folds < 2 {
		folds = fitFolds
	}
	// Every entry's examples are labelled pastes too, and must keep winning.
	for _, e := range kb.entries {
		for i, ex := range e.Examples() {
			id := e.ID
			cases = append(cases, Case{ID: fmt.Sprintf("%s#%d", id, i), Text: ex, Label: &id, Source: "kb:" + id + "#" + fmt.Sprint(i), Set: "kb-examples"})
		}
	}
	ss := kb.samples(cases)
	rep := FitReport{Cases: len(ss), Folds: folds}
	groups := map[string]bool{}
	for i := range ss {
		groups[ss[i].group] = true
		if ss[i].label != "" {
			rep.Labelled++
		}
	}
	rep.Groups = len(groups)
	if rep.Labelled == 0 {
		return rep, fmt.Errorf("fit: no labelled cases")
	}
	fold := func(s *sample) int {
		h := fnv.New32a()
		h.Write([]byte(s.group))
		return int(h.Sum32() % uint32(folds))
	}
	preds := make([]prediction, 0, len(ss))
	for k := range folds {
		var raw []sample
		var test []*sample
		for i := range ss {
			if fold(&ss[i]) != k {
				raw = append(raw, ss[i])
			}
		}
		cm := buildCentroids(raw)
		train := make([]sample, len(raw))
		for i := range raw {
			train[i] = withCentroids(&raw[i], cm, true)
		}
		for i := range ss {
			if fold(&ss[i]) == k {
				t := withCentroids(&ss[i], cm, false)
				test = append(test, &t)
			}
		}
		w := fitRank(train, len(kb.entries))
		c := fitConfidence(train, &w)
		for _, s := range test {
			preds = append(preds, predict(s, &w, &c))
		}
	}
	cm := buildCentroids(ss)
	all := make([]sample, len(ss))
	for i := range ss {
		all[i] = withCentroids(&ss[i], cm, true)
	}
	m := &Model{Centroids: cm.export(), Prior: map[string]float64{}}
	rw := fitRank(all, len(kb.entries))
	m.rank = rw.w
	for i, e := range kb.entries {
		m.Prior[e.ID] = round4(rw.prior[i])
	}
	m.conf = fitConfidence(all, &rw)
	m.Thresholds, m.Torn = chooseThresholds(preds)
	rep.Model = m
	rep.score(preds)
	rep.Uncited = uncitedCounts(kb, preds)
	return rep, nil
}

func predict(s *sample, w *rankWeights, c *[numPasteFeatures]float64) prediction {
	r := rankSample(s, w)
	p := prediction{s: s, hasCands: len(r.order) > 0}
	for _, k := range r.order[:min(3, len(r.order))] {
		p.top = append(p.top, s.cands[k].id)
	}
	if p.hasCands {
		p.conf = capSuccess(sigmoid(dot(c[:], r.z[:])), s.success)
		p.margin = r.z[pMargin]
	}
	return p
}

// floorWindow is how many 0.01 steps either side of a floor its gain is
// averaged over when the floor is chosen.
const floorWindow = 5

// floorTie is the share of the best gain under which a floor no longer
// counts as equally good.
const floorTie = 0.01

// Threshold targets: passive answers may reach at most this share of
// chatter and of other vendors' errors (out of fold), with a margin under
// the published bars of 1% and 3%.
const (
	targetFPChatter  = 0.008
	targetFPOffTopic = 0.025
)

// chooseThresholds reads the thresholds off out-of-fold predictions: the
// passive bar is the lowest that keeps false positives under the targets;
// the floor maximises right answers minus twice the wrong ones given with
// confidence (and minus a half for each answer to text that holds no
// error), averaged over nearby floors; torn is the largest margin (up to 1.5) under which the best entry
// is right less than three times in five.
func chooseThresholds(ps []prediction) (Thresholds, float64) {
	var th Thresholds
	th.Passive = 0.99
	for t := 0.99; t >= 0.3; t -= 0.01 {
		fpChat, fpOff := passiveFP(ps, t)
		if fpChat > targetFPChatter || fpOff > targetFPOffTopic {
			break
		}
		th.Passive = math.Round(t*100) / 100
	}
	// The gain is flat over a wide band of floors and its maximum jumps
	// with a single paste, so the floor is the best of the gains averaged
	// over a window of floorWindow steps either side.
	var floors, gains []float64
	for t := 0.05; t < th.Passive; t += 0.01 {
		gain := 0.0
		for _, p := range ps {
			if !p.hasCands || p.conf < t {
				continue
			}
			if p.s.label == "" {
				gain -= 0.5 // an explicit answer to text that holds no OpenRouter error
				continue
			}
			if p.s.correct(p.top[0]) {
				gain++
			} else {
				gain -= 2
			}
		}
		floors, gains = append(floors, math.Round(t*100)/100), append(gains, gain)
	}
	smooth := make([]float64, len(gains))
	best := math.Inf(-1)
	for i := range gains {
		lo, hi := max(0, i-floorWindow), min(len(gains), i+floorWindow+1)
		sum := 0.0
		for _, g := range gains[lo:hi] {
			sum += g
		}
		smooth[i] = sum / float64(hi-lo)
		best = max(best, smooth[i])
	}
	// The plateau is wide: of the floors within floorTie of the best gain,
	// the highest asserts least for the same gain, and does not jump with
	// the plateau's noise.
	for i := range smooth {
		if smooth[i] >= best-floorTie*math.Abs(best) {
			th.Floor = floors[i]
		}
	}
	torn := 0.0
	for m := 0.1; m <= 1.5; m += 0.1 {
		var n, right int
		for _, p := range ps {
			if p.s.label == "" || !p.hasCands || len(p.top) < 2 || p.margin >= m {
				continue
			}
			n++
			if p.s.correct(p.top[0]) {
				right++
			}
		}
		if n >= 5 && ratio(right, n) < 0.6 {
			torn = math.Round(m*10) / 10
		}
	}
	return th, torn
}

// negativeLabel names the kind of a case that holds no OpenRouter error,
// for the misses file.
func negativeLabel(s *sample) string {
	if s.chat {
		return "(chatter)"
	}
	return "(other vendor)"
}

// passiveFP returns the shares of chatter and of other vendors' errors
// that a passive bar of t would answer.
func passiveFP(ps []prediction, t float64) (chatter, offTopic float64) {
	var chat, chatFP, off, offFP int
	for _, p := range ps {
		if p.s.label != "" {
			continue
		}
		fp := p.hasCands && p.conf >= t
		if p.s.chat {
			chat++
			if fp {
				chatFP++
			}
		} else {
			off++
			if fp {
				offFP++
			}
		}
	}
	return ratio(chatFP, chat), ratio(offFP, off)
}

// score fills the report's out-of-fold figures at the model's thresholds.
func (rep *FitReport) score(ps []prediction) {
	th, torn := rep.Model.Thresholds, rep.Model.Torn
	var top1, top3, passive, tornN, tornTop1, tornTop2 int
	perSet := map[string]*outcome{}
	rep.Counts = map[string]map[string][3]int{}
	for _, p := range ps {
		s := p.s
		if s.label != "" {
			addCount(rep.Counts, &p)
			c := perSet[s.set]
			if c == nil {
				c = &outcome{}
				perSet[s.set] = c
			}
			c.add(&p)
		}
		if s.label == "" {
			if p.hasCands && p.conf >= th.Floor {
				// Text that holds no OpenRouter error, answered with
				// confidence: a miss of the passive and explicit bars.
				rep.Misses = append(rep.Misses, FitMiss{ID: s.id, Set: s.set, Label: negativeLabel(s), Top: p.top, Conf: round4(p.conf)})
			}
			continue
		}
		if len(p.top) == 0 || !s.correct(p.top[0]) {
			rep.Misses = append(rep.Misses, FitMiss{ID: s.id, Set: s.set, Label: s.label, Top: p.top, Conf: round4(p.conf)})
		}
		for i, id := range p.top {
			if s.correct(id) {
				top3++
				if i == 0 {
					top1++
					if p.conf >= th.Passive {
						passive++
					}
				}
				break
			}
		}
		if p.hasCands && len(p.top) > 1 && p.margin < torn && p.conf >= th.Floor {
			tornN++
			if s.correct(p.top[0]) {
				tornTop1++
			}
			if s.correct(p.top[0]) || s.correct(p.top[1]) {
				tornTop2++
			}
		}
	}
	rep.Sets = map[string][2]float64{}
	for name, c := range perSet {
		rep.Sets[name] = [2]float64{ratio(c[0], c[2]), ratio(c[1], c[2])}
	}
	rep.Top1, rep.Top3 = ratio(top1, rep.Labelled), ratio(top3, rep.Labelled)
	rep.PassiveFPChatter, rep.PassiveFPOffTopic = passiveFP(ps, th.Passive)
	rep.PassiveRecall = ratio(passive, rep.Labelled)
	rep.TornShare, rep.TornTop1, rep.TornTop2 = ratio(tornN, rep.Labelled), ratio(tornTop1, tornN), ratio(tornTop2, tornN)
}

// uncitedCounts returns the out-of-fold counts per set and labelled entry
// (right at top 1, in the top 3, cases) over the cases whose source thread
// the entry's sources do not name.
func uncitedCounts(kb *KB, ps []prediction) map[string]map[string][3]int {
	out := map[string]map[string][3]int{}
	for _, p := range ps {
		s := p.s
		if s.label == "" {
			continue
		}
		if e, ok := kb.Get(s.label); ok && cites(e, s.group) {
			continue
		}
		addCount(out, &p)
	}
	return out
}

// outcome counts predictions: right at top 1, right in the top 3, cases.
type outcome [3]int

// add counts one prediction.
func (c *outcome) add(p *prediction) {
	c[2]++
	for i, id := range p.top {
		if p.s.correct(id) {
			c[1]++
			if i == 0 {
				c[0]++
			}
			return
		}
	}
}

// addCount counts a labelled prediction under its set and label.
func addCount(counts map[string]map[string][3]int, p *prediction) {
	byEntry := counts[p.s.set]
	if byEntry == nil {
		byEntry = map[string][3]int{}
		counts[p.s.set] = byEntry
	}
	c := outcome(byEntry[p.s.label])
	c.add(p)
	byEntry[p.s.label] = c
}

// cites reports whether the entry's sources name the thread src
// ("owner/repo#N"), written that way or as its GitHub URL.
func cites(e *Entry, src string) bool {
	repo, num, ok := strings.Cut(src, "#")
	if !ok || repo == "" || num == "" {
		return false
	}
	for _, s := range e.Sources {
		if s == src {
			return true
		}
		for _, kind := range []string{"/issues/", "/pull/", "/discussions/"} {
			if strings.Contains(s, "github.com/"+repo+kind+num) {
				rest := s[strings.Index(s, repo+kind+num)+len(repo+kind+num):]
				if rest == "" || rest[0] < '0' || rest[0] > '9' {
					return true
				}
			}
		}
	}
	return false
}
