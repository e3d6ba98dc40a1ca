package knowledge

// The matcher's hot path as it was before it was tuned for speed, kept
// verbatim (renamed with a "ref" prefix) as the reference the tuned
// functions are compared with: see hotpath_test.go. Later changes of
// meaning are made here too, marked where they are.

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
	s.Question = refLooksLikeQuestion(lower)
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
		return refReasonStatus(text), 0
	}
	return best, bestScore
}

// From signals.go.
// reasonStatus returns the status of the first HTTP reason phrase in text
// (0 for none): the status of a paste that prints the phrase without the
// number ("error: Internal Server Error").
func refReasonStatus(text string) int {
	best, at := 0, len(text)
	for _, r := range reasonPhrases {
		if i := strings.Index(text[:at], r.phrase); i >= 0 {
			best, at = r.code, i
		}
	}
	return best
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
// looksLikeQuestion reports whether a text reads as a question about
// something rather than a paste.
func refLooksLikeQuestion(lower string) bool {
	t := strings.TrimSpace(lower)
	if strings.HasSuffix(t, "?") {
		return true
	}
	for _, q := range questionStarts {
		if strings.HasPrefix(t, q) {
			return true
		}
	}
	return false
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
		if v, ok := refKeyValue(raw, rl, "type", refKeyIndex(rl, "error", 0), nil); ok && v != "error" {
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
		f.Endpoint = refEndpointOf(refAsciiLower(f.BaseURL))
	}
	if f.Tool != "" {
		f.ToolVersion = refReadToolVersion(lower, f.Tool)
	}
	f.Exception = refReadException(text)
	f.Origin = refOrigin(f, s)
	return f
}

// From facts_read.go.
// keyIndex returns the offset of the first key name at or after from: the
// name right after a quote (any escape level) and followed by a quote,
// ':' or '='.
func refKeyIndex(lower, name string, from int) int {
	for from < len(lower) {
		j := strings.Index(lower[from:], name)
		if j < 0 {
			return -1
		}
		j += from
		end := j + len(name)
		from = end
		if j > 0 && isWordByte(lower[j-1]) || end < len(lower) && isWordByte(lower[end]) {
			continue
		}
		k := end
		for k < len(lower) && (lower[k] == '"' || lower[k] == '\'' || lower[k] == '\\') {
			k++
		}
		for k < len(lower) && lower[k] == ' ' {
			k++
		}
		if k < len(lower) && (lower[k] == ':' || lower[k] == '=') {
			return j
		}
	}
	return -1
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
			j = refKeyIndex(lower, name, from)
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
		if v, ok := refReadValue(text, k, name != "message" && name != "raw"); ok {
			if quoted(text, k) || bareKeyAllowed(lower, j) {
				return v, true
			}
		}
	}
	return "", false
}

// From facts_read.go.
// readValue reads a quoted or bare value starting at i; a bare word value
// (word true) ends at the first space.
func refReadValue(text string, i int, word bool) (string, bool) {
	d := i
	for d < len(text) && text[d] == '\\' {
		d++
	}
	if d < len(text) && (text[d] == '"' || text[d] == '\'') {
		delim := text[i : d+1] // e.g. `"`, `\"`, `\\\"`
		start := d + 1
		for k := start; k < len(text) && k-start <= 8*maxFactValue; {
			n := strings.Index(text[k:], delim)
			if n < 0 {
				break
			}
			at := k + n
			if at > start && text[at-1] == '\\' && !strings.HasPrefix(delim, "\\") || len(delim) == 1 && escapedAt(text, at) || delim == "'" && !closesValue(text, at+1) {
				k = at + len(delim)
				continue
			}
			return refCut(refUnescape(text[start:at], len(delim)-1)), true
		}
		return refCut(refUnescape(text[start:min(len(text), start+maxFactValue)], len(delim)-1)), true
	}
	if d != i {
		return "", false
	}
	end := i
	for end < len(text) && end-i < maxFactValue {
		c := text[end]
		if c == ',' || c == '}' || c == '\n' || c == ')' || c == ']' || c == '\r' || word && (c == ' ' || c == ';') {
			break
		}
		end++
	}
	v := strings.TrimSpace(text[i:end])
	return v, v != ""
}

// From facts_read.go.
// unescape removes one level of backslash escapes from a quoted value whose
// delimiter carried level backslashes (0 for plain JSON): \" and \n and
// the like become their characters, so the provider's raw body nested in
// metadata.raw reads as JSON again.
func refUnescape(s string, level int) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		// Collapse a run of backslashes to the run one level down.
		j := i
		for j < len(s) && s[j] == '\\' {
			j++
		}
		run := j - i
		keep := (run - 1) / 2
		if level > 0 {
			keep = (run - level) / (level + 1)
		}
		if j < len(s) && (s[j] == 'n' || s[j] == 't') && keep == 0 {
			b.WriteByte(' ')
			i = j
			continue
		}
		if j < len(s) && s[j] == 'u' && keep == 0 && j+5 <= len(s) {
			if r, err := strconv.ParseUint(s[j+1:j+5], 16, 32); err == nil {
				b.WriteRune(rune(r))
				i = j + 4
				continue
			}
		}
		b.WriteString(strings.Repeat(`\`, keep))
		i = j - 1
	}
	return b.String()
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
			if n := refNumberAt(lower, i+len(p)); n > 0 {
				limit = n
				break
			}
		}
	}
	for _, p := range []string{"you requested about ", "you requested ", "requested about ", "requested ", "resulted in ", "prompt is too long: ", "input length ", "total of "} {
		if i := strings.Index(lower, p); i >= 0 {
			if n := refNumberAt(lower, i+len(p)); n > 0 {
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
// numberAt reads a whole number at i, allowing "131,072" and "131072".
func refNumberAt(lower string, i int) int {
	n, digits := 0, 0
	for ; i < len(lower); i++ {
		c := lower[i]
		if isDigit(c) {
			n = n*10 + int(c-'0')
			digits++
			if digits > 9 {
				return 0
			}
			continue
		}
		if c == ',' && i+3 < len(lower) && isDigit(lower[i+1]) && isDigit(lower[i+2]) && isDigit(lower[i+3]) && (i+4 >= len(lower) || !isDigit(lower[i+4])) {
			continue
		}
		break
	}
	if digits == 0 {
		return 0
	}
	return n
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

// From facts_read.go.
// readToolVersion finds a version printed right after the tool's name
// ("Cline v3.17.5", "aider 0.82.1", "litellm==1.63.2").
func refReadToolVersion(lower, tool string) string {
	name := strings.ReplaceAll(tool, "-", " ")
	for from := 0; from < len(lower); {
		i := strings.Index(lower[from:], name)
		if i < 0 {
			name2 := strings.ReplaceAll(tool, "-", "")
			if name2 == name {
				return ""
			}
			name = name2
			from = 0
			if i = strings.Index(lower, name); i < 0 {
				return ""
			}
		}
		i += from
		k := i + len(name)
		from = k
		for k < len(lower) && k-from < 12 && strings.IndexByte(" =@:v(version", lower[k]) >= 0 {
			k++
		}
		if k < len(lower) && isDigit(lower[k]) {
			end := k
			for end < len(lower) && (isDigit(lower[end]) || lower[end] == '.') {
				end++
			}
			if v := strings.TrimRight(lower[k:end], "."); strings.Contains(v, ".") {
				return v
			}
		}
	}
	return ""
}

// From facts_read.go.
// readException finds the first exception or error class a paste names:
// "openai.RateLimitError", "litellm.BadRequestError", "KeyError",
// "AI_APICallError", "UnboundLocalError".
func refReadException(text string) string {
	// Walk the occurrences of both words once, left to right by where
	// they end.
	nextErr, nextExc := refIndexFrom(text, "Error", 0), refIndexFrom(text, "Exception", 0)
	for nextErr >= 0 || nextExc >= 0 {
		var end int
		var word string
		if nextExc < 0 || nextErr >= 0 && nextErr+len("Error") < nextExc+len("Exception") {
			word, end = "Error", nextErr+len("Error")
			nextErr = refIndexFrom(text, "Error", nextErr+1)
		} else {
			word, end = "Exception", nextExc+len("Exception")
			nextExc = refIndexFrom(text, "Exception", nextExc+1)
		}
		if end < len(text) && isAlnum(text[end]) {
			continue
		}
		start := end - len(word)
		for start > 0 && end-start < 120 && (isAlnum(text[start-1]) || text[start-1] == '_' || text[start-1] == '.') {
			start--
		}
		name := strings.TrimLeft(text[start:end], ".")
		base := name[strings.LastIndexByte(name, '.')+1:]
		if len(base) <= len(word) || !isUpper(base[0]) && !strings.HasPrefix(base, "AI_") {
			continue
		}
		return name
	}
	return ""
}

// From facts_read.go.
// indexFrom returns the offset of the first sub at or after from, or -1.
func refIndexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	i := strings.Index(s[from:], sub)
	if i < 0 {
		return -1
	}
	return from + i
}

// From facts_read.go.
// endpointOf returns the endpoint a lower-cased OpenRouter URL names, from
// the path after its last "/v1/" ("" when it names none).
func refEndpointOf(url string) string {
	i := strings.LastIndex(url, "/v1/")
	if i < 0 {
		return ""
	}
	path := strings.TrimRight(url[i+len("/v1/"):], "/")
	for _, e := range endpoints {
		if path == e || strings.HasPrefix(path, e+"/") || strings.HasPrefix(path, e+"?") {
			return e
		}
	}
	return ""
}

// From facts_read.go.
// origin says whose error a paste shows.
func refOrigin(f Facts, s Signals) string {
	switch {
	case s.OtherVendor:
		return "other-vendor"
	case f.Exception != "":
		base := f.Exception[strings.LastIndexByte(f.Exception, '.')+1:]
		for _, c := range clientExceptions {
			if base == c && f.Message == "" && f.Status == 0 {
				return "client"
			}
		}
	}
	if s.OpenRouter > 0 && (f.Status != 0 || f.Message != "" || f.Code != "") {
		return "openrouter"
	}
	return ""
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
// refKeyIndex(ks.lower, name, from) does.
func (ks *refKeySpots) refIndex(name string, from int) int {
	id := -1
	for i, key := range factKeys {
		if key == name {
			id = i
			break
		}
	}
	if id < 0 {
		return refKeyIndex(ks.lower, name, from)
	}
	for _, at := range ks.at[id][:ks.n[id]] {
		if int(at) >= from {
			return int(at)
		}
	}
	if ks.full[id] {
		return refKeyIndex(ks.lower, name, max(from, int(ks.at[id][keySpotCap-1])+1))
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
			dst = append(dst, refClassify(lower[start:end]))
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
			i = refSkipANSI(text, i)
		case c == '\\':
			flush(i)
			i = refSkipEscape(text, i)
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
	return refStem(w)
}

// From normalize.go.
// stem drops a plural "s" so "credits" matches "credit".
func refStem(w string) string {
	n := len(w)
	if n > 3 && w[n-1] == 's' {
		switch w[n-2] {
		case 's', 'u', 'i':
			return w
		}
		return w[:n-1]
	}
	return w
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

// From normalize.go.
func refSkipANSI(text string, i int) int {
	i++ // ESC
	if i < len(text) && text[i] == '[' {
		i++
		for i < len(text) && (text[i] >= '0' && text[i] <= '9' || text[i] == ';') {
			i++
		}
		if i < len(text) && (isUpper(text[i]) || isLower(text[i])) {
			i++
		}
	}
	return i
}

// From normalize.go.
// skipEscape skips a run of backslashes and the escape letter after it
// (\n, \r, \t, \uXXXX); anything else is left for the tokenizer.
func refSkipEscape(text string, i int) int {
	for i < len(text) && text[i] == '\\' {
		i++
	}
	if i >= len(text) {
		return i
	}
	switch text[i] {
	case 'n', 'r', 't':
		return i + 1
	case 'u':
		if i+5 <= len(text) && isHex(text[i+1:i+5]) {
			return i + 5
		}
	}
	return i
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
	sc.scored = refTopTerms(ix, sc.uniq, maxQueryTerms)
	total += float64(min(unknown, maxQueryTerms)) * ix.maxIDF * (bm25K1 + 1)
	for _, t := range sc.scored {
		total += ix.idf[t] * (bm25K1 + 1)
	}
	return total
}

// From relevance.go.
// topTerms keeps the k distinct known terms with the highest idf, in place.
func refTopTerms(ix *index, terms []uint32, k int) []uint32 {
	if len(terms) <= k {
		return terms
	}
	slices.SortFunc(terms, func(a, b uint32) int {
		switch {
		case ix.idf[a] > ix.idf[b]:
			return -1
		case ix.idf[a] < ix.idf[b]:
			return 1
		}
		return int(a) - int(b)
	})
	return terms[:k]
}

// From tools.go.
// detectTool finds the tool that printed a paste: the first word marker in
// the paste, else the raw substring that occurs first (the longer one on a
// tie).
func refDetectTool(ix *index, toks []uint32, lower string) string {
	for i, t := range toks {
		for _, p := range ix.toolStart[t] {
			if len(toks)-i >= len(p.toks) && slices.Equal(toks[i:i+len(p.toks)], p.toks) {
				return p.tool
			}
		}
	}
	best, bestAt, bestLen := "", len(lower), 0
	for _, t := range Tools() {
		for _, r := range t.raw {
			at := strings.Index(lower, r)
			if at >= 0 && (at < bestAt || at == bestAt && len(r) > bestLen) {
				best, bestAt, bestLen = t.ID, at, len(r)
			}
		}
	}
	return best
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
