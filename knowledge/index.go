package knowledge

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
)

// BM25 parameters for the relevance part of the score.
const (
	bm25K1 = 1.2
	bm25B  = 0.6
)

// Field weights: how often a field's words count toward an entry's text.
const (
	titleWeight     = 3
	signatureWeight = 2
)

// weakFactor scales a weak signature's evidence in a paste with nothing
// else marking it as OpenRouter's.
const weakFactor = 0.45

// maxQueryTerms bounds the distinct words of a paste scored for relevance:
// the rarest ones carry the evidence, and the bound keeps a long stack
// trace against a large knowledge base fast.
const maxQueryTerms = 48

// term ids: every word the index knows gets a small integer, so matching
// compares integers, not strings.
const (
	unknownTerm  uint32 = 0
	wildcardTerm uint32 = 1
)

// signature is one compiled signature phrase. A large knowledge base
// holds hundreds of thousands, many of them the same phrase in other
// entries: its fields are laid out without padding, identical token lists
// are shared and status lists are numbered (index.statusSets).
type signature struct {
	toks   []uint32 // term ids, with wildcardTerm; shared by identical phrases
	text   string
	weight float64 // how much a full match says, by how specific the phrase is
	entry  int32
	words  int32 // tokens that are not wildcards
	// content counts the phrase's content words: long specific phrases
	// outrank short generic ones.
	content int32
	// whole is the suffix number (sigRef.suffix) of the whole phrase.
	whole int32
	// statuses, when not 0 ("[429] phrase"), numbers the codes the phrase
	// is bound to (index.statusSets).
	statuses uint32
	// weak signatures ("~phrase") identify the entry only in a paste that is
	// otherwise marked as OpenRouter's (another vendor's API prints them too).
	weak bool
}

// sigRef points at a token position inside a signature. next is the term
// after it (0 when the phrase ends there or a wildcard follows): the lists
// in index.sigStart are sorted by it, so a paste's next word narrows the
// candidates to a short run found by binary search.
type sigRef struct {
	sig, pos int32
	next     uint32
	// suffix numbers the phrase's tokens from pos on: starts with the
	// same suffix match a text position alike, so a paste is compared
	// with each suffix once per position, however many entries share it.
	suffix int32
}

// posting is one entry's term frequency for a term: how often the term
// occurs in the entry's fields, each occurrence counted by its field's
// weight.
type posting struct {
	entry int32
	tf    uint32
}

// index is the matcher's immutable view of a knowledge base.
type index struct {
	vocab *vocab // term id <-> word
	sigs  []signature
	// statusSets lists the distinct status lists of status-bound
	// signatures (signature.statuses); set 0 is empty.
	statusSets [][]int
	// wholeToks shares one token list among identical phrases (by their
	// whole suffix number) while the index is built.
	wholeToks map[int32][]uint32
	statusIDs map[string]uint32 // numbers statusSets while the index is built
	sigStart  flatLists[sigRef] // term id -> signature positions where a match may start
	// starts collects sigStart while the index is built.
	starts [][]sigRef
	// suffixes numbers the distinct signature suffixes (sigRef.suffix)
	// while the index is built; nsuffix is how many there are.
	suffixes map[string]int32
	nsuffix  int32
	postings postingLists
	idf      []float64
	maxIDF   float64
	docNorm  []float64 // per entry: k1*(1-b+b*len/avg)

	centIDF   []float64           // term id -> learned idf (0: not in the model's words)
	centPosts flatLists[centPost] // term id -> centroid weights

	paras      []paraphrase
	paraByTerm flatLists[int32] // term id -> paraphrases holding it
	// paraTerms collects paraByTerm while the index is built.
	paraTerms [][]int32

	toolStart map[uint32][]toolPhrase
	typos     map[typoKey][]uint32 // words by length and first or second letter, for correct
	// titles lists, per term, the entries whose title, aliases or
	// signatures hold it, for short typed queries, which name an error the
	// way titles do.
	titles flatLists[int32]
	// factEntries lists the entries with Facts conditions.
	factEntries []int32
}

// term returns w's term id, numbering a new word.
func (ix *index) term(w string) uint32 { return ix.vocab.add(w) }

// nterms is the number of term ids.
func (ix *index) nterms() int { return ix.vocab.Len() }

func buildIndex(entries []*Entry) *index {
	ix := &index{vocab: newVocab(), suffixes: map[string]int32{}, wholeToks: map[int32][]uint32{}, statusIDs: map[string]uint32{}}
	ix.vocab.add("")       // unknownTerm
	ix.vocab.add(wildcard) // wildcardTerm
	ix.compileTools()
	lengths := make([]float64, len(entries))
	var total float64
	tf := map[uint32]uint32{}
	var toks []string
	var posts [][]posting
	var titles [][]int32
	for ei, e := range entries {
		if len(e.factConds) > 0 {
			ix.factEntries = append(ix.factEntries, int32(ei))
		}
		clear(tf)
		addText := func(s string, w uint32) {
			toks = tokenize(s, toks[:0])
			for _, t := range toks {
				if stopwords[t] || t == numToken || t == idToken {
					continue
				}
				tf[ix.term(t)] += w
				lengths[ei] += float64(w)
			}
		}
		addText(e.Title, titleWeight)
		for _, a := range e.Aliases {
			addText(a, signatureWeight)
		}
		for _, t := range ix.titleTerms(e) {
			for int(t) >= len(titles) {
				titles = append(titles, nil)
			}
			titles[t] = append(titles[t], int32(ei))
		}
		for _, s := range e.Signatures {
			addText(s, signatureWeight)
			ix.addSignature(ei, s)
		}
		for _, s := range e.Examples() {
			addText(s, 1)
		}
		for _, p := range e.Paraphrases {
			addText(p, 1)
			ix.addParaphrase(ei, p)
		}
		addText(relevanceText(e.Body()), 1)
		for len(posts) < ix.nterms() {
			posts = append(posts, nil)
		}
		for t, f := range tf {
			posts[t] = append(posts[t], posting{entry: int32(ei), tf: f})
		}
		total += lengths[ei]
	}
	for len(posts) < ix.nterms() {
		posts = append(posts, nil)
	}
	n := float64(len(entries))
	avg := 1.0
	if n > 0 && total > 0 {
		avg = total / n
	}
	ix.docNorm = make([]float64, len(entries))
	for i, l := range lengths {
		ix.docNorm[i] = bm25K1 * (1 - bm25B + bm25B*l/avg)
	}
	ix.postings = encodePostings(posts, ix.docNorm)
	ix.titles = flatten(titles)
	ix.sortSigStarts()
	ix.sigStart, ix.starts, ix.suffixes, ix.wholeToks, ix.statusIDs = flatten(ix.starts), nil, nil, nil, nil
	ix.sigs = slices.Clip(ix.sigs)
	ix.indexParaphrases()
	ix.maxIDF = math.Log(1 + (n+0.5)/0.5)
	ix.idf = make([]float64, ix.nterms())
	for t := range ix.nterms() {
		if df := float64(ix.postings.count(uint32(t))); df > 0 {
			ix.idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
		}
	}
	return ix
}

// titleTerms returns the distinct content terms of an entry's title and signatures.
func (ix *index) titleTerms(e *Entry) []uint32 {
	var ts []uint32
	texts := append([]string{e.Title}, e.Aliases...)
	for _, text := range append(texts, e.Signatures...) {
		for _, w := range tokenize(phraseOf(text), nil) {
			if !stopwords[w] && w != numToken && w != idToken {
				ts = append(ts, ix.term(w))
			}
		}
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// countTitleHits counts, for every entry, how many of a short query's
// content terms (sc.query) its title, aliases or signatures hold, into
// sc.titleHits; the entries with any are in sc.titleTouched.
func (ix *index) countTitleHits(sc *scratch) {
	for _, t := range sc.query {
		for _, ei := range ix.titles.of(t) {
			if sc.titleHits[ei] == 0 {
				sc.titleTouched = append(sc.titleTouched, ei)
			}
			sc.titleHits[ei]++
		}
	}
}

// addSignature compiles a signature and indexes the positions a match may
// start at: its first word, and the middle word for pastes that were cut
// at the front.
func (ix *index) addSignature(entry int, text string) {
	spec, err := parseSigSpec(text)
	if err != nil {
		return // lint reports it
	}
	words := tokenizeSignature(spec.phrase)
	n := int32(0)
	toks := make([]uint32, len(words))
	for i, w := range words {
		toks[i] = ix.term(w)
		if w != wildcard {
			n++
		}
	}
	if n == 0 {
		return
	}
	si := int32(len(ix.sigs))
	whole := ix.suffixID(toks)
	if shared, ok := ix.wholeToks[whole]; ok {
		toks = shared
	} else {
		ix.wholeToks[whole] = toks
	}
	content := contentWords(words)
	if !spec.weak && isIdentifier(spec.phrase) && content >= 2 {
		content = maxSpecific // a code name is as specific as a phrase gets
	}
	ix.sigs = append(ix.sigs, signature{entry: int32(entry), text: spec.phrase, toks: toks, words: n, weight: signatureStrength(words), content: int32(content), weak: spec.weak, statuses: ix.statusSet(spec.statuses), whole: whole})
	starts := []int{0}
	if mid := len(toks) / 2; n >= 4 && toks[mid] != wildcardTerm && contentWords(words[mid:]) >= 3 {
		starts = append(starts, mid) // only a distinctive second half may stand alone
	}
	for len(ix.starts) < ix.nterms() {
		ix.starts = append(ix.starts, nil)
	}
	for _, p := range starts {
		next := unknownTerm
		if p+1 < len(toks) && toks[p+1] != wildcardTerm {
			next = toks[p+1]
		}
		ix.starts[toks[p]] = append(ix.starts[toks[p]], sigRef{sig: si, pos: int32(p), next: next, suffix: ix.suffixID(toks[p:])})
	}
}

// statusSet returns the number of a status list, numbering a new one
// (0 for none).
func (ix *index) statusSet(statuses []int) uint32 {
	if len(statuses) == 0 {
		return 0
	}
	key := fmt.Sprint(statuses)
	if id, ok := ix.statusIDs[key]; ok {
		return id
	}
	if len(ix.statusSets) == 0 {
		ix.statusSets = append(ix.statusSets, nil)
	}
	id := uint32(len(ix.statusSets))
	ix.statusSets = append(ix.statusSets, slices.Clone(statuses))
	ix.statusIDs[key] = id
	return id
}

// suffixID returns the number of a signature suffix, numbering a new one.
func (ix *index) suffixID(toks []uint32) int32 {
	key := make([]byte, 0, 4*len(toks))
	for _, t := range toks {
		key = binary.LittleEndian.AppendUint32(key, t)
	}
	if id, ok := ix.suffixes[string(key)]; ok {
		return id
	}
	id := ix.nsuffix
	ix.suffixes[string(key)] = id
	ix.nsuffix++
	return id
}

// sortSigStarts orders every start list by the following term.
func (ix *index) sortSigStarts() {
	for _, refs := range ix.starts {
		slices.SortStableFunc(refs, func(a, b sigRef) int { return cmp.Compare(a.next, b.next) })
	}
}

// candidates returns the signature starts for term t followed by next:
// those whose phrase continues with next, and those that need no next word
// (one-word phrases and a wildcard after the first word).
func (ix *index) candidates(t, next uint32) (open, exact []sigRef) {
	refs := ix.sigStart.of(t)
	if len(refs) <= 8 {
		return refs, nil // short lists: extend checks every one
	}
	n := sort.Search(len(refs), func(i int) bool { return refs[i].next > unknownTerm })
	open = refs[:n]
	if next == unknownTerm {
		return open, nil
	}
	lo := n + sort.Search(len(refs)-n, func(i int) bool { return refs[n+i].next >= next })
	hi := lo
	for hi < len(refs) && refs[hi].next == next {
		hi++
	}
	return open, refs[lo:hi]
}

// contentWords counts the words that are not stopwords, numbers or wildcards.
func contentWords(words []string) int {
	n := 0
	for _, w := range words {
		if w != wildcard && w != numToken && w != idToken && !stopwords[w] && len(w) > 2 {
			n++
		}
	}
	return n
}

// signatureStrength is how much a full match of a phrase says: long phrases
// of content words are near-certain, a lone common word says little.
func signatureStrength(toks []string) float64 {
	content := 0.0
	for _, t := range toks {
		switch {
		case t == wildcard:
		case stopwords[t] || t == numToken || len(t) <= 2:
			content += 0.4
		default:
			content++
		}
	}
	return min(0.45+0.13*content, 0.97)
}

// lookup maps query words to term ids (unknownTerm for words the index
// has never seen).
func (ix *index) lookup(words []string, dst []uint32) []uint32 {
	for _, w := range words {
		dst = append(dst, ix.vocab.id(w))
	}
	return dst
}

// maxSpecific is the count of content words from which a phrase is fully
// specific.
const maxSpecific = 8

// isIdentifier reports whether a signature phrase is one code name: an
// exception class, an error code or a field joined by capitals or
// underscores ("AI_InvalidToolInputError", "payload_too_large"). Such a
// name is printed by one library for one error, however few its words.
func isIdentifier(phrase string) bool {
	joined := false
	for i := 0; i < len(phrase); i++ {
		c := phrase[i]
		switch {
		case c == '_' || i > 0 && isUpper(c) && isLower(phrase[i-1]):
			joined = true
		case !isAlnum(c):
			return false
		}
	}
	return joined
}
