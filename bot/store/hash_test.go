package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
)

// TestHasherIsPlainHMAC pins the hash to its definition, computed here
// afresh for every id, also while many goroutines share one hasher.
func TestHasherIsPlainHMAC(t *testing.T) {
	want := func(kind, platform, raw string) string {
		m := hmac.New(sha256.New, testSalt)
		m.Write([]byte(kind + "\x00" + platform + "\x00" + raw))
		return hex.EncodeToString(m.Sum(nil)[:16])
	}
	h := newHasher(testSalt)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				raw := fmt.Sprintf("%d-%d", g, i)
				if got, w := h.id("user", "slack", raw), want("user", "slack", raw); got != w {
					t.Errorf("id(user, slack, %s) = %s, want %s", raw, got, w)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkHasherID is the cost of one keyed id (three per stored answer).
func BenchmarkHasherID(b *testing.B) {
	h := newHasher(testSalt)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = h.id("user", "slack", "U0123456789")
	}
}
