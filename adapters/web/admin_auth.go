package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// adminCookie names the operator's session cookie.
const adminCookie = "orfix_admin"

// Login limits: at most loginTries tries per client address within
// loginWindow; further tries are answered 429 until the oldest one ages
// out.
const (
	loginTries  = 5
	loginWindow = time.Minute
	// loginClients bounds the limiter's memory: past it, clients with no
	// try in the window are forgotten.
	loginClients = 10000
)

// adminAuth checks the admin token and signs and verifies sessions. It
// keeps no session state: a session is an expiry and a nonce signed with a
// key derived from the token, so every replica with the same token accepts
// it, and a new token ends every session.
type adminAuth struct {
	// cmpKey keys the HMACs the token is compared through, so the
	// comparison takes the same time whatever the lengths.
	cmpKey   []byte
	tokenMAC []byte
	signKey  []byte
	ttl      time.Duration
	limiter  *loginLimiter
	trustXFP bool
}

func newAdminAuth(token string, ttl time.Duration, trustForwardedProto bool) *adminAuth {
	cmpKey := make([]byte, 32)
	_, _ = rand.Read(cmpKey) // crypto/rand.Read never fails
	a := &adminAuth{cmpKey: cmpKey, ttl: ttl, limiter: newLoginLimiter(), trustXFP: trustForwardedProto}
	a.tokenMAC = mac(cmpKey, []byte(token))
	a.signKey = mac([]byte(token), []byte("orfix admin session v1"))
	return a
}

func mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// tokenOK reports whether given is the admin token, in time that depends
// on neither token's length nor content: both sides are HMACs of one size.
func (a *adminAuth) tokenOK(given string) bool {
	return subtle.ConstantTimeCompare(mac(a.cmpKey, []byte(given)), a.tokenMAC) == 1
}

// session is a verified session cookie.
type session struct {
	nonce   string
	expires time.Time
}

// newSession signs a session that expires ttl after now.
func (a *adminAuth) newSession(now time.Time) (value string, s session) {
	var n [16]byte
	_, _ = rand.Read(n[:])
	s = session{nonce: hex.EncodeToString(n[:]), expires: now.Add(a.ttl)}
	payload := "v1|" + strconv.FormatInt(s.expires.Unix(), 10) + "|" + s.nonce
	sig := mac(a.signKey, []byte(payload))
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(sig), s
}

// verify checks a cookie value's signature and expiry.
func (a *adminAuth) verify(value string, now time.Time) (session, bool) {
	p64, s64, ok := strings.Cut(value, ".")
	if !ok {
		return session{}, false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(s64)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, mac(a.signKey, payload)) {
		return session{}, false
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 3 || parts[0] != "v1" {
		return session{}, false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !now.Before(time.Unix(exp, 0)) {
		return session{}, false
	}
	return session{nonce: parts[2], expires: time.Unix(exp, 0)}, true
}

// csrf is the session's CSRF token, for the hidden field of its forms.
func (a *adminAuth) csrf(s session) string {
	return hex.EncodeToString(mac(a.signKey, []byte("csrf|"+s.nonce)))[:32]
}

// csrfOK reports whether given is the session's CSRF token.
func (a *adminAuth) csrfOK(s session, given string) bool {
	return hmac.Equal([]byte(given), []byte(a.csrf(s)))
}

// secure reports whether the request came over HTTPS: TLS to orfix itself,
// or X-Forwarded-Proto: https from a proxy the owner said to trust.
func (a *adminAuth) secure(r *http.Request) bool {
	return r.TLS != nil || a.trustXFP && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// cookie is the session cookie for value; an empty value and negative
// maxAge clear it.
func (a *adminAuth) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: adminCookie, Value: value, Path: "/admin", MaxAge: maxAge,
		HttpOnly: true, Secure: a.secure(r), SameSite: http.SameSiteStrictMode,
	}
}

// loginLimiter counts login tries per client address in a sliding window.
// It lives in the replica's memory: behind N replicas a client gets up to
// N times the tries.
type loginLimiter struct {
	mu    sync.Mutex
	tries map[string][]time.Time
}

func newLoginLimiter() *loginLimiter {
	return &loginLimiter{tries: map[string][]time.Time{}}
}

// allow reports whether client may try now: fewer than loginTries tries
// within the window.
func (l *loginLimiter) allow(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.recent(client, now)
	l.tries[client] = recent
	if len(recent) == 0 {
		delete(l.tries, client)
	}
	return len(recent) < loginTries
}

// record counts one try by client at now.
func (l *loginLimiter) record(client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.tries) >= loginClients {
		for c := range l.tries {
			if len(l.recent(c, now)) == 0 {
				delete(l.tries, c)
			}
		}
	}
	l.tries[client] = append(l.recent(client, now), now)
}

// recent is client's tries within the window before now.
func (l *loginLimiter) recent(client string, now time.Time) []time.Time {
	ts := l.tries[client]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-loginWindow)) {
		i++
	}
	return ts[i:]
}
