package testutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// recorder stands in for a test: it records failures instead of failing,
// and Fatalf ends the calling goroutine as the real one does.
type recorder struct {
	testing.TB
	errors, fatals []string
	cleanups       []func()
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) {
	r.fatals = append(r.fatals, fmt.Sprint(args...))
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

// Cleanup keeps f for runCleanups instead of the real test's end.
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

// runCleanups runs the kept cleanups, last first, as the test's end does.
func (r *recorder) runCleanups() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// record runs fn against a fresh recorder on its own goroutine.
func record(t *testing.T, fn func(tb testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(r)
	}()
	<-done
	return r
}

func TestGolden(t *testing.T) {
	saved := *update
	*update = false // whatever the command line says
	defer func() { *update = saved }()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(path, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	if r := record(t, func(tb testing.TB) { Golden(tb, path, []byte("one\ntwo\n")) }); len(r.errors)+len(r.fatals) != 0 {
		t.Errorf("equal bytes failed: %q %q", r.errors, r.fatals)
	}

	r := record(t, func(tb testing.TB) { Golden(tb, path, []byte("one\nTWO\n")) })
	if len(r.errors) != 1 || len(r.fatals) != 0 || !strings.Contains(r.errors[0], "at line 2:\n got: TWO\nwant: two") {
		t.Errorf("a changed line: errors %q, fatals %q", r.errors, r.fatals)
	}
	r = record(t, func(tb testing.TB) { Golden(tb, path, []byte("one\ntwo")) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "at line 3:\n got: <EOF>\nwant: \n") {
		t.Errorf("a missing final newline: errors %q", r.errors)
	}

	missing := filepath.Join(dir, "none.txt")
	r = record(t, func(tb testing.TB) { Golden(tb, missing, []byte("x")) })
	if len(r.fatals) != 1 || len(r.errors) != 0 || !strings.Contains(r.fatals[0], "-update") {
		t.Errorf("a missing file: errors %q, fatals %q", r.errors, r.fatals)
	}

	*update = true
	fresh := filepath.Join(dir, "new", "dir", "b.json")
	if r := record(t, func(tb testing.TB) { Golden(tb, fresh, []byte("{}\n")) }); len(r.errors)+len(r.fatals) != 0 {
		t.Fatalf("-update failed: %q %q", r.errors, r.fatals)
	}
	if b, err := os.ReadFile(fresh); err != nil || string(b) != "{}\n" {
		t.Errorf("-update wrote %q, %v", b, err)
	}
}

func TestFakeOpenRouterKey(t *testing.T) {
	shape := regexp.MustCompile(`^sk-or-v1-[0-9a-f]{64}$`)
	a, b := FakeOpenRouterKey(t), FakeOpenRouterKey(t)
	if !shape.MatchString(a) || !shape.MatchString(b) {
		t.Errorf("keys %q, %q: not of the OpenRouter shape", a, b)
	}
	if a == b {
		t.Errorf("two calls gave the same key %q", a)
	}
	s := OpenRouterKeyFromSeed("seed")
	if !shape.MatchString(s) || s != OpenRouterKeyFromSeed("seed") || s == OpenRouterKeyFromSeed("other") {
		t.Errorf("seeded keys are not stable per seed: %q", s)
	}
	// The golden files of the adapters depend on this exact derivation.
	if want := "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"; s != want {
		t.Errorf("OpenRouterKeyFromSeed(\"seed\") = %q, want %q", s, want)
	}
}

func TestAssertNoSecret(t *testing.T) {
	key := FakeOpenRouterKey(t)
	secret := strings.TrimPrefix(key, "sk-or-v1-")
	tests := []struct {
		name, text string
		leak       bool
	}{
		{"the key", "token=" + key + "!", true},
		{"the secret part", "Bearer " + secret, true},
		{"8 characters of it", "…" + secret[17:25] + "…", true},
		{"its last 8 characters", "x" + secret[56:], true},
		{"the masked form", "sk-or-v1-…[redacted]…" + secret[60:], false},
		{"7 characters", secret[3:10], false},
		{"the prefix alone", "sk-or-v1-", false},
		{"nothing", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := record(t, func(tb testing.TB) { AssertNoSecret(tb, "text", tc.text, key) })
			if len(r.fatals) != 0 {
				t.Fatalf("stopped: %q", r.fatals)
			}
			if got := len(r.errors) > 0; got != tc.leak {
				t.Errorf("flagged %v (%q), want %v", got, r.errors, tc.leak)
			}
			if len(r.errors) > 1 {
				t.Errorf("more than one report: %q", r.errors)
			}
		})
	}
	if r := record(t, func(tb testing.TB) { AssertNoSecret(tb, "text", "anything", "sk-short") }); len(r.fatals) != 1 {
		t.Errorf("a secret part too short to check was accepted")
	}
}

func TestDefaultKB(t *testing.T) {
	kb := DefaultKB(t)
	if kb.Len() == 0 {
		t.Fatal("the default knowledge base is empty")
	}
	if _, ok := kb.Get("openrouter-401-invalid-key"); !ok {
		t.Error("the default knowledge base lacks openrouter-401-invalid-key")
	}
	if DefaultKB(t) != kb {
		t.Error("DefaultKB loaded the knowledge base again")
	}
}

func TestSyncBuffer(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				if i%2 == 0 {
					b.Write([]byte("ab"))
				} else {
					b.WriteString("ab")
				}
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if s := b.String(); s != strings.Repeat("ab", 800) {
		t.Errorf("%d bytes, want 1600 of \"ab\"", len(s))
	}
}

func TestRunUntilCleanup(t *testing.T) {
	var started, stopped atomic.Bool
	t.Run("run", func(t *testing.T) {
		RunUntilCleanup(t, func(ctx context.Context) error {
			started.Store(true)
			<-ctx.Done()
			stopped.Store(true)
			return nil
		}, 10*time.Second)
	})
	if !started.Load() || !stopped.Load() {
		t.Errorf("started %v, stopped %v: want the run cancelled and waited for at the test's end", started.Load(), stopped.Load())
	}

	r := record(t, func(tb testing.TB) {
		RunUntilCleanup(tb, func(ctx context.Context) error { <-ctx.Done(); return errors.New("broken") }, 10*time.Second)
	})
	r.runCleanups()
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "broken") {
		t.Errorf("an error from run: %q", r.errors)
	}

	release := make(chan struct{})
	defer close(release)
	r = record(t, func(tb testing.TB) {
		RunUntilCleanup(tb, func(context.Context) error { <-release; return nil }, 10*time.Millisecond)
	})
	r.runCleanups()
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "did not return") {
		t.Errorf("a run that ignores its context: %q", r.errors)
	}
}
