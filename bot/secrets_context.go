package bot

// Credentials in context: Bearer and Basic values and passwords in URLs,
// found by what precedes them rather than by their shape.

import (
	"encoding/base64"
	"strings"
)

// urlPasswordAt checks scheme://user:password@host after the "://" (u is the
// start of the authority) and adds the password.
func (s *scanner) urlPasswordAt(u int) {
	t := s.text
	at, colon := -1, -1
	for p := u; p < len(t) && p < u+256; p++ {
		c := t[p]
		if c == '@' {
			at = p
			break
		}
		if c == ':' && colon < 0 {
			colon = p
		}
		if c <= ' ' || strings.IndexByte("/?#\"'`<>\\[](){}", c) >= 0 {
			break
		}
	}
	if at < 0 || colon < 0 {
		return
	}
	user, pass := t[u:colon], t[colon+1:at]
	if len(pass) >= 4 && pass != user && !repeated(pass) && !passwordPlaceholder(pass) {
		s.add(candidate{start: colon + 1, end: at, kind: kindURLPassword, prio: prioContext})
	}
}

func passwordPlaceholder(p string) bool {
	switch p[0] {
	case '$', '%', '<', '{', '*':
		return true
	}
	l := strings.ToLower(p)
	for _, w := range [...]string{"password", "passwd", "pass", "your", "secret", "xxx", "***", "changeme", "example", "redacted", "…"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// basicAt checks "Basic <base64 of user:password>" with the value at v.
func (s *scanner) basicAt(v int) {
	t := s.text
	for v < len(t) && t[v] == ' ' {
		v++
	}
	end := v
	for end < len(t) && (isB64Std(t[end]) || t[end] == '=') {
		end++
	}
	if end-v < 12 || end-v > 512 || maskedAfter(t, end) {
		return
	}
	var buf [384]byte
	n, err := base64.StdEncoding.Decode(buf[:], []byte(padB64(t[v:end])))
	if err != nil {
		return
	}
	dec := string(buf[:n])
	c := strings.IndexByte(dec, ':')
	if c <= 0 || !printableASCII(dec) {
		return
	}
	// base64("sk-or-v1-...:"): an API key as the user name, no password.
	keyAsUser := c == n-1 && len(scan(dec[:c])) > 0
	if !keyAsUser && (c == n-1 || passwordPlaceholder(dec[c+1:])) {
		return
	}
	s.add(candidate{start: v, end: end, kind: kindBasicAuth, prio: prioContext})
}

func padB64(s string) string {
	if m := len(s) % 4; m != 0 && !strings.HasSuffix(s, "=") {
		return s + "==="[:4-m]
	}
	return s
}

// bearer checks the value after the word "Bearer" (at v). After Bearer
// anything up to a blank or a quote is the credential, including user:pass
// and values with | or ~, so the bar is credentialLike rather than the
// random-material test.
func (s *scanner) bearer(v int) {
	t := s.text
	start := v
	for start < len(t) && (t[start] == ' ' || t[start] == '\t') {
		start++
	}
	if start == v {
		return
	}
	end := start
	for end < len(t) && end-start < 4096 && t[end] > ' ' && t[end] < 0x7f && strings.IndexByte("\"'`\\,;)]}>", t[end]) < 0 {
		end++
	}
	for end > start && t[end-1] == '.' {
		end--
	}
	val := t[start:end]
	if maskedAfter(t, end) || !credentialLike(val) {
		return
	}
	s.add(candidate{start: start, end: end, kind: kindBearer, prio: prioContext, tail: tailFor(val)})
}
