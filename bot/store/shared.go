package store

import (
	"context"
	"hash/maphash"
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

// MemShared is the in-process [Shared]. It is split into shards by key
// hash, each behind its own mutex, so that concurrent requests for
// different users rarely wait on each other. It keeps no key string: a key
// is remembered by a 64-bit hash under a per-process random seed (two live
// keys share a hash with odds around n/2^64 for n live keys). A counter
// keeps its event times exactly while it holds few, then fixed time
// buckets (see [counter]), so a busy counter costs the same memory however
// many events it counts.
//
// It is bounded: expired state is pruned as a shard grows, and past
// hardSharedKeys live keys the oldest state is forgotten (best effort,
// like any per-process limit).
type MemShared struct {
	now    func() time.Time
	seed   maphash.Seed
	shards [sharedShards]memShard
}

// sharedShards is how many independently locked parts a MemShared has.
const sharedShards = 16

// memShard is one part of a MemShared: the keys whose hash falls in it.
type memShard struct {
	mu        sync.Mutex
	claims    map[uint64]int64    // key hash -> expiry, Unix nanoseconds
	hits      map[uint64]*counter // key hash -> events
	lastPrune int64
}

// maxSharedKeys live keys (over all shards) trigger a prune;
// hardSharedKeys drop the state.
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
	m := &MemShared{now: now, seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].claims = map[uint64]int64{}
		m.shards[i].hits = map[uint64]*counter{}
	}
	return m
}

// shard returns key's hash and the shard it lives in.
func (m *MemShared) shard(key string) (uint64, *memShard) {
	h := maphash.String(m.seed, key)
	return h, &m.shards[h%sharedShards]
}

// Claim implements [Shared].
func (m *MemShared) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	h, s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := m.now().UnixNano()
	if exp, ok := s.claims[h]; ok && now < exp {
		return false, nil
	}
	s.claims[h] = now + int64(ttl)
	s.pruneLocked(now)
	return true, nil
}

// Hit implements [Shared].
func (m *MemShared) Hit(_ context.Context, key string, window time.Duration) (int, error) {
	h, s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	now := m.now().UnixNano()
	c := s.hits[h]
	if c == nil {
		c = &counter{}
		s.hits[h] = c
	}
	c.add(now, int64(window))
	n := max(c.count(now, int64(window)), 1) // this one counts, whatever the window
	s.pruneLocked(now)
	return n, nil
}

// Count implements [Shared].
func (m *MemShared) Count(_ context.Context, key string, window time.Duration) (int, error) {
	h, s := m.shard(key)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.hits[h]
	if c == nil {
		return 0, nil
	}
	return c.count(m.now().UnixNano(), int64(window)), nil
}

// maxWindow bounds how long a counter is kept when pruning, whatever
// window it was made with; callers use windows of minutes to hours.
const maxWindow = int64(24 * time.Hour)

// pruneLocked drops expired state, at most once a second, once the shard
// holds more than its share of maxSharedKeys.
func (s *memShard) pruneLocked(now int64) {
	const perShard = maxSharedKeys / sharedShards
	if len(s.claims)+len(s.hits) <= perShard || now-s.lastPrune < int64(time.Second) {
		return
	}
	s.lastPrune = now
	for k, exp := range s.claims {
		if now >= exp {
			delete(s.claims, k)
		}
	}
	for k, c := range s.hits {
		if c.idle(now) {
			delete(s.hits, k)
		}
	}
	const hardPerShard = hardSharedKeys / sharedShards
	if len(s.claims) > hardPerShard {
		clear(s.claims)
	}
	if len(s.hits) > hardPerShard {
		clear(s.hits)
	}
}

var _ SharedSteps = (*MemShared)(nil)

// Steps implements [SharedSteps]: in one process the steps simply run one
// by one, in RunSteps's order.
func (m *MemShared) Steps(ctx context.Context, steps []Step) ([]Outcome, error) {
	if err := checkSteps(steps); err != nil {
		return nil, err
	}
	return runSteps(ctx, m, steps)
}
