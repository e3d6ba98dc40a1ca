package seal

import (
	"crypto/rand"
	"errors"
	"fmt"
)

// version is the first byte of a sealed value; a new format gets a new one.
const version byte = 1

// ErrOpen is returned (wrapped) by Open when a sealed value does not open:
// another key sealed it, the additional data differs, or it was altered.
var ErrOpen = errors.New("sealed value does not open with this key (wrong ORFIX_SECRET_KEY, or altered data)")

// Seal encrypts plaintext bound to ad: version byte, random nonce,
// ciphertext and tag.
func (k *Key) Seal(plaintext, ad []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	out := make([]byte, 1+n, 1+n+len(plaintext)+k.aead.Overhead())
	out[0] = version
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	return k.aead.Seal(out, out[1:], plaintext, ad), nil
}

// Open decrypts a value Seal made with the same key and ad.
func (k *Key) Open(sealed, ad []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < 1+n+k.aead.Overhead() {
		return nil, fmt.Errorf("seal: %d bytes is too short: %w", len(sealed), ErrOpen)
	}
	if sealed[0] != version {
		return nil, fmt.Errorf("seal: unknown format %d: %w", sealed[0], ErrOpen)
	}
	plain, err := k.aead.Open(nil, sealed[1:1+n], sealed[1+n:], ad)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", ErrOpen)
	}
	return plain, nil
}
