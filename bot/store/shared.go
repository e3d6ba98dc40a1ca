package store

import (
	"context"
	"sync"
	"time"
)

// Shared is short-lived state that every replica of the bot must agree on:
// Slack event de-duplication, cooldowns, per-user rate limits and the
// hand-off state (who voted on an answer, whether a thread already called
// the support group). Keys are opaque strings chosen by the caller; callers
// hash platform ids into them, so no raw id is kept.
//
// [MemShared] keeps it in one process (the default with SQLite); a
// PostgreSQL store shares it between replicas.
type Shared interface {
	// Claim records key for ttl and reports true for the first caller
	// only: while the key lives, every later Claim of it reports false.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Hit adds one event to the counter key and returns how many events
	// the counter holds within the last window, this one included.
	Hit(ctx context.Context, key string, window time.Duration) (int, error)
	// Count returns how many events the counter key holds within the last
	// window, without adding one.
	Count(ctx context.Context, key string, window time.Duration) (int, error)
}

// MemShared is the in-process [Shared]. It is bounded: expired keys are
// pruned as it grows, and past maxSharedKeys live keys the oldest state is
// forgotten (best effort, like any per-process limit).
type MemShared struct {
	mu        sync.Mutex
	now       func() time.Time
	claims    map[string]time.Time   // key -> expiry
	hits      map[string][]time.Time // key -> event times, oldest first
	lastPrune time.Time
}

// maxSharedKeys triggers a prune; hardSharedKeys live keys drop the state.
const (
	maxSharedKeys  = 10000
	hardSharedKeys = 4 * maxSharedKeys
)

// NewMemShared returns an empty in-process Shared. now is the clock (nil
// means time.Now).
func NewMemShared(now func() time.Time) *MemShared {
	if now == nil {
		now = time.Now
	}
	return &MemShared{now: now, claims: map[string]time.Time{}, hits: map[string][]time.Time{}}
}

// Claim implements [Shared].
func (m *MemShared) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if exp, ok := m.claims[key]; ok && now.Before(exp) {
		return false, nil
	}
	m.claims[key] = now.Add(ttl)
	m.pruneLocked(now)
	return true, nil
}

// Hit implements [Shared].
func (m *MemShared) Hit(_ context.Context, key string, window time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	ts := live(m.hits[key], now.Add(-window))
	ts = append(ts, now)
	m.hits[key] = ts
	m.pruneLocked(now)
	return len(ts), nil
}

// Count implements [Shared].
func (m *MemShared) Count(_ context.Context, key string, window time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(live(m.hits[key], m.now().Add(-window))), nil
}

// live drops the times at or before cut from the front of ts.
func live(ts []time.Time, cut time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cut) {
		i++
	}
	return ts[i:]
}

// maxWindow bounds how long a counter is kept when pruning; callers use
// windows of minutes to hours.
const maxWindow = 24 * time.Hour

// pruneLocked drops expired state, at most once a second.
func (m *MemShared) pruneLocked(now time.Time) {
	if len(m.claims)+len(m.hits) <= maxSharedKeys || now.Sub(m.lastPrune) < time.Second {
		return
	}
	m.lastPrune = now
	for k, exp := range m.claims {
		if !now.Before(exp) {
			delete(m.claims, k)
		}
	}
	for k, ts := range m.hits {
		if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > maxWindow {
			delete(m.hits, k)
		}
	}
	if len(m.claims) > hardSharedKeys {
		clear(m.claims)
	}
	if len(m.hits) > hardSharedKeys {
		clear(m.hits)
	}
}
