package bot

// Keys recognised by a separator in their middle rather than a prefix:
// Telegram bot tokens (digits:A...), Facebook app tokens (digits|...), Azure
// AD client secrets (...Q~...), Mailchimp keys (hex-us20), JWTs of any
// header (ey...ey...) and curl -u user:password.

import "strings"

// digitsBefore returns where the run of digits ending at i starts.
func digitsBefore(t string, i int) int {
	j := i
	for j > 0 && i-j < 20 && isDigit(t[j-1]) {
		j--
	}
	return j
}

// runEnd returns the end of the run of class k starting at from, looking
// at most max+1 bytes.
func runEnd(t string, from int, k byte, max int) int {
	end := from
	for end < len(t) && end-from <= max && inClass(t[end], k) {
		end++
	}
	return end
}

// telegramAt checks a Telegram bot token around the colon at i:
// [0-9]{5,16}:A[A-Za-z0-9_-]{34}.
func (s *scanner) telegramAt(i int) {
	t := s.text
	d := digitsBefore(t, i)
	if i-d < 5 || i-d > 16 || !leftBoundary(t, d) || i+1 >= len(t) || t[i+1] != 'A' {
		return
	}
	end := runEnd(t, i+2, 't', 34)
	if end-(i+2) != 34 || !ruleBodyPlausible(t[i+2:end], false) {
		return
	}
	s.add(candidate{start: d, end: end, kind: kindTelegram, prio: prioVendor, prefix: i + 1 - d, tail: 4})
}

// facebookAt checks a Facebook app access token around the bar at i:
// [0-9]{15,16}|[A-Za-z0-9_-]{27,40}.
func (s *scanner) facebookAt(i int) {
	t := s.text
	d := digitsBefore(t, i)
	if i-d < 15 || i-d > 16 || !leftBoundary(t, d) {
		return
	}
	end := runEnd(t, i+1, 't', 40)
	if n := end - (i + 1); n < 27 || n > 40 || (end < len(t) && isWord(t[end])) || !plausible(t[i+1:end], 3.0) {
		return
	}
	s.add(candidate{start: d, end: end, kind: kindFacebook, prio: prioVendor, tail: 4})
}

// azureAt checks an Azure AD client secret around the tilde at i:
// [A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}.
func (s *scanner) azureAt(i int) {
	t := s.text
	if i < 5 || t[i-1] != 'Q' || !isDigit(t[i-2]) {
		return
	}
	start := i - 5
	for p := start; p < i-2; p++ {
		if !azureChar(t[p]) {
			return
		}
	}
	if start > 0 && (azureChar(t[start-1]) || t[start-1] == '-') {
		return
	}
	end := i + 1
	for end < len(t) && end-i <= 35 && (azureChar(t[end]) || t[end] == '-') {
		end++
	}
	if n := end - (i + 1); n < 31 || n > 34 || !plausible(t[i+1:end], 3.0) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kindAzure, prio: prioVendor, tail: 4})
}

func azureChar(c byte) bool { return isWord(c) || c == '~' || c == '.' }

// mailchimpAt checks a Mailchimp API key around the dash at i:
// [0-9a-f]{32}-us[0-9]{1,2}.
func (s *scanner) mailchimpAt(i int) {
	t := s.text
	if i < 32 || !strings.HasPrefix(t[i+1:], "us") {
		return
	}
	end := i + 3
	for end < len(t) && end-i < 5 && isDigit(t[end]) {
		end++
	}
	if end == i+3 || (end < len(t) && isWord(t[end])) || !leftBoundary(t, i-32) || !lowerHex(t[i-32:i]) {
		return
	}
	if plausible(t[i-32:i], 3.0) {
		s.add(candidate{start: i - 32, end: end, kind: kindMailchimp, prio: prioVendor, tail: 4})
	}
}

// jwtDotAt checks a JWT of any header at the dot i ending its first part:
// ey[A-Za-z0-9_-]{17,}.ey[A-Za-z0-9_/-]{17,}, then an optional signature.
func (s *scanner) jwtDotAt(i int) {
	t := s.text
	if !strings.HasPrefix(t[i+1:], "ey") {
		return
	}
	start := i
	for start > 0 && isTok(t[start-1]) {
		start--
	}
	if i-start < 19 || t[start] != 'e' || t[start+1] != 'y' || !leftBoundary(t, start) {
		return
	}
	p2 := i + 1
	for p2 < len(t) && (isTok(t[p2]) || t[p2] == '/') {
		p2++
	}
	if p2-(i+1) < 19 {
		return
	}
	end := p2
	if p2 < len(t) && t[p2] == '.' {
		end = p2 + 1
		for end < len(t) && (isTok(t[end]) || t[end] == '/' || t[end] == '=') {
			end++
		}
	}
	s.add(candidate{start: start, end: end, kind: kindJWT, prio: prioVendor, prefix: 2})
}

// lowerWord reports whether s is one lower-case word, a stand-in such as
// "token" or "pass" rather than a password.
func lowerWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLower(s[i]) {
			return false
		}
	}
	return true
}

// curlUserAt checks "curl ... -u user:password" at the option that ends at
// v (the value start) and adds the password.
func (s *scanner) curlUserAt(v int) {
	t := s.text
	v = skipBlanks(t, v)
	q := byte(0)
	if k := skipQuote(t, v); k > v {
		q, v = t[k-1], k
	}
	end := v
	for end < len(t) && end-v < 256 && !valueStop(t[end], q) {
		end++
	}
	c := strings.IndexByte(t[v:end], ':')
	if c <= 0 || end-(v+c+1) < 4 {
		return
	}
	pass := t[v+c+1 : end]
	if passwordPlaceholder(pass) || repeated(pass) || pass == t[v:v+c] || lowerWord(pass) {
		return
	}
	s.add(candidate{start: v + c + 1, end: end, kind: kindURLPassword, prio: prioContext})
}
