package bot

// Private keys: PEM blocks, whole or cut short.

import "strings"

// privateKeyAt checks a -----BEGIN ... PRIVATE KEY----- block at i, through
// its END line, or through the last base64 line when the paste was cut short.
func (s *scanner) privateKeyAt(i int) {
	t := s.text
	lblStart := i + len("-----BEGIN ")
	k := strings.Index(t[lblStart:min(len(t), lblStart+64)], "-----")
	if k < 0 {
		return
	}
	label := t[lblStart : lblStart+k]
	if !strings.Contains(label, "PRIVATE KEY") || strings.ContainsFunc(label, func(r rune) bool {
		return r != ' ' && (r < 'A' || r > 'Z') && (r < '0' || r > '9')
	}) {
		return
	}
	bodyStart := lblStart + k + 5
	bodyEnd, end := pemEnd(t, bodyStart, label, s.nextPEMEnd(bodyStart))
	if longestB64Run(t[bodyStart:bodyEnd]) >= 32 {
		s.add(candidate{start: i, end: end, kind: kindPrivateKey, prio: prioBlock,
			prefix: bodyStart - i, suffix: end - bodyEnd})
	}
}

// nextPEMEnd returns the position of the first "-----END " at or after
// from, or -1. It remembers the answer, so a paste of many BEGIN lines is
// searched once, not once per line.
func (s *scanner) nextPEMEnd(from int) int {
	if s.endSeen && (s.nextEnd < 0 || s.nextEnd >= from) {
		return s.nextEnd
	}
	s.endSeen, s.nextEnd = true, strings.Index(s.text[from:], "-----END ")
	if s.nextEnd >= 0 {
		s.nextEnd += from
	}
	return s.nextEnd
}

// pemEnd returns where the body of a PEM block starting at from ends, and
// where the block ends: after its END line (endAt is where the next
// "-----END " starts, or -1), or at the body end when the paste was cut.
func pemEnd(t string, from int, label string, endAt int) (bodyEnd, end int) {
	if j := endAt; j >= 0 {
		rest := t[j+len("-----END "):]
		if strings.HasPrefix(rest, label) && strings.HasPrefix(rest[len(label):], "-----") {
			return j, j + len("-----END ") + len(label) + 5
		}
	}
	// Truncated: keep whole lines of base64; a line may end with a real
	// newline or an escaped "\n" (JSON); stop at the first other line.
	good, lineStart, clean := from, from, true
	for p := from; p <= len(t); p++ {
		if p == len(t) {
			if clean && p > lineStart {
				good = p
			}
			break
		}
		c := t[p]
		switch {
		case c == '\n' || (c == '\\' && p+1 < len(t) && (t[p+1] == 'n' || t[p+1] == 'r')):
			if clean && p > lineStart {
				good = p
			}
			if c == '\\' {
				p++
			}
			lineStart, clean = p+1, true
		case c == '\r' || c == ' ' || c == '\t':
			if p > lineStart && c != '\r' {
				clean = false
			}
			if p == lineStart {
				lineStart++
			}
		case isB64Std(c) || c == '=':
		default:
			if clean && p > lineStart {
				good = p
			}
			return good, good
		}
	}
	return good, good
}

func longestB64Run(s string) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if isB64Std(s[i]) {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
