package bot

import (
	"strings"
	"unicode/utf8"
)

// scanOverlap is how far past the paste limit the secret scanner reads, so
// that a key straddling the cut is recognised whole and masked rather than
// kept half-visible. It is larger than any single-line key; a private-key
// block longer than this is still masked, as a block cut short.
const scanOverlap = 4 << 10

// redactCut cuts text to at most limit bytes and masks every secret in
// what is kept. The scanner reads the kept part plus scanOverlap bytes,
// never more; a secret that starts before the cut and ends after it is
// masked whole and the text ends after its mask. cut reports whether
// anything was dropped.
func redactCut(text string, limit int) (redacted string, secrets []Finding, cut bool) {
	window := clipBytes(text, limit+scanOverlap)
	fs := ScanSecrets(window)
	end := len(window)
	if end > limit {
		end, cut = runeFloor(window, limit), true
	}
	var b strings.Builder
	b.Grow(end)
	prev := 0
	for _, f := range fs {
		if f.Start >= end {
			break
		}
		b.WriteString(window[prev:f.Start])
		b.WriteString(f.Masked)
		prev = f.End
		secrets = append(secrets, f)
	}
	if prev < end {
		b.WriteString(window[prev:end])
	}
	return b.String(), secrets, cut
}

// clipBytes cuts s to at most n bytes on a rune boundary.
func clipBytes(s string, n int) string {
	if n < 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	return s[:runeFloor(s, n)]
}

// runeFloor is the largest rune boundary of s at or below n (n < len(s)).
func runeFloor(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
