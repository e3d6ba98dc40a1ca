package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestBufferedWritesEverythingByClose(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	salt := []byte("0123456789abcdef0123")
	s, err := OpenSQLite(ctx, path, salt)
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
	s2, err := OpenSQLite(ctx, path, salt)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, err := s2.Stats(ctx, time.Time{})
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
}

func (s blockingStore) RecordAnswer(context.Context, Answer) error { <-s.release; return nil }
func (s blockingStore) Close() error                               { return nil }

func TestBufferedDropsWhenFull(t *testing.T) {
	release := make(chan struct{})
	b := NewBuffered(blockingStore{release: release}, 2, nil)
	ctx := context.Background()
	var full int
	for range 10 {
		if err := b.RecordAnswer(ctx, Answer{EntryID: "e"}); errors.Is(err, ErrFull) {
			full++
		}
	}
	// One write is in flight and two are queued; the other seven are dropped.
	if full < 7 || b.Dropped() != int64(full) {
		t.Errorf("dropped %d (reported %d), want at least 7", full, b.Dropped())
	}
	close(release)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}
