package slack

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// The OAuth state: a random nonce and an expiry, signed with a key
// derived from ORFIX_SECRET_KEY. The nonce also goes into a cookie on the
// browser that started the install, and is claimed in the shared store
// when the callback uses it, so a state works once, in that browser,
// before it expires, on any replica.

// stateTTL is how long an install link stays valid.
const stateTTL = 10 * time.Minute

// nonceSize is the size of a state's random nonce.
const nonceSize = 16

// statePurpose labels the state's signing key (see seal.Key.Derive).
const statePurpose = "orfix slack oauth state v1"

// errState is every reason a state is refused; the page says no more.
var errState = errors.New("invalid or expired install link")

// oauthState is a verified state.
type oauthState struct {
	nonce   []byte
	expires time.Time
}

// newState makes a state valid until now+stateTTL: the value for Slack's
// state parameter and the nonce for the cookie.
func newState(key []byte, now time.Time) (state, cookie string, err error) {
	nonce := make([]byte, nonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return "", "", err
	}
	return signState(key, nonce, now.Add(stateTTL)), encodeNonce(nonce), nil
}

// signState encodes nonce and expiry and signs them.
func signState(key, nonce []byte, expires time.Time) string {
	payload := binary.BigEndian.AppendUint64(nil, uint64(expires.Unix()))
	payload = append(payload, nonce...)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(stateMAC(key, payload))
}

// stateMAC signs a state's payload.
func stateMAC(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("slack oauth state\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

// verifyState checks a state's signature and expiry, and that cookie (the
// nonce the browser kept) is its nonce. It does not claim the nonce.
func verifyState(key []byte, state, cookie string, now time.Time) (oauthState, error) {
	p, s, ok := strings.Cut(state, ".")
	if !ok || len(state) > 200 {
		return oauthState{}, errState
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	sig, err2 := base64.RawURLEncoding.DecodeString(s)
	if err1 != nil || err2 != nil || len(payload) != 8+nonceSize || !hmac.Equal(sig, stateMAC(key, payload)) {
		return oauthState{}, errState
	}
	st := oauthState{expires: time.Unix(int64(binary.BigEndian.Uint64(payload[:8])), 0), nonce: payload[8:]}
	if !now.Before(st.expires) {
		return oauthState{}, errState
	}
	if cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(encodeNonce(st.nonce))) != 1 {
		return oauthState{}, errState
	}
	return st, nil
}

// encodeNonce is a nonce as the cookie and the claim key hold it.
func encodeNonce(nonce []byte) string { return base64.RawURLEncoding.EncodeToString(nonce) }
