package knowledge

// The matcher's hot path as it was before it was tuned for speed, kept
// verbatim (renamed with a "ref" prefix) as the reference the tuned
// functions are compared with: see hotpath_test.go. The functions the
// tuning left as they were are not copied: the reference calls them. Later
// changes of meaning are made here too, marked where they are.

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// refKeySpots is keySpots as it was.
type refKeySpots struct {
	lower string
	n     [len(factKeys)]uint8
	full  [len(factKeys)]bool
	at    [len(factKeys)][keySpotCap]int32
}

// From signals.go.
// detectSignals reads the signals of a paste; lower is text ASCII-lower-cased.
func refDetectSignals(text, lower string) Signals {
	var s Signals
	if strings.Contains(lower, "openrouter") {
		s.OpenRouter = 0.6
		for _, m := range strongMarkers {
			if strings.Contains(lower, m) {
				s.OpenRouter = 1
				break
			}
		}
	}
	if s.OpenRouter < 1 {
		for _, m := range otherStrong {
			if strings.Contains(lower, m) {
				s.OpenRouter = 1
				break
			}
		}
	}
	if s.OpenRouter == 0 {
		for _, m := range weakMarkers {
			if strings.Contains(lower, m) {
				s.OpenRouter = 0.6
				break
			}
		}
	}
	if s.OpenRouter == 0 {
		for _, m := range vendorMarkers {
			if strings.Contains(lower, m) {
				s.OtherVendor = true
				break
			}
		}
	}
	var statusScore int
	s.Status, statusScore = refDetectStatus(text, lower)
	s.Report = refLooksLikeReport(lower, statusScore >= 2)
	s.Question = looksLikeQuestion(lower)
	s.Model = refDetectModel(lower)
	return s
}

// From signals.go.
// detectStatus finds the HTTP status a paste reports: a standalone 4xx or
// 5xx number, preferring one that follows "code", "status", "http" or
// "error", or that starts a message ("401 User not found", "404: No
// endpoints"). It returns the code and how sure it is: 1 a bare number, 2
// or 3 a number in context.
func refDetectStatus(text, lower string) (int, int) {
	best, bestScore := 0, 0
	for i := 0; i+3 <= len(lower); i++ {
		c := lower[i]
		if c != '4' && c != '5' {
			continue
		}
		if i > 0 && (isAlnum(lower[i-1]) || lower[i-1] == '.' || lower[i-1] == '-' || lower[i-1] == ':' && i > 1 && isAlnum(lower[i-2])) {
			continue
		}
		if !isDigit(lower[i+1]) || !isDigit(lower[i+2]) {
			continue
		}
		if i+3 < len(lower) && (isAlnum(lower[i+3]) || lower[i+3] == '.' && i+4 < len(lower) && isDigit(lower[i+4])) {
			continue
		}
		code := int(c-'0')*100 + int(lower[i+1]-'0')*10 + int(lower[i+2]-'0')
		if !httpStatus(code) || logMillis(lower, i) { // a later change of meaning
			continue
		}
		score := 1
		ctx := lower[max(0, i-14):i]
		for _, w := range []string{"code", "status", "http", "error", "failed"} {
			if strings.Contains(ctx, w) {
				score = 3
				break
			}
		}
		if score == 1 && (i == 0 || lower[i-1] == '\n' || lower[i-1] == ' ' || lower[i-1] == '"' || lower[i-1] == '(') && i+4 < len(lower) && lower[i+3] == ' ' && isUpper(text[i+4]) {
			score = 2 // "401 User not found"
		}
		if score == 1 && i+5 < len(lower) && lower[i+3] == ':' && lower[i+4] == ' ' && isLetter(lower[i+5]) {
			score = 2 // "404: No endpoints found"
		}
		if score > bestScore {
			best, bestScore = code, score
		}
	}
	if best == 0 {
		return reasonStatus(text), 0
	}
	return best, bestScore
}

// From signals.go.
// detectModel finds the first "author/slug" model id with a known author.
func refDetectModel(lower string) string {
	for off := 0; ; {
		j := strings.IndexByte(lower[off:], '/')
		if j < 0 {
			return ""
		}
		j += off
		off = j + 1
		a := j
		for a > 0 && isModelChar(lower[a-1]) && lower[a-1] != '.' && lower[a-1] != ':' {
			a--
		}
		if !modelAuthors[lower[a:j]] || (a > 0 && (lower[a-1] == '/' || lower[a-1] == '.')) {
			continue
		}
		b := j + 1
		for b < len(lower) && isModelChar(lower[b]) {
			b++
		}
		for b > j+1 && (lower[b-1] == '.' || lower[b-1] == ':' || lower[b-1] == '-') {
			b--
		}
		if b > j+1 && isAlnum(lower[j+1]) {
			return lower[a:b]
		}
	}
}

// From signals.go.
// looksLikeReport reports whether a paste shows an error happening to
// someone: a status code in context, an error payload, a log or stack line,
// or words like "I get this error".
func refLooksLikeReport(lower string, statusInContext bool) bool {
	if statusInContext {
		return true
	}
	for _, m := range reportMarkers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// From facts_read.go.
// readFacts reads what a paste states. lower is text ASCII-lower-cased (the
// same length, so offsets agree). Every search moves forward through the
// text, so reading is linear in its length.
func refReadFacts(text, lower string, s Signals) Facts {
	f := Facts{Status: s.Status, Model: s.Model, Tool: s.Tool}
	var ks refKeySpots
	ks.refScan(lower)
	errAt := ks.refIndex("error", 0)
	if errAt < 0 {
		errAt = 0
	}
	if v, ok := refKeyValue(text, lower, "message", errAt, &ks); ok {
		f.Message = v
	} else if v, ok := refKeyValue(text, lower, "message", 0, &ks); ok {
		f.Message = v
	}
	if inner, ok := refKeyValue(f.Message, refAsciiLower(f.Message), "message", 0, nil); ok {
		f.ProviderMessage = inner // "Error from provider: {"error":{"message":...}}"
	}
	if v, ok := refKeyValue(text, lower, "code", errAt, &ks); ok && v != "" && v != "null" {
		f.Code = v
		if n, err := strconv.Atoi(v); err == nil && n >= 400 && n <= 599 && f.Status == 0 {
			f.Status = n
		}
	}
	if v, ok := refKeyValue(text, lower, "provider_name", 0, &ks); ok && v != "null" {
		f.Provider = v
	}
	if raw, ok := refKeyValue(text, lower, "raw", 0, &ks); ok && len(raw) > 2 && raw != "null" {
		rl := refAsciiLower(raw)
		if v, ok := refKeyValue(raw, rl, "message", 0, nil); ok {
			f.ProviderMessage = v
		} else if raw[0] != '{' {
			f.ProviderMessage = raw
		}
		if v, ok := refKeyValue(raw, rl, "type", keyIndex(rl, "error", 0), nil); ok && v != "error" {
			f.ProviderType = v
		} else if v, ok := refKeyValue(raw, rl, "status", 0, nil); ok {
			f.ProviderType = v
		}
	}
	if v, ok := refKeyValue(text, lower, "finish_reason", 0, &ks); ok && v != "null" {
		f.FinishReason = v
	}
	if f.Model == "" {
		if v, ok := refKeyValue(text, lower, "model", 0, &ks); ok && strings.IndexByte(v, '/') > 0 && !strings.HasSuffix(v, "/") && len(v) < 100 && !strings.ContainsAny(v, " {") {
			f.Model = v
		}
	}
	f.Limit = refReadLimit(lower)
	if strings.Contains(lower, "token") || strings.Contains(lower, "context") {
		f.ContextLimit, f.RequestedTokens = refReadTokenFigures(lower)
	}
	if v, ok := refKeyValue(text, lower, "max_tokens", 0, &ks); ok {
		f.MaxTokens, _ = strconv.Atoi(v)
	}
	if s.OpenRouter > 0 || strings.Contains(lower, "openrouter") {
		f.BaseURL, f.PathProblem = refReadBaseURL(text, lower)
		f.Endpoint = endpointOf(refAsciiLower(f.BaseURL))
	}
	if f.Tool != "" {
		f.ToolVersion = readToolVersion(lower, f.Tool)
	}
	f.Exception = readException(text)
	f.Origin = origin(f, s)
	return f
}

// From facts_read.go.
// keyValue reads the value of the first key name at or after from, in any
// of the shapes pastes carry: JSON ("k": "v"), escaped JSON (\"k\":\"v\"),
// Python reprs ('k': 'v'), JS printouts (k: 'v') and k=v. Quoted values are
// unescaped once; bare values run to the next ',', '}' or line end. ks,
// when not nil, holds the key spots of lower.
func refKeyValue(text, lower, name string, from int, ks *refKeySpots) (string, bool) {
	for from >= 0 && from < len(lower) {
		var j int
		if ks != nil {
			j = ks.refIndex(name, from)
		} else {
			j = keyIndex(lower, name, from)
		}
		if j < 0 {
			return "", false
		}
		from = j + len(name)
		k := from
		for k < len(text) && (text[k] == '"' || text[k] == '\'' || text[k] == '\\') {
			k++
		}
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k >= len(text) || text[k] != ':' && text[k] != '=' {
			continue
		}
		k++
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if v, ok := readValue(text, k, name != "message" && name != "raw"); ok {
			if quoted(text, k) || bareKeyAllowed(lower, j) {
				return v, true
			}
		}
	}
	return "", false
}

// From facts_read.go.
// cut bounds a fact's text and folds its runs of white space (wrapped
// lines) to one space.
func refCut(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxFactValue {
		s = s[:maxFactValue]
	}
	return s
}

// From facts_read.go.
// readLimit finds the OpenRouter limit a paste names.
func refReadLimit(lower string) string {
	i := strings.Index(lower, "free-models-per-")
	if i < 0 {
		if strings.Contains(lower, "key limit exceeded") {
			return "key-limit"
		}
		return ""
	}
	end := i + len("free-models-per-")
	for end < len(lower) && (isAlnum(lower[end]) || lower[end] == '-') {
		end++
	}
	return strings.TrimRight(lower[i:end], "-")
}

// From facts_read.go.
// readTokenFigures finds the context limit and the tokens requested:
// "maximum context length is 131072 tokens. However, you requested about
// 140000 tokens", "context length of 8192", "(128000 > 131072)" and the
// like.
func refReadTokenFigures(lower string) (limit, requested int) {
	for _, p := range []string{"context length is ", "context length of ", "context window of ", "context_length of ", "maximum context length ", "context limit of ", "token limit of ", "limit of ", "maximum of "} {
		if i := strings.Index(lower, p); i >= 0 {
			if n := numberAt(lower, i+len(p)); n > 0 {
				limit = n
				break
			}
		}
	}
	for _, p := range []string{"you requested about ", "you requested ", "requested about ", "requested ", "resulted in ", "prompt is too long: ", "input length ", "total of "} {
		if i := strings.Index(lower, p); i >= 0 {
			if n := numberAt(lower, i+len(p)); n > 0 {
				requested = n
				break
			}
		}
	}
	if limit > 0 && requested > 0 && requested <= limit {
		requested = 0 // "requested 5000 ... limit 8192": not an overshoot figure we can trust
	}
	return limit, requested
}

// From facts_read.go.
// readBaseURL finds the API URL a request went to and what is wrong with
// its path: a doubled /api/v1 or /v1, a missing /api/v1 on openrouter.ai,
// or another vendor's host.
func refReadBaseURL(text, lower string) (string, string) {
	i := strings.Index(lower, "openrouter.ai")
	if i >= 0 {
		start := i
		if s := strings.LastIndex(lower[max(0, i-12):i], "http"); s >= 0 {
			start = max(0, i-12) + s
		}
		end := i
		for end < len(lower) && end-start < 200 && !strings.ContainsRune(" \t\n\"'`<>)]},\\", rune(lower[end])) {
			end++
		}
		for end > i && strings.IndexByte(".:;,!?", lower[end-1]) >= 0 {
			end-- // the sentence's punctuation, not the URL's
		}
		u := text[start:end]
		path := lower[i+len("openrouter.ai") : end]
		switch {
		case strings.Contains(path, "/v1/v1") || strings.Contains(path, "/api/v1/api") || strings.Count(path, "/api/") > 1:
			return u, "doubled-v1"
		case strings.HasPrefix(path, "/v1") || strings.HasPrefix(path, "/chat/completions") || strings.HasPrefix(path, "/api/chat") || strings.HasPrefix(path, "/completions"):
			return u, "missing-api-v1"
		}
		if strings.HasPrefix(path, "/api") {
			return u, ""
		}
	}
	gen := strings.Index(lower, "generativelanguage.") // Google's host does not start with "api."
	for from := 0; from < len(lower); {
		j := strings.Index(lower[from:], "api.")
		if j >= 0 {
			j += from
		}
		if gen >= from && (j < 0 || gen < j) {
			j = gen
		}
		if j < 0 {
			break
		}
		from = j + 4
		for _, h := range otherHosts {
			if strings.HasPrefix(lower[j:], h) {
				end := j
				for end < len(lower) && end-j < 200 && !strings.ContainsRune(" \t\n\"'`<>)]},\\", rune(lower[end])) {
					end++
				}
				return text[j:end], "other-vendor-host"
			}
		}
	}
	return "", ""
}

// From facts_keys.go.
// scan records the key spots of lower.
func (ks *refKeySpots) refScan(lower string) {
	*ks = refKeySpots{lower: lower}
	colon, eq := strings.IndexByte(lower, ':'), strings.IndexByte(lower, '=')
	for colon >= 0 || eq >= 0 {
		var i int
		if eq < 0 || colon >= 0 && colon < eq {
			i = colon
			if j := strings.IndexByte(lower[i+1:], ':'); j >= 0 {
				colon = i + 1 + j
			} else {
				colon = -1
			}
		} else {
			i = eq
			if j := strings.IndexByte(lower[i+1:], '='); j >= 0 {
				eq = i + 1 + j
			} else {
				eq = -1
			}
		}
		ks.refAdd(i)
	}
}

// From facts_keys.go.
// add records the key that the sign at i closes, if it is one of factKeys.
func (ks *refKeySpots) refAdd(i int) {
	lower := ks.lower
	k := i
	for k > 0 && lower[k-1] == ' ' {
		k--
	}
	for k > 0 && (lower[k-1] == '"' || lower[k-1] == '\'' || lower[k-1] == '\\') {
		k--
	}
	end := k
	for k > 0 && isWordByte(lower[k-1]) {
		k--
	}
	if end-k < 3 || end-k > len("finish_reason") {
		return
	}
	name := lower[k:end]
	for id, key := range factKeys {
		if key != name {
			continue
		}
		if ks.n[id] == keySpotCap {
			ks.full[id] = true
			return
		}
		ks.at[id][ks.n[id]] = int32(k)
		ks.n[id]++
		return
	}
}

// From facts_keys.go.
// index returns the offset of the first key name at or after from, as
// keyIndex(ks.lower, name, from) does.
func (ks *refKeySpots) refIndex(name string, from int) int {
	id := -1
	for i, key := range factKeys {
		if key == name {
			id = i
			break
		}
	}
	if id < 0 {
		return keyIndex(ks.lower, name, from)
	}
	for _, at := range ks.at[id][:ks.n[id]] {
		if int(at) >= from {
			return int(at)
		}
	}
	if ks.full[id] {
		return keyIndex(ks.lower, name, max(from, int(ks.at[id][keySpotCap-1])+1))
	}
	return -1
}

// From normalize.go.
// tokenizeLower is tokenize with the ASCII-lower-cased text already made.
func refTokenizeLower(text, lower string, dst []string) []string {
	n := len(text)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			w := refClassify(lower[start:end])
			if w == "valid" && len(dst) > 0 && dst[len(dst)-1] == "not" { // a later change of meaning
				dst[len(dst)-1] = "invalid"
			} else {
				dst = append(dst, w)
			}
		}
		start = -1
	}
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c < utf8.RuneSelf && isAlnum(c):
			if start >= 0 && (refCamelBreak(text, i) || text[i-1] >= utf8.RuneSelf) {
				flush(i) // camelCase, or Latin right after another script ("报错This")
			}
			if start < 0 {
				start = i
			}
			i++
		case c == 0x1b: // ANSI escape: ESC [ params letter
			flush(i)
			i = skipANSI(text, i)
		case c == '\\':
			flush(i)
			i = skipEscape(text, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(text[i:])
			if isCJK(r) { // added with the CJK letter pairs, after the tuning
				flush(i)
				i, dst = cjkBigrams(lower, i, dst)
				continue
			}
			if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				if start >= 0 && text[i-1] < utf8.RuneSelf {
					flush(i) // another script right after Latin ("This报错")
				}
				if start < 0 {
					start = i
				}
			} else {
				flush(i)
			}
			i += size
		default:
			flush(i)
			i++
		}
	}
	flush(n)
	return dst
}

// From normalize.go.
// asciiLower lower-cases ASCII letters only, keeping byte offsets equal.
func refAsciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if isUpper(b[j]) {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// From normalize.go.
// classify folds numbers and ids and stems plurals.
func refClassify(w string) string {
	digits, letters := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c < utf8.RuneSelf:
			letters++
		}
	}
	switch {
	case digits == len(w):
		return numToken
	case digits >= 2 && len(w) >= 8:
		return idToken
	case len(w) >= 24 && letters == len(w):
		return idToken // base64-ish blobs without digits are rare words
	}
	return stem(w)
}

// From normalize.go.
// camelBreak reports whether a word boundary falls before text[i]:
// "aB" or the last capital of "ABc".
func refCamelBreak(text string, i int) bool {
	if i == 0 || !isUpper(text[i]) {
		return false
	}
	p := text[i-1]
	if isLower(p) {
		return true
	}
	return isUpper(p) && i+1 < len(text) && isLower(text[i+1])
}

// From relevance.go.
// queryTerms picks the paste's terms for relevance (sc.cterms, sc.uniq,
// sc.scored, as relevance documents them) and returns the most any entry
// could score.
func refQueryTerms(ix *index, sc *scratch) float64 {
	total := 0.0
	unknown := 0
	for i, t := range sc.toks {
		w := sc.words[i]
		if t == unknownTerm && !stopwords[w] && w != numToken && w != idToken && len(w) >= 2 {
			unknown++
		}
	}
	sc.cterms = append(sc.cterms[:0], sc.toks...)
	slices.Sort(sc.cterms)
	sc.cterms = slices.Compact(sc.cterms)
	sc.uniq = sc.uniq[:0]
	for _, t := range sc.cterms {
		if t != unknownTerm && t != wildcardTerm && ix.postings.count(t) > 0 && !stopwords[ix.vocab.word(t)] {
			sc.uniq = append(sc.uniq, t)
		}
	}
	sc.scored = ix.topTerms(sc.uniq, maxQueryTerms)
	total += float64(min(unknown, maxQueryTerms)) * ix.maxIDF * (bm25K1 + 1)
	for _, t := range sc.scored {
		total += ix.idf[t] * (bm25K1 + 1)
	}
	return total
}

// From match.go.
// candidate computes entry ei's features and rank, with bm as its BM25
// score.
func refCandidate(kb *KB, sc *scratch, p *pasteEvidence, ei int32, bm float64) candidate {
	ix := kb.idx
	c := candidate{entry: ei}
	x := &c.x
	x[fSig] = sc.sigScore[ei]
	x[fSigBest] = sc.sigBest[ei]
	if sc.sigBest[ei] > 0 {
		spec := min(float64(ix.sigs[sc.sigIdx[ei]].content), 8) / 8
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
	c.rank = refRankOf(kb.model, x)
	if !p.short {
		c.rank += kb.prior[ei] * priorWeight(x) // priors are learned on pastes; a typed query is all evidence
	}
	return c
}

// From match.go.
// insertCand inserts c into cands, ordered by rank (then entry), keeping
// at most n.
func refInsertCand(cands []candidate, c candidate, n int) []candidate {
	before := func(a, b candidate) bool { return a.rank > b.rank || a.rank == b.rank && a.entry < b.entry }
	if len(cands) == n && !before(c, cands[n-1]) {
		return cands
	}
	i := sort.Search(len(cands), func(i int) bool { return before(c, cands[i]) })
	if len(cands) < n {
		cands = append(cands, candidate{})
	}
	copy(cands[i+1:], cands[i:])
	cands[i] = c
	return cands
}

// From score.go.
// rankOf is w·x; x's derived features must be set (see derive).
func refRankOf(m *Model, x *[numEntryFeatures]float64) float64 {
	r := 0.0
	for i, w := range m.rank {
		r += w * x[i]
	}
	return r
}
