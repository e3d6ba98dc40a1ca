package bot

// The scanner driver: one pass over the text that starts a detector at each
// anchor byte, then the resolution of the candidates into findings
// (priorities, overlaps, data URIs, repeated values).

import (
	"cmp"
	"slices"
	"strings"
)

// Candidate priorities: lower wins an overlap.
const (
	prioBlock    = iota // private-key blocks contain anything
	prioVendor          // vendor keys, JWTs, Discord, AWS
	prioContext         // Bearer / Basic values, URL passwords
	prioAssigned        // generic name = value
)

type candidate struct {
	start, end int
	kind       secretKind
	prio       int8
	// The value's first prefix bytes, its last tail bytes and then its last
	// suffix bytes (a private key's END line) may be shown. Offsets rather
	// than strings keep candidates pointer-free, so the scan does not allocate.
	prefix, tail, suffix int
}

type scanner struct {
	text      string
	cands     []candidate
	nameEnd   int  // end of the last name (and its value) checked for a secret keyword
	vendorEnd int  // end of the last token a vendor-prefix detector examined
	endSeen   bool // nextEnd is known
	nextEnd   int  // position of the next "-----END " after the last BEGIN, or -1
}

// add records a candidate. A clean paste never gets here, so scanning it
// allocates nothing.
func (s *scanner) add(c candidate) {
	if s.cands == nil {
		s.cands = make([]candidate, 0, 4)
	}
	s.cands = append(s.cands, c)
}

// anchorBytes are the bytes where a detector may start: the rarest byte of
// each prefix or keyword. Every other byte costs one table lookup.
var anchorBytes = [256]bool{
	'-': true, '_': true, 'A': true, 'J': true, '.': true, '/': true, ':': true, 'B': true, 'b': true,
	'k': true, 'K': true, 'c': true, 'C': true, 'w': true, 'W': true, 'u': true, 'U': true,
	'~': true, '|': true,
}

// run makes the single pass over the text and collects candidates. Every
// detector that walks a token records how far it looked (vendorEnd,
// ruleEnd, nameEnd), and anchors inside that stretch are not tried again, so
// a run of repeated prefixes costs one walk, not one per prefix.
func (s *scanner) run() {
	t := s.text
	ruleEnd := 0 // end of the last token a table rule examined
	for i := 0; i < len(t); i++ {
		if ruleFirst[t[i]] && i >= ruleEnd && leftBoundary(t, i) {
			ruleEnd = s.ruleAt(i)
		}
		if !anchorBytes[t[i]] {
			continue
		}
		switch c := t[i]; c {
		case '-':
			if strings.HasPrefix(t[i:], "-----BEGIN ") {
				s.privateKeyAt(i)
			} else if i >= s.vendorEnd {
				s.atDash(i)
			}
		case '_':
			if i >= s.vendorEnd {
				s.atUnderscore(i)
			}
		case 'A':
			if i >= s.vendorEnd {
				s.atA(i)
			}
		case 'J':
			if i >= s.vendorEnd && i >= 2 && t[i-2] == 'e' && t[i-1] == 'y' && leftBoundary(t, i-2) {
				s.jwtAt(i - 2)
			}
		case '.':
			s.discordAt(i)
			s.jwtDotAt(i)
		case '/':
			if strings.HasPrefix(t[i:], "/webhooks/") {
				s.webhookAt(i)
			} else if i > 0 && t[i-1] == 'm' {
				s.slackWebhookAt(i)
				s.teamsWebhookAt(i)
			}
		case ':':
			if strings.HasPrefix(t[i+1:], "//") {
				s.urlPasswordAt(i + 3)
			} else if i > 0 && isDigit(t[i-1]) {
				s.telegramAt(i)
			}
		case '~':
			s.azureAt(i)
		case '|':
			if i > 0 && isDigit(t[i-1]) {
				s.facebookAt(i)
			}
		case 'B', 'b':
			if i > 0 && isAlnum(t[i-1]) {
				break
			}
			if hasPrefixFold(t[i:], "bearer") {
				s.bearer(i + len("bearer"))
			} else if strings.HasPrefix(t[i:], "Basic ") {
				s.basicAt(i + len("Basic "))
			}
		default:
			if (c == 'u' || c == 'U') && i >= 2 && t[i-1] == '-' && curlUserOption(t, i) {
				s.curlUserAt(i + 1)
			}
			if i >= s.nameEnd && keywordAt(t, i) {
				s.nameAt(i)
			}
		}
	}
}

// curlUserOption reports whether the u at i is curl's -u option: " -u "
// shortly after a curl command.
func curlUserOption(t string, i int) bool {
	if t[i-2] != ' ' || i+1 >= len(t) || t[i+1] != ' ' {
		return false
	}
	return strings.Contains(t[max(0, i-256):i], "curl ")
}

// findings resolves overlaps, adds repeated occurrences and builds the result.
func (s *scanner) findings() []Finding {
	s.dropDataURIs()
	slices.SortFunc(s.cands, func(a, b candidate) int {
		if c := cmp.Compare(a.prio, b.prio); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(b.end, a.end)
	})
	kept := make([]candidate, 0, len(s.cands))
	for _, c := range s.cands {
		kept, _ = insertFree(kept, c)
	}
	kept = s.addRepeats(kept)
	out := make([]Finding, len(kept))
	for i, c := range kept {
		id, label, rotate := kindInfo(c.kind)
		v := s.text[c.start:c.end]
		out[i] = Finding{
			Kind: id, Label: label, RotateURL: rotate, Webhook: isWebhook(c.kind),
			Start: c.start, End: c.end,
			Masked: v[:c.prefix] + redactMark + v[len(v)-c.suffix-c.tail:],
		}
	}
	return out
}

// insertFree inserts c into kept (sorted by start, never overlapping) unless
// it overlaps a kept candidate; candidates arrive by priority, so the kept
// one wins. What is left of a dropped value beside the kept one ends at the
// mask after redaction, and every context detector ignores a value that runs
// into a mask, so a second pass finds nothing new.
func insertFree(kept []candidate, c candidate) ([]candidate, bool) {
	i, _ := slices.BinarySearchFunc(kept, c.start, func(k candidate, start int) int { return cmp.Compare(k.start, start) })
	if (i > 0 && kept[i-1].end > c.start) || (i < len(kept) && kept[i].start < c.end) {
		return kept, false
	}
	return slices.Insert(kept, i, c), true
}

// maxRepeatSearches bounds the work addRepeats does on a paste full of keys.
const maxRepeatSearches = 32

// addRepeats redacts every other verbatim occurrence of a found value (a key
// pasted once as KEY=... and once bare), as the same kind. An occurrence glued
// to other token characters is redacted with them, so that what is left
// cannot turn into a new finding once the mask gives it a word boundary.
func (s *scanner) addRepeats(kept []candidate) []candidate {
	t := s.text
	var buf [maxRepeatSearches]candidate
	srcs := buf[:0] // one kept candidate per distinct value
	for _, c := range kept {
		v := t[c.start:c.end]
		if len(srcs) < maxRepeatSearches && len(v) >= 8 &&
			!slices.ContainsFunc(srcs, func(d candidate) bool { return t[d.start:d.end] == v }) {
			srcs = append(srcs, c)
		}
	}
	for _, c := range srcs {
		v := t[c.start:c.end]
		for off := 0; ; {
			j := strings.Index(t[off:], v)
			if j < 0 {
				break
			}
			j += off
			off = j + len(v)
			r := c
			r.start, r.end = j, off
			for r.start > 0 && isTok(t[r.start-1]) {
				r.start--
			}
			for r.end < len(t) && isTok(t[r.end]) {
				r.end++
			}
			if r.start != j || r.end != off {
				r.prefix, r.suffix, r.tail = 0, 0, min(c.tail, tailFor(t[r.start:r.end]))
			}
			var ok bool
			if kept, ok = insertFree(kept, r); !ok && (r.start != j || r.end != off) {
				r = c
				r.start, r.end = j, off
				kept, _ = insertFree(kept, r)
			}
		}
	}
	return kept
}

// dropDataURIs ignores candidates inside base64 payloads such as
// data:image/png;base64,... (image data is random and long).
func (s *scanner) dropDataURIs() {
	t := s.text
	for off := 0; ; {
		i := strings.Index(t[off:], "base64,")
		if i < 0 {
			return
		}
		from := off + i + len("base64,")
		to := from
		for to < len(t) && isB64Std(t[to]) {
			to++
		}
		off = to
		if to-from < 64 {
			continue
		}
		s.cands = slices.DeleteFunc(s.cands, func(c candidate) bool {
			return c.prio != prioBlock && c.start >= from && c.start < to
		})
	}
}
