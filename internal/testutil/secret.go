package testutil

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// openRouterPrefix starts every OpenRouter API key.
const openRouterPrefix = "sk-or-v1-"

// FakeOpenRouterKey returns a fresh key of the real shape, "sk-or-v1-" and
// 64 hex digits from crypto/rand, so that no key is written in the source
// and no test passes because it knows the key in advance.
func FakeOpenRouterKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return openRouterPrefix + hex.EncodeToString(b)
}

// OpenRouterKeyFromSeed returns a key of the real shape made from the
// SHA-256 of seed: the same key on every run, for golden files.
func OpenRouterKeyFromSeed(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	return openRouterPrefix + hex.EncodeToString(sum[:])
}

// AssertNoSecret fails the test when text, found in where, holds secret or
// any 8-character piece of its secret part: what follows its prefix, the
// prefix being everything up to its last '-' ("sk-or-v1-" for an
// OpenRouter key). It reports the first leak it finds and returns; a
// secret part shorter than 8 characters cannot be checked and stops the
// test.
func AssertNoSecret(t testing.TB, where, text, secret string) {
	t.Helper()
	part := secret[strings.LastIndex(secret, "-")+1:]
	if len(part) < 8 {
		t.Fatalf("AssertNoSecret: the secret part of %q is shorter than 8 characters", secret)
	}
	if strings.Contains(text, secret) {
		t.Errorf("%s holds the whole secret", where)
		return
	}
	for i := 0; i+8 <= len(part); i++ {
		if piece := part[i : i+8]; strings.Contains(text, piece) {
			t.Errorf("%s holds %q, an 8-character piece of the secret (at %d)", where, piece, i)
			return
		}
	}
}
