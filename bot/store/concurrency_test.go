package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestConcurrentWriters(t *testing.T) {
	forEachBackend(t, testConcurrentWriters)
}

func testConcurrentWriters(t *testing.T, b backend) {
	const (
		writers = 8
		each    = 200
	)
	path := b.newDB(t)
	s := openTarget(t, path)
	// A second store on the same database stands in for another process.
	other := openTarget(t, path)
	stores := []Store{s, other}

	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, writers*each+writers)
	for g := range writers {
		wg.Go(func() {
			st := stores[g%len(stores)]
			for i := range each {
				var err error
				switch i % 3 {
				case 0:
					err = st.RecordAnswer(ctx, Answer{Platform: "discord", Channel: fmt.Sprint("c", g), User: fmt.Sprint("u", i), EntryID: fmt.Sprint("e", g), Confidence: 0.5})
				case 1:
					err = st.RecordFeedback(ctx, Feedback{Platform: "slack", Channel: fmt.Sprint("c", g), User: fmt.Sprint("u", i), EntryID: fmt.Sprint("e", g), Vote: VoteFixed})
				case 2:
					err = st.RecordUnmatched(ctx, Unmatched{Platform: "discord", Channel: "c", User: "u", Text: fmt.Sprint("unmatched ", g)})
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	// Readers run alongside the writers.
	stop := make(chan struct{})
	var rwg sync.WaitGroup
	rwg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Stats(ctx, time.Time{}); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(stop)
	rwg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	st, err := s.Stats(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	perKind := func(k int) int { // records of kind k per writer
		n := 0
		for i := range each {
			if i%3 == k {
				n++
			}
		}
		return n
	}
	if want := writers * perKind(0); st.Answers != want {
		t.Errorf("Answers = %d, want %d", st.Answers, want)
	}
	if want := writers * perKind(2); st.Unmatched != want {
		t.Errorf("Unmatched = %d, want %d", st.Unmatched, want)
	}
	if len(st.Entries) != writers {
		t.Fatalf("len(Entries) = %d, want %d", len(st.Entries), writers)
	}
	for _, e := range st.Entries {
		if e.Answers != perKind(0) || e.Fixed != perKind(1) || e.NotYet != 0 || e.FixedRate != 1 {
			t.Errorf("entry %+v, want %d answers, %d fixed", e, perKind(0), perKind(1))
		}
	}
	if len(st.TopUnmatched) != writers {
		t.Fatalf("len(TopUnmatched) = %d, want %d", len(st.TopUnmatched), writers)
	}
	for _, u := range st.TopUnmatched {
		if u.Count != perKind(2) {
			t.Errorf("unmatched %+v, want count %d", u, perKind(2))
		}
	}
}

// TestWriterWaitsForLock holds the write lock from another connection for a
// while; a record made meanwhile must wait (busy_timeout), not fail.
func TestWriterWaitsForLock(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	other := openTest(t, path)
	ctx := context.Background()

	tx, err := other.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO unmatched (at, platform, channel, user, text) VALUES (0, '', '', '', 'held')`); err != nil {
		t.Fatal(err)
	}
	const hold = 300 * time.Millisecond
	go func() {
		time.Sleep(hold)
		tx.Commit()
	}()
	start := time.Now()
	if err := s.RecordAnswer(ctx, Answer{EntryID: "e"}); err != nil {
		t.Fatalf("RecordAnswer while locked: %v", err)
	}
	if waited := time.Since(start); waited < hold/2 {
		t.Errorf("RecordAnswer returned after %v; the lock was not held?", waited)
	}
	st, err := s.Stats(ctx, time.Time{})
	if err != nil || st.Answers != 1 || st.Unmatched != 1 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}
