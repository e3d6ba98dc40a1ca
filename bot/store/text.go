package store

import (
	"strings"
	"unicode/utf8"
)

// clean makes s valid UTF-8, replacing each invalid byte run with U+FFFD.
func clean(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

// cutText prepares an unmatched text for storage: valid UTF-8, trimmed of
// surrounding white space and at most MaxUnmatchedRunes runes long. The cut
// falls on a rune boundary, though it may split a grapheme cluster.
func cutText(s string) string {
	return cutRunes(strings.TrimSpace(clean(s)), MaxUnmatchedRunes)
}

// cutRunes returns s cut to at most n runes, on a rune boundary.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
