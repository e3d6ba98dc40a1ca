package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// MinSaltLen is the shortest salt OpenSQLite accepts. Platform ids are
// guessable numbers, so a short key would let anyone holding the database
// recover them by brute force.
const MinSaltLen = 16

// hasher turns raw platform ids into keyed, irreversible identifiers.
// Each id takes a keyed HMAC from a pool (Reset restores the keyed state,
// so the key's two blocks are not hashed again) and a scratch buffer that
// goes with it: an id costs one allocation, the string returned. One
// hasher is safe for concurrent use, and its copies share the pool.
type hasher struct {
	macs *sync.Pool // of *keyedMAC
}

// keyedMAC is an HMAC keyed with the hasher's key and the scratch space
// of one id.
type keyedMAC struct {
	mac hash.Hash
	msg []byte
	sum []byte
}

func newHasher(salt []byte) hasher {
	key := append([]byte(nil), salt...)
	return hasher{macs: &sync.Pool{New: func() any {
		return &keyedMAC{mac: hmac.New(sha256.New, key), sum: make([]byte, 0, sha256.Size)}
	}}}
}

// id returns the hex encoding of the first 16 bytes of
// HMAC-SHA256(salt, kind NUL platform NUL raw). kind ("channel" or "user") and
// platform keep equal ids from different namespaces apart. An empty raw id
// stays empty, so "no channel" is still recognisable.
func (h hasher) id(kind, platform, raw string) string {
	if raw == "" {
		return ""
	}
	k := h.macs.Get().(*keyedMAC)
	defer h.macs.Put(k)
	k.mac.Reset()
	k.msg = append(append(append(append(append(k.msg[:0], kind...), 0), platform...), 0), raw...)
	k.mac.Write(k.msg)
	k.sum = k.mac.Sum(k.sum[:0])
	var out [2 * 16]byte
	hex.Encode(out[:], k.sum[:16])
	if cap(k.msg) > 4<<10 {
		k.msg = nil // an outsized id does not stay in the pool
	}
	return string(out[:])
}
