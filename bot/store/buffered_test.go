package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBufferedWritesEverythingByClose(t *testing.T) {
	forEachBackend(t, testBufferedWritesEverythingByClose)
}

func testBufferedWritesEverythingByClose(t *testing.T, be backend) {
	ctx := context.Background()
	target := be.newDB(t)
	s, err := Open(ctx, target, testSalt)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuffered(s, 4096, nil)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 250 {
				if err := b.RecordAnswer(ctx, Answer{Platform: "slack", Channel: "C", User: string(rune('a' + w)), EntryID: "e1", Mode: "explicit", Confidence: 0.9}); err != nil {
					t.Errorf("record %d: %v", i, err)
				}
			}
		})
	}
	wg.Wait()
	if err := b.RecordFeedback(ctx, Feedback{Platform: "slack", EntryID: "e1", Vote: VoteFixed}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.RecordAnswer(ctx, Answer{EntryID: "e1"}); !errors.Is(err, ErrClosed) {
		t.Errorf("record after Close: %v, want ErrClosed", err)
	}
	if b.Written() != 1001 || b.Dropped() != 0 || b.Queued() != 0 {
		t.Errorf("written %d, dropped %d, queued %d; want 1001, 0, 0", b.Written(), b.Dropped(), b.Queued())
	}
	st, err := openTarget(t, target).Stats(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Answers != 1000 || len(st.Entries) != 1 || st.Entries[0].Fixed != 1 {
		t.Errorf("after Close: %d answers, entries %+v; want 1000 and one fixed vote", st.Answers, st.Entries)
	}
}

// blockingStore holds every write until released.
type blockingStore struct {
	Store
	release chan struct{}
	entered chan struct{} // when non-nil, gets a value as each write starts
}

func (s blockingStore) RecordAnswer(context.Context, Answer) error {
	if s.entered != nil {
		s.entered <- struct{}{}
	}
	<-s.release
	return nil
}

func (s blockingStore) Close() error { return nil }

func TestBufferedDropsWhenFull(t *testing.T) {
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	b := NewBuffered(blockingStore{release: release, entered: entered}, 2, nil)
	ctx := context.Background()
	// The first record becomes the batch in flight; once the writer is
	// blocked writing it, it takes nothing from the queue.
	if err := b.RecordAnswer(ctx, Answer{EntryID: "e"}); err != nil {
		t.Fatal(err)
	}
	<-entered
	var full int
	for range 10 {
		if err := b.RecordAnswer(ctx, Answer{EntryID: "e"}); errors.Is(err, ErrFull) {
			full++
		}
	}
	// Two fit in the queue; the other eight are dropped and counted.
	if full != 8 || b.Dropped() != 8 {
		t.Errorf("dropped %d (reported %d), want 8", full, b.Dropped())
	}
	close(release)
	go func() { // the queued records' writes signal too
		for range entered {
		}
	}()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	close(entered)
}

func TestBufferedRefusesInvalidAtOnce(t *testing.T) {
	b := NewBuffered(blockingStore{release: make(chan struct{})}, 2, nil)
	defer b.Shutdown(context.Background())
	if err := b.RecordFeedback(context.Background(), Feedback{EntryID: "e", Vote: "maybe"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("invalid vote queued: %v, want ErrInvalid", err)
	}
	if b.Queued() != 0 {
		t.Errorf("queued %d, want 0", b.Queued())
	}
}

// flakyStore is a BatchWriter that fails while down is set and records the
// size of every batch it writes.
type flakyStore struct {
	Store
	down    atomic.Bool
	gate    chan struct{} // when non-nil, each write waits for it
	mu      sync.Mutex
	batches []int
	records int
}

func (s *flakyStore) WriteBatch(_ context.Context, recs []Record) error {
	if s.gate != nil {
		<-s.gate
	}
	if s.down.Load() {
		return errors.New("connection refused")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, len(recs))
	s.records += len(recs)
	return nil
}

func (s *flakyStore) Close() error { return nil }

func (s *flakyStore) counts() (batches, records int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.batches), s.records
}

func TestBufferedBatches(t *testing.T) {
	fs := &flakyStore{gate: make(chan struct{})}
	b := NewBuffered(fs, 4096, nil)
	ctx := context.Background()
	const n = 2000
	for range n {
		if err := b.RecordAnswer(ctx, Answer{EntryID: "e"}); err != nil {
			t.Fatal(err)
		}
	}
	close(fs.gate) // the writer was held on its first batch; the rest queued
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	batches, records := fs.counts()
	if records != n {
		t.Fatalf("wrote %d records, want %d", records, n)
	}
	// The first batch may hold as little as one record; the rest come in
	// batches of MaxBatch.
	if most := 1 + (n-1+MaxBatch-1)/MaxBatch; batches > most {
		t.Errorf("%d batches, want at most %d (sizes %v)", batches, most, fs.batches)
	}
}

func TestBufferedRetriesAndRecovers(t *testing.T) {
	fs := &flakyStore{}
	fs.down.Store(true)
	b := NewBuffered(fs, 100, nil)
	ctx := context.Background()
	for range 50 {
		if err := b.RecordAnswer(ctx, Answer{EntryID: "e"}); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the store to report degraded", func() bool { return b.Health(ctx) != nil })
	if q := b.Queued(); q != 50 {
		t.Errorf("queued %d while down, want 50", q)
	}
	up := time.Now()
	fs.down.Store(false)
	waitFor(t, "the queue to drain", func() bool { return b.Queued() == 0 })
	if d := time.Since(up); d > 3*retryMax {
		t.Errorf("writes resumed %v after the store came back, want within %v", d, 3*retryMax)
	}
	if err := b.Health(ctx); err != nil {
		t.Errorf("Health after recovery: %v", err)
	}
	if _, records := fs.counts(); records != 50 || b.Dropped() != 0 {
		t.Errorf("wrote %d, dropped %d; want 50, 0", records, b.Dropped())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBufferedShutdownDeadline(t *testing.T) {
	fs := &flakyStore{}
	fs.down.Store(true)
	b := NewBuffered(fs, 100, nil)
	for range 30 {
		if err := b.RecordAnswer(context.Background(), Answer{EntryID: "e"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := b.Shutdown(ctx)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Shutdown took %v past a 300ms deadline", took)
	}
	if err == nil || b.Dropped() != 30 {
		t.Errorf("Shutdown = %v, dropped %d; want an error and 30 dropped", err, b.Dropped())
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
