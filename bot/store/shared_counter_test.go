package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestMemSharedCounter drives one counter on a fake clock through exact
// mode, the switch to buckets and expiry, checking Hit and Count.
func TestMemSharedCounter(t *testing.T) {
	const window = time.Minute
	type step struct {
		advance time.Duration // clock moves first
		hits    int           // then this many Hits
		want    int           // Count afterwards
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"few events are exact", []step{
			{0, 3, 3},
			{59 * time.Second, 0, 3},
			{time.Second, 0, 0}, // exactly a window later: gone
		}},
		{"events leave one by one", []step{
			{0, 2, 2},
			{30 * time.Second, 2, 4},
			{31 * time.Second, 0, 2},
			{30 * time.Second, 0, 0},
		}},
		{"many events switch to buckets and still count", []step{
			{0, 100, 100},
			{30 * time.Second, 50, 150},
			{20 * time.Second, 0, 150},
		}},
		{"bucketed events leave within a bucket of their window", []step{
			{0, 100, 100},
			{30 * time.Second, 50, 150},
			{30*time.Second + window/(counterBuckets-1) + 1, 0, 50},
			{30 * time.Second, 0, 0},
		}},
		{"a bucketed counter keeps counting new events", []step{
			{0, 40, 40},
			{2 * window, 0, 0},
			{0, 5, 5},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := base
			m := NewMemShared(func() time.Time { return clock })
			ctx := context.Background()
			total := 0
			for i, s := range tc.steps {
				clock = clock.Add(s.advance)
				for range s.hits {
					n, err := m.Hit(ctx, "k", window)
					if err != nil {
						t.Fatal(err)
					}
					total++
					if n < 1 || n > total {
						t.Fatalf("step %d: Hit = %d, want within [1, %d]", i, n, total)
					}
				}
				if got, err := m.Count(ctx, "k", window); err != nil || got != s.want {
					t.Errorf("step %d: Count = %d, %v; want %d", i, got, err, s.want)
				}
			}
		})
	}
}

// TestMemSharedBusyCounterIsSmall checks that a counter hit many times
// keeps buckets, not one time per event.
func TestMemSharedBusyCounterIsSmall(t *testing.T) {
	clock := base
	m := NewMemShared(func() time.Time { return clock })
	ctx := context.Background()
	for range 10000 {
		clock = clock.Add(time.Millisecond)
		if _, err := m.Hit(ctx, "entry", time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	h, s := m.shard("entry")
	c := s.hits[h]
	if c == nil || c.buckets == nil || len(c.times) != 0 {
		t.Fatalf("busy counter = %+v, want buckets and no times", c)
	}
	if n, _ := m.Count(ctx, "entry", time.Hour); n != 10000 {
		t.Errorf("Count = %d, want 10000", n)
	}
}

// TestMemSharedPrunesIdleCounters checks that counters are dropped once
// their window has passed, not kept for the longest window.
func TestMemSharedPrunesIdleCounters(t *testing.T) {
	clock := base
	m := NewMemShared(func() time.Time { return clock })
	ctx := context.Background()
	for i := range 2 * maxSharedKeys {
		if _, err := m.Hit(ctx, fmt.Sprint("user", i), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(2 * time.Minute)
	for i := range 2 * sharedShards * 40 { // enough new keys to reach every shard's prune
		if _, err := m.Hit(ctx, fmt.Sprint("later", i), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	hits := 0
	for i := range m.shards {
		hits += len(m.shards[i].hits)
	}
	if hits > maxSharedKeys {
		t.Errorf("%d counters after every window passed, want at most %d", hits, maxSharedKeys)
	}
}

// BenchmarkMemShared measures the replay claim and the rate counter of
// one request each, from many goroutines, as serve does per Slack request.
func BenchmarkMemShared(b *testing.B) {
	m := NewMemShared(nil)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			key := fmt.Sprint("sig:", i, "-", &i)
			_, _ = m.Claim(ctx, key, time.Minute)
			_, _ = m.Hit(ctx, key, time.Minute)
		}
	})
}

// TestMemSharedBucketsNeverCountLow hits a counter ten times a second for
// ten windows and checks, at every hit, that it counts at least every
// event of the last window and at most one bucket more.
func TestMemSharedBucketsNeverCountLow(t *testing.T) {
	const window = time.Minute
	clock := base.Add(123 * time.Millisecond) // slots not aligned to the seconds
	m := NewMemShared(func() time.Time { return clock })
	ctx := context.Background()
	const every = 100 * time.Millisecond
	slack := int(window/(counterBuckets-1)/every) + 2
	for i := range 10 * int(window/every) {
		clock = clock.Add(every)
		n, err := m.Hit(ctx, "k", window)
		if err != nil {
			t.Fatal(err)
		}
		exact := min(i+1, int(window/every)) // events within the last window
		if n < exact || n > exact+slack {
			t.Fatalf("hit %d: count %d, want within [%d, %d]", i+1, n, exact, exact+slack)
		}
	}
}
