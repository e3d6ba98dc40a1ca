package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestStateKeyIsStable pins stateKey's output: replicas of different
// versions share these keys (in PostgreSQL), so the format and the hash
// must never change.
func TestStateKeyIsStable(t *testing.T) {
	// reference is how the keys have always been made.
	reference := func(kind string, parts ...string) string {
		h := sha256.New()
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
		return kind + ":" + hex.EncodeToString(h.Sum(nil)[:16])
	}
	cases := []struct {
		kind  string
		parts []string
	}{
		{"rate", []string{"slack", "explicit", "U1"}},
		{"sig", []string{"slack", "v0=" + strings.Repeat("ab", 32)}},
		{"cooldown", []string{"discord", "C1", "U1", "openrouter-402-insufficient-credits"}},
		{"empty", nil},
		{"long", []string{strings.Repeat("x", 300), "y"}}, // past the stack buffer
		{"incq", []string{"", ""}},
	}
	for _, c := range cases {
		if got, want := stateKey(c.kind, c.parts...), reference(c.kind, c.parts...); got != want {
			t.Errorf("stateKey(%q, %q) = %q, want %q", c.kind, c.parts, got, want)
		}
	}
	// sha256("slack\x00explicit\x00U1\x00"), its first 16 bytes in hex.
	if got, want := stateKey("rate", "slack", "explicit", "U1"), "rate:1c915c60054cccf319552dc276259e6e"; got != want {
		t.Errorf("format: %q, want %q", got, want)
	}
}

func TestStateKeyAllocatesOnlyTheKey(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = stateKey("rate", "slack", "explicit", "U123456") }); n > 1 {
		t.Errorf("%.0f allocations, want 1", n)
	}
}
