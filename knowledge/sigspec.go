package knowledge

import (
	"fmt"
	"strconv"
	"strings"
)

// sigSpec is a signature as written in an entry, split into its parts:
//
//	"User not found."                  a phrase
//	"~invalid x-api-key"               weak: other vendors print it too, so it
//	                                   counts fully only in a paste otherwise
//	                                   marked as OpenRouter's
//	"[429] Provider returned error"    status-bound: counts only when the
//	                                   paste reports one of these codes
type sigSpec struct {
	phrase   string
	weak     bool
	statuses []int
}

// weakPrefix marks a signature that needs corroboration: "~invalid x-api-key".
const weakPrefix = "~"

// parseSigSpec splits a written signature into its parts.
func parseSigSpec(text string) (sigSpec, error) {
	var s sigSpec
	text = strings.TrimSpace(text)
	if rest, ok := strings.CutPrefix(text, "["); ok {
		codes, phrase, found := strings.Cut(rest, "]")
		if !found {
			return s, fmt.Errorf("signature %q: '[' without ']'", text)
		}
		for _, c := range strings.Split(codes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(c))
			if err != nil || n < 100 || n > 599 {
				return s, fmt.Errorf("signature %q: %q is not an HTTP status code", text, c)
			}
			s.statuses = append(s.statuses, n)
		}
		text = strings.TrimSpace(phrase)
	}
	s.phrase, s.weak = strings.CutPrefix(text, weakPrefix)
	return s, nil
}

// phraseOf is the matchable phrase of a written signature ("" if malformed).
func phraseOf(text string) string {
	s, err := parseSigSpec(text)
	if err != nil {
		return ""
	}
	return s.phrase
}
