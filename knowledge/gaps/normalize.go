package gaps

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orfix/orfix/internal/lazyre"
)

// KeyRunes is how much of the normalised form names a cluster, in runes.
const KeyRunes = 120

var (
	// A secret the bot masked: "sk-or-v1-…[redacted]…cdef".
	maskedSecret = lazyre.New(`\S*…\[redacted\]…\S*`)
	urlPattern   = lazyre.New(`(?:https?|wss?)://[^\s"'<>()\[\]{}]+`)
	uuidPattern  = lazyre.New(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	// An id: a word of letters, digits, '-' and '_' that holds both a
	// letter and a digit ("gen-1733-abc", "req_01hx", "gpt-4o", "o3").
	idPattern = lazyre.New(`\b[a-z0-9][a-z0-9_-]*\b`)
	// Hex runs of 8 or more, folded when they hold a digit.
	hexPattern    = lazyre.New(`\b[0-9a-f]{8,}\b`)
	numberPattern = lazyre.New(`\d+(?:\.\d+)*`)
	// White space next to JSON punctuation, which pretty-printing adds.
	punctSpace = lazyre.New(` ?([{}\[\]",:]) ?`)
)

// Placeholders that Normalize writes in place of what it folds.
const (
	phSecret = "<secret>"
	phURL    = "<url>"
	phUUID   = "<uuid>"
	phID     = "<id>"
	phHex    = "<hex>"
	phNumber = "<n>"
)

// Normalize folds text to the form clusters are keyed on: lower case,
// masked secrets, URLs, UUIDs, ids, hex runs and numbers replaced by
// placeholders, white space collapsed (and dropped next to JSON
// punctuation). HTTP error statuses (three-digit
// numbers from 400 to 599) stay: they tell errors apart.
func Normalize(text string) string {
	s := strings.ToLower(strings.ToValidUTF8(text, "\uFFFD"))
	s = maskedSecret().ReplaceAllString(s, " "+phSecret+" ")
	s = urlPattern().ReplaceAllString(s, " "+phURL+" ")
	s = uuidPattern().ReplaceAllString(s, phUUID)
	s = hexPattern().ReplaceAllStringFunc(s, func(m string) string {
		if strings.ContainsAny(m, "0123456789") {
			return phHex
		}
		return m
	})
	s = idPattern().ReplaceAllStringFunc(s, func(m string) string {
		if strings.ContainsAny(m, "0123456789") && strings.IndexFunc(m, unicode.IsLetter) >= 0 {
			return phID
		}
		return m
	})
	s = numberPattern().ReplaceAllStringFunc(s, func(m string) string {
		if n, err := strconv.Atoi(m); err == nil && len(m) == 3 && n >= 400 && n <= 599 {
			return m
		}
		return phNumber
	})
	return punctSpace().ReplaceAllString(strings.Join(strings.Fields(s), " "), "$1")
}

// Key is the cluster key of text: the first KeyRunes runes of its
// normalised form.
func Key(text string) string { return keyOf(Normalize(text)) }

// keyOf cuts a normalised form to a key.
func keyOf(n string) string {
	if utf8.RuneCountInString(n) <= KeyRunes {
		return n
	}
	i := 0
	for range KeyRunes {
		_, size := utf8.DecodeRuneInString(n[i:])
		i += size
	}
	return strings.TrimSpace(n[:i])
}

// isPlaceholder reports whether a word of a normalised form is, or holds,
// a placeholder.
func isPlaceholder(word string) bool {
	return strings.Contains(word, "<") && strings.Contains(word, ">")
}
