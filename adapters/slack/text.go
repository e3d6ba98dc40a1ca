package slack

import (
	"strings"
	"unicode/utf8"
)

// clip cuts s to at most n characters, ending in "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// splitText cuts mrkdwn into chunks of at most n characters, at paragraph
// or line boundaries where it can, closing and reopening a code block that
// a cut falls into.
func splitText(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		limit := n - 4 // room to close a code block
		cut := runeOffset(s, limit)
		at := strings.LastIndex(s[:cut], "\n\n")
		if at <= 0 {
			at = strings.LastIndex(s[:cut], "\n")
		}
		if at <= 0 {
			at = cut
		}
		chunk, rest := s[:at], strings.TrimLeft(s[at:], "\n")
		if strings.Count(chunk, "```")%2 == 1 {
			chunk += "\n```"
			rest = "```\n" + rest
		}
		out = append(out, chunk)
		s = rest
	}
	return append(out, s)
}

// runeOffset is the byte offset of the n-th rune of s.
func runeOffset(s string, n int) int {
	i := 0
	for off := range s {
		if i == n {
			return off
		}
		i++
	}
	return len(s)
}
