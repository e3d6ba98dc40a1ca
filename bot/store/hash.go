package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// MinSaltLen is the shortest salt OpenSQLite accepts. Platform ids are
// guessable numbers, so a short key would let anyone holding the database
// recover them by brute force.
const MinSaltLen = 16

// hasher turns raw platform ids into keyed, irreversible identifiers.
type hasher struct{ key []byte }

func newHasher(salt []byte) hasher {
	return hasher{key: append([]byte(nil), salt...)}
}

// id returns the hex encoding of the first 16 bytes of
// HMAC-SHA256(salt, kind NUL platform NUL raw). kind ("channel" or "user") and
// platform keep equal ids from different namespaces apart. An empty raw id
// stays empty, so "no channel" is still recognisable.
func (h hasher) id(kind, platform, raw string) string {
	if raw == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(platform))
	m.Write([]byte{0})
	m.Write([]byte(raw))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
