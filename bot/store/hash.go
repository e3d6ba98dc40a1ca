package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// MinSaltLen is the shortest salt OpenSQLite accepts. Platform ids are
// guessable numbers, so a short key would let anyone holding the database
// recover them by brute force.
const MinSaltLen = 16

// hasher turns raw platform ids into keyed, irreversible identifiers.
// keyed is an HMAC already primed with the key, cloned for each id so the
// key's two blocks are not hashed again every time; it is never written
// to, so one hasher is safe for concurrent use.
type hasher struct {
	key   []byte
	keyed hash.Hash
}

func newHasher(salt []byte) hasher {
	key := append([]byte(nil), salt...)
	m := hmac.New(sha256.New, key)
	m.Reset() // saves the keyed state, which clones then share
	return hasher{key: key, keyed: m}
}

// mac returns a fresh HMAC-SHA256 keyed with h.key.
func (h hasher) mac() hash.Hash {
	if c, ok := h.keyed.(hash.Cloner); ok {
		if m, err := c.Clone(); err == nil {
			return m
		}
	}
	return hmac.New(sha256.New, h.key)
}

// id returns the hex encoding of the first 16 bytes of
// HMAC-SHA256(salt, kind NUL platform NUL raw). kind ("channel" or "user") and
// platform keep equal ids from different namespaces apart. An empty raw id
// stays empty, so "no channel" is still recognisable.
func (h hasher) id(kind, platform, raw string) string {
	if raw == "" {
		return ""
	}
	m := h.mac()
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(platform))
	m.Write([]byte{0})
	m.Write([]byte(raw))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
