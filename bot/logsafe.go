package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"

	"github.com/orfix/orfix/internal/lazyre"
)

// Logs name no secret and no raw platform id. Every adapter turns an error
// into a log string with SafeError and an id into a log value with
// LogIDs.Hash.

// LogIDs hashes platform ids (users, channels, messages, interactions)
// for logs with a key, as the store hashes them for its rows: a log line
// can be correlated with others, never with a person.
type LogIDs struct{ key []byte }

// NewLogIDs returns a hasher keyed with key; an empty key gets a random
// one (ids then correlate within this process only).
func NewLogIDs(key []byte) LogIDs {
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key) // never fails (crypto/rand panics instead)
	}
	return LogIDs{key: append([]byte(nil), key...)}
}

// Hash returns the first 8 bytes of HMAC-SHA256(key, "log" NUL id) in
// hex; an empty id stays empty. The zero LogIDs hashes with an empty key,
// which is still not the raw id.
func (h LogIDs) Hash(id string) string {
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte("log\x00"))
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// maxLogError is the longest error string SafeError returns.
const maxLogError = 500

// urlInText finds URLs inside an error message.
var urlInText = lazyre.New(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`)

// SafeError turns err into a string fit for a log: URLs lose their query
// string, fragment and user info, and path segments that carry a token
// (interaction and webhook tokens, signed file paths) are replaced; then
// any secret the scanner recognises is masked and the whole is cut to a
// few hundred bytes. A *url.Error names only its operation and host.
func SafeError(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if ue, ok := errors.AsType[*url.Error](err); ok {
		// Rebuild it: the URL goes first through safeURL.
		msg = strings.ReplaceAll(msg, ue.URL, safeURL(ue.URL))
	}
	msg = urlInText().ReplaceAllStringFunc(msg, func(u string) string {
		trimmed := strings.TrimRight(u, ":;,.)]}")
		return safeURL(trimmed) + u[len(trimmed):]
	})
	msg, _ = Redact(msg)
	return clipBytes(strings.ToValidUTF8(msg, "\uFFFD"), maxLogError)
}

// tokenSegment is a path segment that is not a word or a short number: a
// token, a signature or an id long enough to identify someone.
var tokenSegment = lazyre.New(`^[A-Za-z0-9_\-.~%]{20,}$`)

// safeURL keeps a URL's scheme, host and the plain words of its path.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "[url]"
	}
	segs := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	for i, s := range segs {
		if tokenSegment().MatchString(s) || isDigits(s) {
			segs[i] = "…"
		}
	}
	out := u.Scheme + "://" + u.Host
	if len(segs) > 0 && !(len(segs) == 1 && segs[0] == "") {
		out += "/" + strings.Join(segs, "/")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		out += "?…"
	}
	return out
}
