package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sharedPair returns two handles on one shared state: for MemShared the
// same value, for PostgreSQL two pools, standing in for two replicas.
type sharedImpl struct {
	name string
	pair func(t *testing.T) (Shared, Shared)
}

var sharedImpls = []sharedImpl{
	{"memory", func(*testing.T) (Shared, Shared) { m := NewMemShared(nil); return m, m }},
	{"postgres", func(t *testing.T) (Shared, Shared) {
		target := newPostgresDB(t)
		return openTarget(t, target).(Shared), openTarget(t, target).(Shared)
	}},
}

func TestShared(t *testing.T) {
	ctx := context.Background()
	for _, impl := range sharedImpls {
		t.Run(impl.name, func(t *testing.T) {
			a, b := impl.pair(t)
			t.Run("claim", func(t *testing.T) {
				steps := []struct {
					name string
					on   Shared
					key  string
					ttl  time.Duration
					want bool
				}{
					{"first claim wins", a, "k1", 300 * time.Millisecond, true},
					{"same key, same replica", a, "k1", time.Minute, false},
					{"same key, other replica", b, "k1", time.Minute, false},
					{"other key", b, "k2", time.Minute, true},
				}
				for _, s := range steps {
					got, err := s.on.Claim(ctx, s.key, s.ttl)
					if err != nil || got != s.want {
						t.Errorf("%s: Claim = %v, %v; want %v", s.name, got, err, s.want)
					}
				}
				time.Sleep(400 * time.Millisecond)
				if got, err := b.Claim(ctx, "k1", time.Minute); err != nil || !got {
					t.Errorf("claim after expiry = %v, %v; want true", got, err)
				}
			})
			t.Run("one winner among many", func(t *testing.T) {
				var wins atomic.Int32
				var wg sync.WaitGroup
				for i := range 16 {
					wg.Go(func() {
						on := []Shared{a, b}[i%2]
						ok, err := on.Claim(ctx, "race", time.Minute)
						if err != nil {
							t.Error(err)
						}
						if ok {
							wins.Add(1)
						}
					})
				}
				wg.Wait()
				if wins.Load() != 1 {
					t.Errorf("%d claims won, want 1", wins.Load())
				}
			})
			t.Run("counters", func(t *testing.T) {
				for i, on := range []Shared{a, b, a} {
					n, err := on.Hit(ctx, "user", time.Minute)
					if err != nil || n != i+1 {
						t.Errorf("hit %d = %d, %v; want %d", i+1, n, err, i+1)
					}
				}
				for _, c := range []struct {
					key  string
					want int
				}{{"user", 3}, {"nobody", 0}} {
					if n, err := b.Count(ctx, c.key, time.Minute); err != nil || n != c.want {
						t.Errorf("Count(%s) = %d, %v; want %d", c.key, n, err, c.want)
					}
				}
				if _, err := a.Hit(ctx, "short", 200*time.Millisecond); err != nil {
					t.Fatal(err)
				}
				time.Sleep(300 * time.Millisecond)
				if n, err := b.Count(ctx, "short", 200*time.Millisecond); err != nil || n != 0 {
					t.Errorf("Count after the window = %d, %v; want 0", n, err)
				}
			})
		})
	}
}

func TestPostgresCleansExpiredState(t *testing.T) {
	p := openTarget(t, newPostgresDB(t)).(*Postgres)
	ctx := context.Background()
	for i := range 5 {
		if _, err := p.Claim(ctx, fmt.Sprint("c", i), time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Hit(ctx, fmt.Sprint("h", i), time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Claim(ctx, "live", time.Hour); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := p.cleanShared(ctx); err != nil {
		t.Fatal(err)
	}
	var claims, hits int
	if err := p.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM shared_claims), (SELECT count(*) FROM shared_hits)`).Scan(&claims, &hits); err != nil {
		t.Fatal(err)
	}
	if claims != 1 || hits != 0 {
		t.Errorf("after clean-up: %d claims, %d counter rows; want 1, 0", claims, hits)
	}
}

func TestMemSharedBounded(t *testing.T) {
	clock := base
	m := NewMemShared(func() time.Time { return clock })
	ctx := context.Background()
	for i := range 3 * hardSharedKeys {
		m.Hit(ctx, fmt.Sprint("u", i), time.Hour)
		m.Claim(ctx, fmt.Sprint("c", i), time.Hour)
		if i%1000 == 0 {
			clock = clock.Add(2 * time.Second) // lets prune run; nothing expires within the hour
		}
	}
	hits, claims := 0, 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		hits += len(s.hits)
		claims += len(s.claims)
		s.mu.Unlock()
	}
	if hits > hardSharedKeys+maxSharedKeys || claims > hardSharedKeys+maxSharedKeys {
		t.Errorf("%d counters and %d claims, want both bounded near %d", hits, claims, hardSharedKeys)
	}
}

func TestConcurrentMigrations(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		target := b.newDB(t)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s, err := Open(context.Background(), target, testSalt)
				if err != nil {
					t.Errorf("concurrent open: %v", err)
					return
				}
				if err := s.RecordAnswer(context.Background(), Answer{EntryID: "e"}); err != nil {
					t.Error(err)
				}
				s.Close()
			})
		}
		wg.Wait()
		st, err := openTarget(t, target).Stats(context.Background(), time.Time{})
		if err != nil || st.Answers != 4 {
			t.Errorf("Answers = %d, %v; want 4", st.Answers, err)
		}
	})
}

func TestPostgresNewerSchemaRefused(t *testing.T) {
	target := newPostgresDB(t)
	p := openTarget(t, target).(*Postgres)
	if _, err := p.pool.Exec(context.Background(), `INSERT INTO orfix_schema (version) VALUES (999)`); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(context.Background(), target, testSalt); err == nil {
		s.Close()
		t.Fatal("Open accepted a database from the future")
	}
}
