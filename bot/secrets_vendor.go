package bot

// Vendor keys: fixed-prefix API keys and tokens (sk-, sk-or-, sk-ant-, AIza,
// gsk_, xai-, hf_, GitHub, Slack), AWS access key ids and JWTs.

import (
	"slices"
	"strings"
)

func (s *scanner) atDash(i int) {
	t := s.text
	switch {
	case i >= 2 && t[i-2] == 's' && t[i-1] == 'k' && leftBoundary(t, i-2):
		s.skAt(i - 2)
	case i >= 3 && t[i-3:i] == "xai" && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindXAI, 60, 'a')
	case i >= 4 && (t[i-4:i-1] == "xox" && strings.IndexByte("bparse", t[i-1]) >= 0 || t[i-4:i] == "xapp") &&
		leftBoundary(t, i-4):
		// Slack: xoxb-, xoxp-, xoxa-, xoxr-, xoxe-, xoxs-, xapp-.
		end := tokEnd(t, i+1)
		s.vendorEnd = end
		min := 20
		if t[i-1] == 'a' || t[i-1] == 'r' {
			min = 8 // legacy workspace tokens: xoxa-2-..., xoxr-...
		}
		if hasDigit(t[i+1:end]) && slackTeamID(t[i+1:end]) {
			s.addKey(kindSlack, i-4, 5, end, min, 40)
		}
	case i >= 32 && strings.HasPrefix(t[i+1:], "us"):
		s.mailchimpAt(i)
	}
}

func (s *scanner) atUnderscore(i int) {
	t := s.text
	switch {
	case i >= 3 && t[i-3:i] == "gsk" && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindGroq, 40, 'a')
	case i >= 2 && t[i-2:i] == "hf" && leftBoundary(t, i-2):
		s.fixedAt(i-2, 3, kindHuggingFace, 34, 'a')
	case i >= 3 && t[i-3] == 'g' && t[i-2] == 'h' && strings.IndexByte("pousr", t[i-1]) >= 0 && leftBoundary(t, i-3):
		s.fixedAt(i-3, 4, kindGitHub, 36, 'a') // ghp_, gho_, ghu_, ghs_, ghr_
	case i >= 6 && t[i-6:i] == "github" && strings.HasPrefix(t[i:], "_pat_") && leftBoundary(t, i-6):
		s.fixedAt(i-6, len("github_pat_"), kindGitHub, 70, 'w')
	}
}

func (s *scanner) atA(i int) {
	t := s.text
	if i+4 > len(t) || !leftBoundary(t, i) {
		return
	}
	switch t[i : i+4] {
	case "AIza":
		e := tokEnd(t, i+4)
		s.vendorEnd = e
		if e-i == 39 && !publicGoogleKey(t[i:e]) {
			s.addKey(kindGoogle, i, 4, e, 35, 35)
		}
	case "AKIA", "ASIA", "ABIA", "ACCA":
		s.awsAt(i)
	}
}

// skAt checks sk-or- (OpenRouter), sk-ant- (Anthropic) and other sk- keys
// (OpenAI, including sk-proj-, sk-svcacct-, sk-admin-) at i.
func (s *scanner) skAt(i int) {
	t := s.text
	base, kind := 3, kindOpenAI
	switch rest := t[i+3:]; {
	case strings.HasPrefix(rest, "or-"):
		base, kind = 6, kindOpenRouter
	case strings.HasPrefix(rest, "ant-"):
		base, kind = 7, kindAnthropic
	}
	end := tokEnd(t, i+base)
	s.vendorEnd = end
	pfx := base
	if kind == kindOpenAI {
		for _, p := range [...]string{"proj-", "svcacct-", "admin-"} {
			if strings.HasPrefix(t[i+base:end], p) {
				pfx += len(p)
				break
			}
		}
	} else {
		pfx += versionLen(t[i+base : end])
	}
	if kind == kindAnthropic && pfx > base && !anthropicLength(t[i+pfx:end]) {
		return
	}
	full := 40
	if kind == kindOpenRouter && t[i+base:i+pfx] == "v1-" {
		full = 64
		end = wrappedHex(t, i+pfx, end, full)
	}
	s.addKey(kind, i, pfx, end, 20, full)
}

// anthropicLength checks the body of a versioned Anthropic key
// (sk-ant-api03-, sk-ant-admin01-): complete keys are 93 characters and
// "AA". A body ending in AA at another length, or longer than a key, is
// something else; a shorter one is a key cut short and still counts.
func anthropicLength(body string) bool {
	if len(body) == 95 {
		return strings.HasSuffix(body, "AA")
	}
	return len(body) < 95 && !strings.HasSuffix(body, "AA")
}

// slackTeamID rejects Slack-shaped examples whose first numeric part is too
// short for a team or user id (xoxp-1234-1234-...): when the body starts
// with digits and a dash, there must be 8 or more of them, or one (a
// version such as xoxe-1-).
func slackTeamID(body string) bool {
	n := 0
	for n < len(body) && isDigit(body[n]) {
		n++
	}
	return n == 0 || n == 1 || n >= 8 || n == len(body) || body[n] != '-'
}

// publicGoogleKey reports whether k is one of the Google API keys published
// in Firebase's example apps and documentation (gitleaks' allowlist).
func publicGoogleKey(k string) bool {
	return slices.Contains(publicGoogleKeys[:], k)
}

var publicGoogleKeys = [...]string{
	"AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
	"AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM", "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
	"AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
	"AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
	"AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY", "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
	"AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
	"AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
	"AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE", "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
}

// versionLen returns the length of a leading version part such as "v1-" or
// "api03-" (lowercase letters, 1-3 digits, a dash), or 0.
func versionLen(s string) int {
	i := 0
	for i < len(s) && i < 8 && isLower(s[i]) {
		i++
	}
	d := i
	for i < len(s) && i-d < 3 && isDigit(s[i]) {
		i++
	}
	if i == 0 || d == 0 || i == d || i >= len(s) || s[i] != '-' {
		return 0
	}
	return i + 1
}

// wrappedHex handles a hex key body t[from:end] shorter than full that a
// terminal or a log wrapped onto the next line: when the next line (after
// optional indentation) starts with exactly the missing number of lowercase
// hex digits, the key ends there. Line breaks may be real or escaped (\n).
func wrappedHex(t string, from, end, full int) int {
	n := end - from
	if n < 20 || n >= full || !lowerHex(t[from:end]) {
		return end
	}
	j := end
	for _, nl := range [...]string{"\r\n", "\n", `\r\n`, `\n`} {
		if strings.HasPrefix(t[j:], nl) {
			j += len(nl)
			break
		}
	}
	if j == end {
		return end
	}
	j = skipBlanks(t, j)
	e := tokEnd(t, j)
	if e-j != full-n || !lowerHex(t[j:e]) {
		return end
	}
	return e
}

func lowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'a' || s[i] > 'f') {
			return false
		}
	}
	return true
}

// fixedAt checks a key with a literal prefix of pfx bytes at start and a body
// of min+ characters of a class: 't' [A-Za-z0-9_-], 'a' [A-Za-z0-9], 'w' [A-Za-z0-9_].
func (s *scanner) fixedAt(start, pfx int, kind secretKind, min int, class byte) {
	t := s.text
	var end int
	switch class {
	case 'a':
		end = alnumEnd(t, start+pfx)
	case 'w':
		end = wordEnd(t, start+pfx)
	default:
		end = tokEnd(t, start+pfx)
	}
	s.vendorEnd = end
	s.addKey(kind, start, pfx, end, min, min)
}

// addKey validates a prefixed key t[start:end] whose first pfx bytes are the
// kind prefix, and adds it.
func (s *scanner) addKey(kind secretKind, start, pfx, end, min, full int) {
	t := s.text
	body := t[start+pfx : end]
	if len(body) < min {
		return
	}
	if len(body) < full && maskedAfter(t, end) {
		return // the author cut it short and masked the rest: "sk-or-v1-0f3a9c...".
	}
	if !plausible(body, 2.5) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kind, prio: prioVendor, prefix: pfx, tail: 4})
}

// awsAt checks an AWS access key id: \b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b,
// except AWS's documentation examples ending in EXAMPLE.
func (s *scanner) awsAt(i int) {
	t := s.text
	end := i + 4
	for end < len(t) && (isUpper(t[end]) || isDigit(t[end])) {
		end++
	}
	if end-i != 20 || (end < len(t) && isWord(t[end])) || strings.HasSuffix(t[i:end], "EXAMPLE") {
		return
	}
	if plausible(t[i+4:end], 2.5) {
		s.add(candidate{start: i, end: end, kind: kindAWS, prio: prioVendor, prefix: 4, tail: 4})
	}
}

// jwtAt checks for eyJ... of three base64url parts of 10+ characters.
func (s *scanner) jwtAt(i int) {
	t := s.text
	end := i
	for part := 0; part < 3; part++ {
		if part > 0 {
			if end >= len(t) || t[end] != '.' {
				return
			}
			end++
		}
		e := tokEnd(t, end)
		s.vendorEnd = e
		if e-end < 10 {
			return
		}
		end = e
	}
	s.add(candidate{start: i, end: end, kind: kindJWT, prio: prioVendor, prefix: 3})
}
