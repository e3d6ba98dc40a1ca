package knowledge

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxFactValue bounds a message or other text fact, in bytes.
const maxFactValue = 400

// readFacts reads what a paste states. lower is text ASCII-lower-cased (the
// same length, so offsets agree). Every search moves forward through the
// text, so reading is linear in its length.
func readFacts(text, lower string, s Signals) Facts {
	f := Facts{Status: s.Status, Model: s.Model, Tool: s.Tool}
	tb := bytesOf(lower)
	var ks keySpots
	ks.scan(lower)
	errAt := ks.index("error", 0)
	if errAt < 0 {
		errAt = 0
	}
	if v, ok := keyValue(text, lower, "message", errAt, &ks); ok {
		f.Message = v
	} else if v, ok := keyValue(text, lower, "message", 0, &ks); ok {
		f.Message = v
	}
	if inner, ok := keyValue(f.Message, asciiLower(f.Message), "message", 0, nil); ok {
		f.ProviderMessage = inner // "Error from provider: {"error":{"message":...}}"
	}
	if v, ok := keyValue(text, lower, "code", errAt, &ks); ok && v != "" && v != "null" {
		f.Code = v
		if n, err := strconv.Atoi(v); err == nil && n >= 400 && n <= 599 && f.Status == 0 {
			f.Status = n
		}
	}
	if v, ok := keyValue(text, lower, "provider_name", 0, &ks); ok && v != "null" {
		f.Provider = v
	}
	if raw, ok := keyValue(text, lower, "raw", 0, &ks); ok && len(raw) > 2 && raw != "null" {
		rl := asciiLower(raw)
		if v, ok := keyValue(raw, rl, "message", 0, nil); ok {
			f.ProviderMessage = v
		} else if raw[0] != '{' {
			f.ProviderMessage = raw
		}
		if v, ok := keyValue(raw, rl, "type", keyIndex(rl, "error", 0), nil); ok && v != "error" {
			f.ProviderType = v
		} else if v, ok := keyValue(raw, rl, "status", 0, nil); ok {
			f.ProviderType = v
		}
	}
	if v, ok := keyValue(text, lower, "finish_reason", 0, &ks); ok && v != "null" {
		f.FinishReason = v
	}
	if f.Model == "" {
		if v, ok := keyValue(text, lower, "model", 0, &ks); ok && strings.IndexByte(v, '/') > 0 && !strings.HasSuffix(v, "/") && len(v) < 100 && !strings.ContainsAny(v, " {") {
			f.Model = v
		}
	}
	f.Limit = readLimit(lower, &tb)
	if tokenFinder.containsIn(lower, &tb) || contextFinder.containsIn(lower, &tb) {
		f.ContextLimit, f.RequestedTokens = readTokenFigures(lower, &tb)
	}
	if v, ok := keyValue(text, lower, "max_tokens", 0, &ks); ok {
		f.MaxTokens, _ = strconv.Atoi(v)
	}
	if s.OpenRouter > 0 || openrouterFinder.containsIn(lower, &tb) {
		f.BaseURL, f.PathProblem = readBaseURL(text, lower, &tb)
		f.Endpoint = endpointOf(asciiLower(f.BaseURL))
	}
	if f.Tool != "" {
		f.ToolVersion = readToolVersion(lower, f.Tool)
	}
	f.Exception = readException(text)
	f.Origin = origin(f, s)
	return f
}

// keyIndex returns the offset of the first key name at or after from: the
// name right after a quote (any escape level) and followed by a quote,
// ':' or '='.
func keyIndex(lower, name string, from int) int {
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

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

// keyValue reads the value of the first key name at or after from, in any
// of the shapes pastes carry: JSON ("k": "v"), escaped JSON (\"k\":\"v\"),
// Python reprs ('k': 'v'), JS printouts (k: 'v') and k=v. Quoted values are
// unescaped once; bare values run to the next ',', '}' or line end. ks,
// when not nil, holds the key spots of lower.
func keyValue(text, lower, name string, from int, ks *keySpots) (string, bool) {
	for from >= 0 && from < len(lower) {
		var j int
		if ks != nil {
			j = ks.index(name, from)
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

// quoted reports whether a value starting at i is quoted.
func quoted(text string, i int) bool {
	for i < len(text) && text[i] == '\\' {
		i++
	}
	return i < len(text) && (text[i] == '"' || text[i] == '\'')
}

// bareKeyAllowed reports whether the key at j may carry an unquoted value:
// it opens an object member or a line ("{message: x", ", code=1", a line
// "message: x"), not a word in a sentence ("commit message: ...").
func bareKeyAllowed(lower string, j int) bool {
	for j > 0 && (lower[j-1] == ' ' || lower[j-1] == '\t' || lower[j-1] == '"' || lower[j-1] == '\'' || lower[j-1] == '\\') {
		j--
	}
	return j == 0 || strings.IndexByte("{,(\n[", lower[j-1]) >= 0
}

// readValue reads a quoted or bare value starting at i; a bare word value
// (word true) ends at the first space.
func readValue(text string, i int, word bool) (string, bool) {
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
			return cut(unescape(text[start:at], len(delim)-1)), true
		}
		return cut(unescape(text[start:min(len(text), start+maxFactValue)], len(delim)-1)), true
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

// closesValue reports whether a quote ending at i closes a value: what
// follows is the end, a separator or a closing bracket ("endpoint's" does
// not close a single-quoted value).
func closesValue(text string, i int) bool {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i >= len(text) || strings.IndexByte(",}]):\n\r", text[i]) >= 0
}

// escapedAt reports whether the byte at i is preceded by an odd number of
// backslashes.
func escapedAt(text string, i int) bool {
	n := 0
	for i > 0 && text[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// unescape removes one level of backslash escapes from a quoted value whose
// delimiter carried level backslashes (0 for plain JSON): \" and \n and
// the like become their characters, so the provider's raw body nested in
// metadata.raw reads as JSON again.
func unescape(s string, level int) string {
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

// cut bounds a fact's text and folds its runs of white space (wrapped
// lines) to one space.
func cut(s string) string {
	if !folded(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) > maxFactValue {
		s = s[:maxFactValue]
	}
	return s
}

// folded reports whether s is ASCII with no white space but single
// spaces between words, so folding its white space leaves it as it is.
func folded(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// readLimit finds the OpenRouter limit a paste names.
func readLimit(lower string, tb *textBytes) string {
	i := freeModelsFinder.indexIn(lower, tb)
	if i < 0 {
		if keyLimitFinder.containsIn(lower, tb) {
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

// The fixed patterns readFacts looks for in a whole paste.
var (
	tokenFinder        = newFinder("token")
	contextFinder      = newFinder("context")
	freeModelsFinder   = newFinder("free-models-per-")
	keyLimitFinder     = newFinder("key limit exceeded")
	openrouterAIFinder = newFinder("openrouter.ai")
	generativeFinder   = newFinder("generativelanguage.")
	apiDotFinder       = newFinder("api.")
	// limitFinders and requestedFinders introduce the context limit and
	// the tokens requested, in the order they are tried.
	limitFinders     = newFinders([]string{"context length is ", "context length of ", "context window of ", "context_length of ", "maximum context length ", "context limit of ", "token limit of ", "limit of ", "maximum of "})
	requestedFinders = newFinders([]string{"you requested about ", "you requested ", "requested about ", "requested ", "resulted in ", "prompt is too long: ", "input length ", "total of "})
)

// readTokenFigures finds the context limit and the tokens requested:
// "maximum context length is 131072 tokens. However, you requested about
// 140000 tokens", "context length of 8192", "(128000 > 131072)" and the
// like.
func readTokenFigures(lower string, tb *textBytes) (limit, requested int) {
	for _, p := range limitFinders {
		if i := p.indexIn(lower, tb); i >= 0 {
			if n := numberAt(lower, i+len(p.pat)); n > 0 {
				limit = n
				break
			}
		}
	}
	for _, p := range requestedFinders {
		if i := p.indexIn(lower, tb); i >= 0 {
			if n := numberAt(lower, i+len(p.pat)); n > 0 {
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

// numberAt reads a whole number at i, allowing "131,072" and "131072".
func numberAt(lower string, i int) int {
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

// otherHosts are API hosts of other vendors.
var otherHosts = []string{"api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "api.deepseek.com", "api.groq.com", "api.mistral.ai", "api.x.ai", "api.together.xyz"}

// readBaseURL finds the API URL a request went to and what is wrong with
// its path: a doubled /api/v1 or /v1, a missing /api/v1 on openrouter.ai,
// or another vendor's host.
func readBaseURL(text, lower string, tb *textBytes) (string, string) {
	i := openrouterAIFinder.indexIn(lower, tb)
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
	gen := generativeFinder.indexIn(lower, tb) // Google's host does not start with "api."
	for from := 0; from < len(lower); {
		j := apiDotFinder.indexIn(lower[from:], tb) // tb holds the bytes of the suffix too
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

// readToolVersion finds a version printed right after the tool's name
// ("Cline v3.17.5", "aider 0.82.1", "litellm==1.63.2").
func readToolVersion(lower, tool string) string {
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

// readException finds the first exception or error class a paste names:
// "openai.RateLimitError", "litellm.BadRequestError", "KeyError",
// "AI_APICallError", "UnboundLocalError".
func readException(text string) string {
	// Walk the occurrences of both words once, left to right by where
	// they end.
	nextErr, nextExc := indexFrom(text, "Error", 0), indexFrom(text, "Exception", 0)
	for nextErr >= 0 || nextExc >= 0 {
		var end int
		var word string
		if nextExc < 0 || nextErr >= 0 && nextErr+len("Error") < nextExc+len("Exception") {
			word, end = "Error", nextErr+len("Error")
			nextErr = indexFrom(text, "Error", nextErr+1)
		} else {
			word, end = "Exception", nextExc+len("Exception")
			nextExc = indexFrom(text, "Exception", nextExc+1)
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

// indexFrom returns the offset of the first sub at or after from, or -1.
func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	i := strings.Index(s[from:], sub)
	if i < 0 {
		return -1
	}
	return from + i
}

// clientExceptions are exceptions thrown by a tool's own code, not by an
// API answer: Python's and JavaScript's, the validators' (Pydantic, Zod,
// the Vercel AI SDK's), and the decoders of other languages (Swift's
// DecodingError, Jackson's InvalidFormatException and
// MismatchedInputException, .NET's NullReferenceException and
// JsonException).
var clientExceptions = []string{"KeyError", "TypeError", "AttributeError", "UnboundLocalError", "NameError", "ValueError", "IndexError", "ZodError", "ValidationError", "SyntaxError", "JSONDecodeError", "ReferenceError",
	"AI_TypeValidationError", "AI_InvalidToolInputError", "AI_InvalidToolArgumentsError", "AI_NoObjectGeneratedError", "AI_JSONParseError",
	"DecodingError", "InvalidFormatException", "MismatchedInputException", "NullReferenceException", "JsonException"}

// endpoints are the OpenRouter API endpoints a URL can name, longest
// first where one is a suffix of another.
var endpoints = []string{"chat/completions", "completions", "embeddings", "images", "responses", "messages", "models"}

// endpointOf returns the endpoint a lower-cased OpenRouter URL names, from
// the path after its last "/v1/" ("" when it names none).
func endpointOf(url string) string {
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

// origin says whose error a paste shows.
func origin(f Facts, s Signals) string {
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
