package knowledge

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Tokens the normaliser puts in place of variable parts of a paste.
const (
	numToken = "0" // any run of digits: codes, counts, timestamps
	idToken  = "#" // long mixed letters and digits: UUIDs, request and user ids, hashes
	wildcard = "*" // in signatures: one to maxWildcard words
)

const maxWildcard = 6

// tokenize normalises a paste into match tokens, appending them to dst:
// lower-cased words split on punctuation, underscores and camelCase
// (OpenrouterException -> openrouter exception); ANSI colour codes and
// escaped newlines/tabs (\n, \\n, \t, \u001b) dropped, so escaped and
// Python-repr JSON reads like plain text and hard-wrapped lines join up;
// numbers folded to "0" and long ids to "#"; a light plural stem; "not valid"
// read as "invalid". Tokens are substrings of one lower-cased copy, so this
// allocates little.
func tokenize(text string, dst []string) []string {
	return tokenizeLower(text, asciiLower(text), dst)
}

// tokenizeLower is tokenize with the ASCII-lower-cased text already made.
func tokenizeLower(text, lower string, dst []string) []string {
	n := len(text)
	start := -1 // where the word being read starts, or -1
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c < utf8.RuneSelf && isAlnum(c):
			if start >= 0 && (camelBreak(text, i) || text[i-1] >= utf8.RuneSelf) {
				// camelCase, or Latin right after another script ("报错This")
				dst = appendWord(dst, lower, start, i)
				start = -1
			}
			if start < 0 {
				start = i
			}
			// Lower-case letters and digits after a letter or digit go on
			// with the word: only a capital or another byte can end it.
			for i++; i < n && (isLower(text[i]) || isDigit(text[i])); i++ {
			}
		case c == 0x1b: // ANSI escape: ESC [ params letter
			dst, start = appendWord(dst, lower, start, i), -1
			i = skipANSI(text, i)
		case c == '\\':
			dst, start = appendWord(dst, lower, start, i), -1
			i = skipEscape(text, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(text[i:])
			if isCJK(r) {
				dst, start = appendWord(dst, lower, start, i), -1
				i, dst = cjkBigrams(lower, i, dst)
				continue
			}
			if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				if start >= 0 && text[i-1] < utf8.RuneSelf {
					// another script right after Latin ("This报错")
					dst, start = appendWord(dst, lower, start, i), -1
				}
				if start < 0 {
					start = i
				}
			} else {
				dst, start = appendWord(dst, lower, start, i), -1
			}
			i += size
		default:
			dst, start = appendWord(dst, lower, start, i), -1
			i++
		}
	}
	return appendWord(dst, lower, start, n)
}

// appendWord appends the classified word lower[start:end] to dst, if
// there is one (start >= 0 and end > start).
func appendWord(dst []string, lower string, start, end int) []string {
	if start >= 0 && end > start {
		w := classify(lower[start:end])
		if w == "valid" && len(dst) > 0 && dst[len(dst)-1] == "not" {
			dst[len(dst)-1] = "invalid" // "API key not valid" says "invalid API key"
			return dst
		}
		dst = append(dst, w)
	}
	return dst
}

// isCJK reports whether r is written without spaces between words: Han,
// Hiragana, Katakana (with its prolonged sound mark) or Hangul.
func isCJK(r rune) bool {
	return r >= 0x2e80 && (r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul))
}

// cjkBigrams reads the run of CJK letters that starts at i and appends
// its overlapping pairs of letters ("返回空响应" gives 返回, 回空, 空响,
// 响应), or the letter alone when the run has one, as IR systems index
// scripts that do not mark word boundaries. It returns the end of the run.
func cjkBigrams(lower string, i int, dst []string) (int, []string) {
	_, size := utf8.DecodeRuneInString(lower[i:])
	prev, j := i, i+size
	pairs := 0
	for j < len(lower) {
		r, size := utf8.DecodeRuneInString(lower[j:])
		if !isCJK(r) {
			break
		}
		dst = append(dst, lower[prev:j+size])
		pairs++
		prev, j = j, j+size
	}
	if pairs == 0 {
		dst = append(dst, lower[i:j])
	}
	return j, dst
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// camelBreak reports whether a word boundary falls before text[i]:
// "aB" or the last capital of "ABc".
func camelBreak(text string, i int) bool {
	if i == 0 || !isUpper(text[i]) {
		return false
	}
	p := text[i-1]
	if isLower(p) {
		return true
	}
	return isUpper(p) && i+1 < len(text) && isLower(text[i+1])
}

func skipANSI(text string, i int) int {
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

// skipEscape skips a run of backslashes and the escape letter after it
// (\n, \r, \t, \uXXXX); anything else is left for the tokenizer.
func skipEscape(text string, i int) int {
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

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// classify folds numbers and ids and stems plurals.
func classify(w string) string {
	if len(w) < 8 { // too short for an id: a number or a word
		for i := 0; i < len(w); i++ {
			if !isDigit(w[i]) {
				return stem(w)
			}
		}
		return numToken
	}
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

// stem drops a plural "s" so "credits" matches "credit".
func stem(w string) string {
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

// asciiLower lower-cases ASCII letters only, keeping byte offsets equal.
// It copies s once, eight bytes at a time, and only when s holds a capital.
func asciiLower(s string) string {
	i := firstUpper(s)
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	lowerInto(b, s, i)
	return unsafe.String(&b[0], len(b))
}

// firstUpper returns the index of s's first ASCII capital, or len(s).
func firstUpper(s string) int {
	i := 0
	for i < len(s) && !isUpper(s[i]) {
		i++
	}
	return i
}

// lowerInto writes s lower-cased into b (len(b) == len(s)), given that
// s[:i] holds no capital.
func lowerInto(b []byte, s string, i int) {
	copy(b, s[:i])
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		binary.LittleEndian.PutUint64(b[i:], lowerWord(x))
	}
	for ; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b[i] = c
	}
}

// lowerWord lower-cases the ASCII capitals among eight bytes at once:
// a byte is a capital when it is under 0x80, at least 'A' and under
// 'Z'+1, and adding 0x20 lower-cases it. The sums stay within each byte.
func lowerWord(x uint64) uint64 {
	const (
		ones = 0x0101010101010101
		high = 0x80 * ones
	)
	low7 := x &^ high
	atLeastA := low7 + (0x80-'A')*ones
	pastZ := low7 + (0x80-'Z'-1)*ones
	caps := atLeastA &^ pastZ &^ x & high
	return x | caps>>2
}

// tokenizeSignature tokenizes a signature phrase (without its "~" or
// "[codes]" marks), keeping "*" wildcards.
func tokenizeSignature(sig string) []string {
	var out []string
	for i, part := range strings.Split(sig, wildcard) {
		if i > 0 {
			out = append(out, wildcard)
		}
		out = tokenize(part, out)
	}
	// Trim leading/trailing wildcards: they add nothing.
	for len(out) > 0 && out[0] == wildcard {
		out = out[1:]
	}
	for len(out) > 0 && out[len(out)-1] == wildcard {
		out = out[:len(out)-1]
	}
	return out
}

// stopwords carry no evidence for relevance ranking.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the to of in on at by for from with and or is are was be been it its
		this that these those you your i me my we our they their he she as if so do doe did not no but can will
		would should could have ha had get got when what which who how why there here then than just also any
		some all into out up about over after before via per use using used please try again error`) {
		m[w] = true
	}
	return m
}()
