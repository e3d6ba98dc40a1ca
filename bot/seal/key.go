package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the size of a raw key: 32 bytes, for AES-256.
const KeySize = 32

// MinPassphrase is the shortest secret ParseKey accepts when it is not a
// raw key in hex or base64.
const MinPassphrase = 32

// ErrKey is returned (wrapped) by ParseKey for an unusable key.
var ErrKey = errors.New("unusable secret key")

// Key seals and opens secrets. It is safe for concurrent use. Its String
// and LogValue never show the key.
type Key struct {
	master []byte // 32 bytes; never used directly, only through HKDF
	aead   cipher.AEAD
}

// sealInfo is the HKDF label of the encryption key.
const sealInfo = "orfix seal v1: AES-256-GCM"

// ParseKey reads a key as ORFIX_SECRET_KEY gives it: 32 random bytes as
// 64 hex digits or as base64 (standard or URL alphabet, padded or not),
// or else any secret of at least MinPassphrase characters, stretched with
// HKDF-SHA256. The error never quotes the key.
func ParseKey(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("seal: %w: ORFIX_SECRET_KEY is empty", ErrKey)
	}
	master, ok := rawKey(s)
	if !ok {
		if len(s) < MinPassphrase {
			return nil, fmt.Errorf("seal: %w: give 32 bytes as 64 hex digits or base64 (openssl rand -base64 32), or a secret of at least %d characters", ErrKey, MinPassphrase)
		}
		var err error
		master, err = hkdf.Key(sha256.New, []byte(s), []byte("orfix secret key"), "orfix passphrase", KeySize)
		if err != nil {
			return nil, fmt.Errorf("seal: derive key: %w", err)
		}
	}
	k := &Key{master: master}
	enc, err := k.Derive(sealInfo, KeySize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return k, nil
}

// rawKey decodes s as exactly KeySize bytes in hex or base64.
func rawKey(s string) ([]byte, bool) {
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			return b, true
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == KeySize {
			return b, true
		}
	}
	return nil, false
}

// Derive returns a key of n bytes for purpose, independent of the
// encryption key and of every other purpose (HKDF-SHA256 expand).
func (k *Key) Derive(purpose string, n int) ([]byte, error) {
	b, err := hkdf.Expand(sha256.New, k.master, purpose, n)
	if err != nil {
		return nil, fmt.Errorf("seal: derive %d bytes: %w", n, err)
	}
	return b, nil
}

// String names the type only, never the key.
func (k *Key) String() string { return "seal.Key(redacted)" }

// GoString is String, so that %#v does not print the key either.
func (k *Key) GoString() string { return k.String() }
