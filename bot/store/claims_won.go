package store

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

// WonClaims wraps a Shared that lives outside the process (PostgreSQL)
// and saves the round trip of a Claim whose answer is already known: a
// claim this process won holds in the shared store for its ttl, so until
// then every Claim of the key reports false, and this one does so without
// asking. It asks about every other key (a claim won elsewhere, or one
// whose time may be up), and passes Hit, Count and Steps through.
//
// A won claim is remembered until its ttl has passed since just before it
// was asked for, on this process's monotonic clock: the shared claim was
// made after that instant and lives at least as long. Keys are kept as
// 64-bit hashes under a per-process seed, at most maxWonClaims of them;
// past that the expired ones are forgotten, and if none has expired, all.
type WonClaims struct {
	next Shared
	seed maphash.Seed
	now  func() time.Time // a clock with monotonic readings

	mu  sync.Mutex
	won map[uint64]time.Time // key hash -> when the claim surely still holds until
}

// maxWonClaims bounds the claims a WonClaims remembers.
const maxWonClaims = 8192

var _ SharedSteps = (*WonClaims)(nil)

// NewWonClaims wraps next.
func NewWonClaims(next Shared) *WonClaims {
	return &WonClaims{next: next, seed: maphash.MakeSeed(), now: time.Now, won: map[uint64]time.Time{}}
}

// Claim implements [Shared].
func (w *WonClaims) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	h := maphash.String(w.seed, key)
	asked := w.now()
	w.mu.Lock()
	until, ok := w.won[h]
	w.mu.Unlock()
	if ok && asked.Before(until) {
		return false, nil
	}
	first, err := w.next.Claim(ctx, key, ttl)
	if err != nil || !first {
		return first, err
	}
	w.mu.Lock()
	if len(w.won) >= maxWonClaims {
		for k, u := range w.won {
			if !asked.Before(u) {
				delete(w.won, k)
			}
		}
		if len(w.won) >= maxWonClaims {
			clear(w.won)
		}
	}
	w.won[h] = asked.Add(ttl)
	w.mu.Unlock()
	return true, nil
}

// Hit implements [Shared].
func (w *WonClaims) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	return w.next.Hit(ctx, key, window)
}

// Count implements [Shared].
func (w *WonClaims) Count(ctx context.Context, key string, window time.Duration) (int, error) {
	return w.next.Count(ctx, key, window)
}

// Steps implements [SharedSteps]: the steps run on the wrapped store, in
// one call when it takes them so.
func (w *WonClaims) Steps(ctx context.Context, steps []Step) ([]Outcome, error) {
	return RunSteps(ctx, w.next, steps)
}
