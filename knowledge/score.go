package knowledge

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// The matcher scores a paste in two steps, both linear models whose
// weights are fitted to labelled pastes by `orfix fit` (see fit.go) and
// embedded as model.json:
//
//  1. rank: every entry with any evidence gets rank = w·x over its
//     evidence features (x below); the entries' ranks form a softmax, the
//     probability that each is the answer.
//  2. confidence: a logistic model over the paste's features (how the
//     best entry's evidence looks, the margin to the runner-up, whether the
//     paste is OpenRouter's, a report, a question) gives the probability
//     that the best entry answers an OpenRouter error in the paste. That
//     probability is the score every caller sees, and the thresholds
//     (floor, passive) are fitted on it.

// Entry features: the evidence one entry has in a paste.
const (
	fSig        = iota // signature evidence, phrases combined like independent witnesses
	fSigBest           // the strongest single phrase's evidence
	fSpecific          // how specific the best phrase is (its content words, when matched whole)
	fRel               // share of the paste's information the entry's text explains (BM25)
	fTitle             // share of a short query's words found in the title and phrases
	fPara              // paraphrase evidence (how people describe the error)
	fStatusHit         // the paste's HTTP status is one of the entry's
	fStatusMiss        // the paste has a status the entry does not list
	fFactMsg           // a phrase of the entry is in OpenRouter's or the provider's message
	fORSupport         // the paste is OpenRouter's, scaled by the entry's own evidence
	fWeakOnly          // the only evidence is weak phrases in a paste not marked as OpenRouter's
	fCent              // similarity of the paste's words to the entry's learned centroid
	fFact              // the paste's facts meet one of the entry's Facts conditions
	fSigStatus         // signature evidence backed by the paste's status
	fWeakCent          // learned-word similarity where no phrase matched
	fWeakPara          // paraphrase evidence where no phrase matched
	numEntryFeatures
)

// Paste features: what the paste and its best candidates look like.
const (
	pTopRank  = iota // the best entry's rank
	pMargin          // best rank minus the runner-up's
	pTopProb         // the best entry's softmax probability
	pSig             // the best entry's signature evidence
	pRel             // the best entry's relevance
	pOpenR           // OpenRouter marker strength (0, 0.6, 1)
	pOther           // another vendor's error
	pReport          // the text reports an error happening
	pQuestion        // the text reads as a question
	pShort           // a short typed query
	pClient          // a client-side exception with no OpenRouter answer in it
	pCent            // the best entry's learned-word similarity
	pNone            // similarity of the paste's words to text that holds no OpenRouter error
	pTitle           // a short query's share of words in the best entry's title and phrases
	pBias
	numPasteFeatures
)

// entryFeatureNames and pasteFeatureNames name the features in model.json.
var (
	entryFeatureNames = [numEntryFeatures]string{"sig", "sig_best", "specific", "rel", "title", "para", "status_hit", "status_miss", "fact_msg", "or_support", "weak_only", "centroid", "fact", "sig_status", "cent_nosig", "para_nosig"}
	pasteFeatureNames = [numPasteFeatures]string{"top_rank", "margin", "top_prob", "sig", "rel", "openrouter", "other_vendor", "report", "question", "short", "client", "centroid", "none", "title", "bias"}
)

// Model holds the fitted weights and the thresholds fitted with them.
type Model struct {
	Rank       map[string]float64 `json:"rank"`
	Confidence map[string]float64 `json:"confidence"`
	Thresholds Thresholds         `json:"thresholds"`
	// Torn is the rank margin under which the best two entries are too
	// close to call.
	Torn float64 `json:"torn"`
	// Fitted records how the weights were made (command, data, date).
	Fitted string `json:"fitted,omitempty"`
	// Prior is each entry's learned rank offset: how often it is the
	// answer when the evidence is equal. Entries it does not name get 0.
	Prior map[string]float64 `json:"prior,omitempty"`
	// Centroids is the learned word evidence.
	Centroids *Centroids `json:"centroids,omitempty"`

	rank [numEntryFeatures]float64
	conf [numPasteFeatures]float64
}

//go:embed model.json
var defaultModelJSON []byte

// defaultModel parses the embedded model once: it is read-only after, and
// every knowledge-base load and reload shares it.
var defaultModel = sync.OnceValue(func() *Model {
	m, err := ParseModel(defaultModelJSON)
	if err != nil {
		panic(fmt.Sprintf("knowledge: embedded model.json: %v", err)) // a build defect, caught by every test
	}
	return m
})

// DefaultModel returns the embedded model. It is shared: callers must not
// change it.
func DefaultModel() *Model { return defaultModel() }

// ParseModel reads a model file and checks that it names every feature.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	for i, n := range entryFeatureNames {
		w, ok := m.Rank[n]
		if !ok {
			return nil, fmt.Errorf("model: rank weight %q missing", n)
		}
		m.rank[i] = w
	}
	for i, n := range pasteFeatureNames {
		w, ok := m.Confidence[n]
		if !ok {
			return nil, fmt.Errorf("model: confidence weight %q missing", n)
		}
		m.conf[i] = w
	}
	if len(m.Rank) != len(entryFeatureNames) || len(m.Confidence) != len(pasteFeatureNames) {
		return nil, fmt.Errorf("model: unknown feature names")
	}
	return &m, nil
}

// Marshal returns the model as indented JSON.
func (m *Model) Marshal() ([]byte, error) {
	m.Rank, m.Confidence = map[string]float64{}, map[string]float64{}
	for i, n := range entryFeatureNames {
		m.Rank[n] = round4(m.rank[i])
	}
	for i, n := range pasteFeatureNames {
		m.Confidence[n] = round4(m.conf[i])
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return append(b, '\n'), nil
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// rankOf is w·x; x's derived features must be set (see derive). Most of
// an entry's features are 0, and their terms are skipped: the sum, added
// in the same order, is the same to the bit (the weights are finite, and
// a sum that starts at +0 never becomes -0, so adding a zero leaves it
// as it is).
func (m *Model) rankOf(x *[numEntryFeatures]float64) float64 {
	r := 0.0
	for i, v := range x {
		if v != 0 {
			r += m.rank[i] * v
		}
	}
	return r
}

func (m *Model) confidenceOf(z *[numPasteFeatures]float64) float64 {
	s := 0.0
	for i, w := range m.conf {
		s += w * z[i]
	}
	return sigmoid(s)
}

// maxMargin caps the margin feature: a paste with one candidate, or a
// runner-up far behind, reads the same.
const maxMargin = 4

// setRankFeatures fills the paste features that depend on the ranking,
// the same way for matching and for fitting: top is the best entry's
// evidence, ranks the best ranks in order (at most softmaxOver of them).
func setRankFeatures(z *[numPasteFeatures]float64, top *[numEntryFeatures]float64, ranks []float64) {
	z[pTopRank] = ranks[0]
	z[pSig], z[pRel], z[pCent], z[pTitle] = top[fSig], top[fRel], top[fCent], top[fTitle]
	z[pMargin] = maxMargin
	if len(ranks) > 1 {
		z[pMargin] = min(maxMargin, ranks[0]-ranks[1])
	}
	sum := 0.0
	for _, r := range ranks {
		sum += math.Exp(r - ranks[0])
	}
	z[pTopProb] = 1 / sum
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// derive sets the features made of others, so that the linear rank can
// weigh how evidence combines: a phrase backed by the status counts more
// than either alone, and learned words and paraphrases count more where no
// phrase matched (where they are all the evidence there is).
func derive(x *[numEntryFeatures]float64) {
	nosig := 1 - min(1, x[fSig])
	x[fSigStatus] = x[fSig] * x[fStatusHit]
	x[fWeakCent] = x[fCent] * nosig
	x[fWeakPara] = x[fPara] * nosig
}

// priorDamp is how much of an entry's prior a matched phrase takes away:
// the prior says which entry is the answer when the evidence is thin, and
// counts less once a phrase names the error.
const priorDamp = 0.5

// priorWeight is the share of an entry's prior its rank gets.
func priorWeight(x *[numEntryFeatures]float64) float64 {
	return 1 - priorDamp*min(1, x[fSig])
}
