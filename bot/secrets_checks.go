package bot

// Shared checks on a value: random secret material rather than a word, a
// placeholder or a mask, and how much of it may show.

import (
	"math"
	"strings"
)

// plausible is the common test for a secret body: not one repeated
// character, a random-looking alphanumeric run, no placeholder words, and at
// least minEntropy bits per character.
func plausible(body string, minEntropy float64) bool {
	if repeated(body) || xRun(body) >= 6 {
		return false
	}
	if !randomRun(body, 8, false) || placeholderWords(body) || identifierLike(body) {
		return false
	}
	return entropy(body) >= minEntropy
}

// identifierLike reports whether s holds a run of 16+ letters made of
// camel-case words (requiredCharacteristicTypes, AcceptanceTimeoutSeconds):
// a name in code, not random material, where humps of three or more
// letters are rare.
func identifierLike(s string) bool {
	for i := 0; i < len(s); {
		if !isLetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		if j-i >= 16 && camelWords(s[i:j]) {
			return true
		}
		i = j
	}
	return false
}

// camelWords reports whether a run of letters splits into a lower-case word
// and capitalised words of three or more letters each.
func camelWords(w string) bool {
	i := 0
	for i < len(w) && isLower(w[i]) {
		i++
	}
	if i > 0 && i < 3 {
		return false
	}
	humps := 0
	for i < len(w) {
		if !isUpper(w[i]) {
			return false
		}
		j := i + 1
		for j < len(w) && isLower(w[j]) {
			j++
		}
		if j-i < 3 {
			return false
		}
		humps++
		i = j
	}
	return humps >= 2
}

// placeholderWords reports whether body is made of placeholder words
// (your-api-key-here, YOUR_KEY, REDACTED): its parts (split at non-letters and
// camel-case humps) that are such words add up to 6+ letters. Short words
// alone do not count, so a random key that happens to contain "Key" stays a
// key.
func placeholderWords(body string) bool {
	score := 0
	for i := 0; i < len(body); {
		if !isLetter(body[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(body) && isLetter(body[j]) && !(isUpper(body[j]) && isLower(body[j-1])) {
			j++
		}
		if w := body[i:j]; oneOfFold(w, placeholderList[:]) || (len(w) >= 3 && strings.Trim(w, "xX") == "") {
			score += len(w)
		}
		i = j
	}
	return score >= 6
}

// placeholderList are the words placeholders are made of.
var placeholderList = [...]string{"your", "here", "redacted", "placeholder", "example", "dummy", "fake",
	"sample", "insert", "replace", "changeme", "key", "api", "token", "secret", "test",
	"invalid", "expired", "revoked", "wrong"} // the keys reports show failing

// randomRun reports whether v has an alphanumeric run of n+ characters that
// mixes letters and digits, or (unless needDigit) upper and lower case:
// random material rather than words, dates and versions.
func randomRun(v string, n int, needDigit bool) bool {
	for i := 0; i < len(v); {
		j := alnumEnd(v, i)
		if r := v[i:j]; len(r) >= n {
			if hasDigit(r) && hasLetter(r) || !needDigit && hasUpperASCII(r) && hasLowerASCII(r) {
				return true
			}
		}
		i = j + 1
	}
	return false
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// repeated reports whether s is one character repeated (ignoring - and _).
func repeated(s string) bool {
	var first byte
	seen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' {
			continue
		}
		if !seen {
			first, seen = c, true
		} else if c != first {
			return false
		}
	}
	return true
}

// sameRun returns the length of the longest run of one repeated byte.
func sameRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}

// xRun returns the length of the longest run of x or X in s (XXXX masks).
func xRun(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 == 'x' {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// maskedAfter reports whether a value is followed by a mask the author typed
// or Redact wrote ("..", "…", "*", "•" or "●", possibly after a dot), meaning
// the visible part is only the start of a key.
func maskedAfter(t string, end int) bool {
	r := strings.TrimLeft(t[end:], ".")
	if len(t)-end-len(r) >= 2 {
		return true
	}
	for _, m := range [...]string{"…", "*", "•", "●"} {
		if strings.HasPrefix(r, m) {
			return true
		}
	}
	return false
}

// tailFor returns how many trailing characters of a context value may show.
func tailFor(v string) int {
	if len(v) >= 20 {
		return 4
	}
	return 0
}

// credentialLike is the test for a value in a place that holds a credential
// (after Bearer, in a quoted value or an env line named like a secret):
// 8+ printable characters with a digit or a colon, not a reference, a
// path, a placeholder, a name in code or a plain number shorter than an id.
func credentialLike(v string) bool {
	if len(v) < 8 || len(v) > 4096 || !printableASCII(v) {
		return false
	}
	switch v[0] {
	case '$', '%', '<', '@', '~', '/', '.', '*':
		return false
	case '{':
		if !strings.HasSuffix(v, "}") || !isUUID(v[1:len(v)-1]) {
			return false
		}
	}
	if strings.Contains(v, "://") || strings.Contains(v, "..") || strings.Contains(v, "**") ||
		strings.Contains(v, "…") || xRun(v) >= 4 || repeated(v) {
		return false
	}
	if !hasDigit(v) && !strings.Contains(v, ":") {
		return false
	}
	if c := strings.IndexByte(v, ':'); c > 0 && digitsBefore(v, c) == 0 {
		return false // digits:rest is a Telegram token when it is one at all
	}
	if digits := strings.Trim(v, "0123456789"); digits == "" && len(v) < 12 {
		return false
	}
	if strings.Contains(v, "/") && !secretLike(v) {
		return false // a model id or a path
	}
	if placeholderWords(v) || identifierLike(v) || passwordPlaceholder(v) {
		return false
	}
	return entropy(v) >= 2.5
}
