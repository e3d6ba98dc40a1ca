package knowledge

import "strings"

// Signals are facts about a paste found besides the words: what printed it,
// the HTTP status, the model, and whether it is about OpenRouter at all.
type Signals struct {
	// Tool is the tool id that printed the paste, or "".
	Tool string
	// Status is the HTTP status the paste reports, or 0.
	Status int
	// Model is the first OpenRouter-style model id ("author/slug[:variant]"), or "".
	Model string
	// OpenRouter is 0 when nothing marks the paste as OpenRouter's, 0.6 for a
	// mention, 1 for hard evidence (openrouter.ai URLs, OpenrouterException,
	// sk-or- keys, provider_name, user_id fields).
	OpenRouter float64
	// OtherVendor is true when the paste names another vendor's API and
	// nothing OpenRouter's.
	OtherVendor bool
	// Report is true when the text shows an error happening (a payload, a
	// log or stack line, a status in context, "I get this error"), not
	// merely talk about one.
	Report bool
	// Question is true when the text reads as a question, not a paste.
	Question bool
}

var (
	// strongMarkers are checked only when the paste says "openrouter".
	strongMarkers = []string{"openrouter.ai", "openrouterexception", "openrouter api", "openrouter error", "x-openrouter", "openrouter http"}
	// otherStrong mark OpenRouter's payloads without its name.
	otherStrong   = []string{"sk-or-", "provider_name", "\"user_id\":\"user_", "'user_id': 'user_", "\"user_id\": \"user_"}
	weakMarkers   = []string{"open router", ":free", "x-ratelimit"}
	vendorMarkers = []string{"anthropic.", "'request_id': 'req_", "\"request_id\":\"req_", "api.openai.com", "platform.openai.com", "insufficient_quota", "anthropic api", "api.anthropic.com", "console.anthropic.com", "googleapis.com", "api.groq.com", "groq.", "console.groq.com", "api.deepseek.com", "api.mistral.ai", "azure", "bedrock-runtime", "aiplatform", "ollama", "cuda", "npm err", "git ", "importerror", "modulenotfounderror"}
	modelAuthors  = map[string]bool{
		"openai": true, "anthropic": true, "google": true, "meta-llama": true, "deepseek": true, "mistralai": true,
		"qwen": true, "x-ai": true, "nousresearch": true, "moonshotai": true, "z-ai": true, "minimax": true,
		"openrouter": true, "microsoft": true, "cohere": true, "perplexity": true, "amazon": true, "nvidia": true,
		"stepfun": true, "thudm": true, "01-ai": true, "ai21": true, "liquid": true, "arcee-ai": true,
		"tngtech": true, "cognitivecomputations": true, "sao10k": true, "gryphe": true, "inflection": true,
		"baidu": true, "bytedance": true, "tencent": true, "xiaomi": true, "ibm-granite": true, "allenai": true,
	}
)

// strongLead is the most bytes a strong marker holds before
// "openrouter" (see TestStrongMarkersHoldTheName).
const strongLead = 2

// The marker lists' finders, and the one for the name itself.
var (
	openrouterFinder   = newFinder("openrouter")
	strongFinders      = newFinders(strongMarkers)
	otherStrongFinders = newFinders(otherStrong)
	weakFinders        = newFinders(weakMarkers)
	vendorFinders      = newFinders(vendorMarkers)
	reportFinders      = newFinders(reportMarkers)
)

// detectSignals reads the signals of a paste; lower is text ASCII-lower-cased.
func detectSignals(text, lower string) Signals {
	var s Signals
	tb := bytesOf(lower)
	if at := openrouterFinder.indexIn(lower, &tb); at >= 0 {
		s.OpenRouter = 0.6
		// Every strong marker holds the name a few bytes in at most, so
		// none starts before the name's first place less that.
		if containsAny(lower[max(0, at-strongLead):], &tb, strongFinders) {
			s.OpenRouter = 1
		}
	}
	if s.OpenRouter < 1 && containsAny(lower, &tb, otherStrongFinders) {
		s.OpenRouter = 1
	}
	if s.OpenRouter == 0 && containsAny(lower, &tb, weakFinders) {
		s.OpenRouter = 0.6
	}
	if s.OpenRouter == 0 && containsAny(lower, &tb, vendorFinders) {
		s.OtherVendor = true
	}
	var statusScore int
	s.Status, statusScore = detectStatus(text, lower)
	s.Report = looksLikeReport(lower, &tb, statusScore >= 2)
	s.Question = looksLikeQuestion(lower)
	s.Model = detectModel(lower)
	return s
}

// detectStatus finds the HTTP status a paste reports: a standalone 4xx or
// 5xx number, preferring one that follows "code", "status", "http" or
// "error", or that starts a message ("401 User not found", "404: No
// endpoints"). It returns the code and how sure it is: 1 a bare number, 2
// or 3 a number in context.
func detectStatus(text, lower string) (int, int) {
	best, bestScore := 0, 0
	// The candidates are the 4s and 5s, found with IndexByte, in order.
	next4, next5 := strings.IndexByte(lower, '4'), strings.IndexByte(lower, '5')
	for next4 >= 0 || next5 >= 0 {
		var i int
		if next5 < 0 || next4 >= 0 && next4 < next5 {
			i, next4 = next4, indexByteFrom(lower, '4', next4+1)
		} else {
			i, next5 = next5, indexByteFrom(lower, '5', next5+1)
		}
		if i+3 > len(lower) {
			break
		}
		c := lower[i]
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
		if !httpStatus(code) || logMillis(lower, i) {
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

// httpStatus reports whether code is a 4xx or 5xx status that servers
// send: the registered ones, and those proxies and providers use (444 and
// 499 from nginx, 520 to 527 from Cloudflare, 529 "overloaded"). A number
// like 481 in a paste is something else.
func httpStatus(code int) bool {
	switch {
	case code >= 400 && code <= 418, code >= 421 && code <= 426, code >= 500 && code <= 508:
		return true
	case code >= 520 && code <= 527:
		return true
	}
	switch code {
	case 428, 429, 431, 444, 451, 499, 510, 511, 529:
		return true
	}
	return false
}

// logMillis reports whether the three digits at i are the milliseconds of
// a log line's time, as Python's logging and Java's loggers print them
// ("11:11:40,481").
func logMillis(lower string, i int) bool {
	return i >= 4 && lower[i-1] == ',' && isDigit(lower[i-2]) && isDigit(lower[i-3]) && lower[i-4] == ':'
}

// reasonPhrases are HTTP reason phrases, as servers and clients print them,
// that name one status each.
var reasonPhrases = []struct {
	phrase string
	code   int
}{
	{"Internal Server Error", 500}, {"Bad Gateway", 502}, {"Service Unavailable", 503}, {"Gateway Timeout", 504},
	{"Too Many Requests", 429}, {"Payment Required", 402}, {"Request Timeout", 408}, {"Bad Request", 400},
	{"Unauthorized", 401}, {"Forbidden", 403},
}

// reasonStatus returns the status of the first HTTP reason phrase in text
// (0 for none): the status of a paste that prints the phrase without the
// number ("error: Internal Server Error").
func reasonStatus(text string) int {
	best, at := 0, len(text)
	for _, r := range reasonPhrases {
		if i := strings.Index(text[:at], r.phrase); i >= 0 {
			best, at = r.code, i
		}
	}
	return best
}

// indexByteFrom returns the offset of the first c at or after from, or -1.
func indexByteFrom(s string, c byte, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// detectModel finds the first "author/slug" model id with a known author.
func detectModel(lower string) string {
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
		if a > 0 && (lower[a-1] == '/' || lower[a-1] == '.') || !modelAuthors[lower[a:j]] {
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

func isModelChar(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == ':'
}

// reportMarkers show that a text reports an error (a payload, a log, a
// stack, "I get this error"), not that it talks about one.
var reportMarkers = []string{
	`"error"`, `'error'`, `"message":`, `'message':`, `\"error\"`, "error:", "error]", "error)", "error(", "errors:",
	"exception:", "exception -", "exception(", "traceback (most recent call last)", "failed:", "failed with", "fails with",
	"failed to", "error code", "status code", "err:", "level=error", "[error]", "error -", "fatal:", "panic:",
	"this error", "the error", "an error", "same error", "error message", "error i", "errors like", "following error",
	"i get", "i got", "getting", "i see", "i'm seeing", "encountered", "keeps failing", "stopped working", "not working",
	"doesn't work", "does not work", "won't work", "fails", "failing", "http/1.1", "http/2", "stack:", "\n    at ",
	"request failed", "api error", "apierror", "error occurred", "error while", "returns error", "threw", "throws",
	"error=", "\nerror\n", "error\n", "aborted", "disconnected(", "connection error", "connection failed", "failed\n",
}

// questionStarts open a conversational question.
var questionStarts = []string{"is ", "are ", "what ", "why ", "how ", "does ", "do ", "can ", "should ", "which ", "if ", "when ", "where ", "has ", "have ", "will ", "would ", "could ", "anyone "}

// looksLikeQuestion reports whether a text reads as a question about
// something rather than a paste.
func looksLikeQuestion(lower string) bool {
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

// looksLikeReport reports whether a paste shows an error happening to
// someone: a status code in context, an error payload, a log or stack line,
// or words like "I get this error".
func looksLikeReport(lower string, tb *textBytes, statusInContext bool) bool {
	if statusInContext {
		return true
	}
	return containsAny(lower, tb, reportFinders)
}
