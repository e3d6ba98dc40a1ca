package bot

import (
	"strings"
	"testing"
	"time"
)

// TestRedactCutStraddlingKey: a key that starts before the cut and ends
// after it is masked, never kept half-visible, wherever the cut falls in it.
func TestRedactCutStraddlingKey(t *testing.T) {
	key := fakeKey()
	const limit = 1000
	for _, at := range []int{limit - len(key) + 1, limit - len(key)/2, limit - 1, limit} {
		text := strings.Repeat("x", at-1) + " " + key + " tail\n" // the key starts at byte at
		red, fs, cut := redactCut(text, limit)
		if !cut {
			t.Fatalf("at %d: not cut", at)
		}
		if body := key[len("sk-or-v1-"):][:8]; strings.Contains(red, body) {
			t.Fatalf("at %d: the key's body survives the cut: %q", at, red[max(0, len(red)-80):])
		}
		if at < limit && len(fs) != 1 {
			t.Errorf("at %d: %d findings, want the straddling key", at, len(fs))
		}
	}
}

// TestRedactCutReadsNoFurther: the scanner never sees past the limit plus
// the overlap, so a huge paste costs what a limit-sized one does.
func TestRedactCutReadsNoFurther(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		limit   int
		wantCut bool
	}{
		{"short", "401 User not found", 100, false},
		{"exact", strings.Repeat("a", 100), 100, false},
		{"multibyte at the cut", strings.Repeat("é", 100), 101, true},
		{"key far past the overlap", strings.Repeat("a ", 10000) + fakeKey(), 100, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			red, fs, cut := redactCut(tc.text, tc.limit)
			if cut != tc.wantCut || len(red) > tc.limit {
				t.Errorf("cut %v (want %v), %d bytes (limit %d)", cut, tc.wantCut, len(red), tc.limit)
			}
			if len(fs) != 0 {
				t.Errorf("findings past the scan window: %+v", fs)
			}
			if !strings.HasPrefix(tc.text, red) {
				t.Errorf("the kept part is not a prefix")
			}
		})
	}
}

// TestHandleAdversarialPasteIsFast: a 1 MiB paste of repeated "sk-" is
// answered within the time a normal paste takes.
func TestHandleAdversarialPasteIsFast(t *testing.T) {
	f := newFixture(t, Config{})
	for _, text := range []string{strings.Repeat("sk-", 1<<20/3), strings.Repeat("sk-or-v1-", 1<<20/9), strings.Repeat("-----BEGIN PRIVATE KEY-----\n", 1<<20/28)} {
		start := time.Now()
		r := f.handle(t, Request{Platform: Web, Mode: Explicit, Text: text})
		if d := time.Since(start); d > 200*time.Millisecond {
			t.Errorf("%q...: %v", text[:12], d)
		}
		if len(r.Redacted) > DefaultMaxPaste {
			t.Errorf("%q...: %d bytes kept", text[:12], len(r.Redacted))
		}
	}
}
