package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingShared counts the calls that reach a Shared.
type countingShared struct {
	Shared
	claims atomic.Int64
}

func (c *countingShared) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	c.claims.Add(1)
	return c.Shared.Claim(ctx, key, ttl)
}

// TestWonClaimsAnswersAsTheStore runs one script of claims against a
// MemShared alone and through a WonClaims over another, on the same clock,
// and checks every answer is the same and that the repeats of a claim won
// were answered without asking.
func TestWonClaimsAnswersAsTheStore(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var now time.Time
	clock := func() time.Time { return now }
	plain := NewMemShared(clock)
	inner := &countingShared{Shared: NewMemShared(clock)}
	w := NewWonClaims(inner)
	w.now = clock
	steps := []struct {
		at    time.Duration
		key   string
		ttl   time.Duration
		asked bool // whether the claim reaches the store
	}{
		{0, "a", time.Minute, true},
		{time.Second, "a", time.Minute, false},    // won here, still held
		{59 * time.Second, "a", time.Hour, false}, // another ttl: still held
		{time.Minute, "a", time.Minute, true},     // its time is up: asked (and won again)
		{time.Minute + time.Second, "b", time.Second, true},
		{time.Minute + time.Second, "b", time.Second, false},
		{time.Minute + 2*time.Second, "b", time.Second, true},
		{2*time.Minute - time.Second, "a", time.Minute, false},
		{2 * time.Minute, "a", time.Minute, true}, // held until then, not at
	}
	ctx := context.Background()
	for i, st := range steps {
		now = t0.Add(st.at)
		before := inner.claims.Load()
		want, err1 := plain.Claim(ctx, st.key, st.ttl)
		got, err2 := w.Claim(ctx, st.key, st.ttl)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got != want {
			t.Errorf("step %d: Claim(%s) = %v, the store says %v", i, st.key, got, want)
		}
		if asked := inner.claims.Load() > before; asked != st.asked {
			t.Errorf("step %d: asked the store %v, want %v", i, asked, st.asked)
		}
	}
}

// TestWonClaimsLostClaimIsAsked checks that a claim won elsewhere is
// always asked about: only claims won here are answered locally.
func TestWonClaimsLostClaimIsAsked(t *testing.T) {
	ctx := context.Background()
	shared := &countingShared{Shared: NewMemShared(nil)}
	if ok, _ := shared.Claim(ctx, "k", time.Hour); !ok {
		t.Fatal("first claim refused")
	}
	w := NewWonClaims(shared)
	for range 3 {
		before := shared.claims.Load()
		if ok, err := w.Claim(ctx, "k", time.Hour); ok || err != nil {
			t.Fatalf("Claim = %v, %v; want false", ok, err)
		}
		if shared.claims.Load() == before {
			t.Fatal("a claim won elsewhere was answered without asking")
		}
	}
}

// TestWonClaimsBounded checks the memory bound and that many goroutines
// claiming distinct and shared keys each win a key once.
func TestWonClaimsBounded(t *testing.T) {
	ctx := context.Background()
	w := NewWonClaims(NewMemShared(nil))
	var wins atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range maxWonClaims / 2 {
				key := fmt.Sprint(i % 100)
				if g%2 == 0 {
					key = fmt.Sprintf("%d-%d", g, i)
				}
				if ok, err := w.Claim(ctx, key, time.Hour); err != nil {
					t.Error(err)
				} else if ok {
					wins.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if want := int64(4*maxWonClaims/2 + 100); wins.Load() != want {
		t.Errorf("%d claims won, want %d", wins.Load(), want)
	}
	if n := len(w.won); n > maxWonClaims {
		t.Errorf("%d claims remembered, more than %d", n, maxWonClaims)
	}
}
