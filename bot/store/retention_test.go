package store

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// TestRetentionPrune: unmatched pastes older than the age are deleted, and
// past the cap only the newest are kept; answers are untouched.
func TestRetentionPrune(t *testing.T) {
	day := 24 * time.Hour
	pastes := []struct {
		text string
		age  time.Duration
	}{
		{"forty days", 40 * day}, {"thirty-one days", 31 * day}, {"twenty-nine days", 29 * day},
		{"one day a", day}, {"one day b", day}, {"now", 0},
	}
	tests := []struct {
		name    string
		r       Retention
		deleted int64
		left    []string
	}{
		{"nothing set keeps all", Retention{}, 0, []string{"forty days", "thirty-one days", "twenty-nine days", "one day a", "one day b", "now"}},
		{"age only", Retention{MaxAge: 30 * day}, 2, []string{"twenty-nine days", "one day a", "one day b", "now"}},
		{"cap only, a tie at the edge", Retention{MaxRows: 2}, 4, []string{"one day b", "now"}},
		{"cap above the count", Retention{MaxRows: 100}, 0, []string{"forty days", "thirty-one days", "twenty-nine days", "one day a", "one day b", "now"}},
		{"age then cap", Retention{MaxAge: 30 * day, MaxRows: 3}, 3, []string{"one day a", "one day b", "now"}},
	}
	forEachBackend(t, func(t *testing.T, b backend) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				s := openTarget(t, b.newDB(t))
				for _, p := range pastes {
					if err := s.RecordUnmatched(ctx, Unmatched{At: base.Add(-p.age), Platform: "discord", Channel: "c", User: "u", Text: p.text}); err != nil {
						t.Fatal(err)
					}
				}
				if err := s.RecordAnswer(ctx, Answer{At: base.Add(-90 * day), Platform: "discord", Channel: "c", User: "u", EntryID: "e"}); err != nil {
					t.Fatal(err)
				}
				n, err := tc.r.Prune(ctx, s.(UnmatchedPruner), base)
				if err != nil {
					t.Fatal(err)
				}
				if n != tc.deleted {
					t.Errorf("deleted %d, want %d", n, tc.deleted)
				}
				st, err := s.Stats(ctx, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				var left []string
				for _, u := range st.TopUnmatched {
					left = append(left, u.Text)
				}
				slices.Sort(left)
				want := slices.Sorted(slices.Values(tc.left))
				if !slices.Equal(left, want) || st.Unmatched != len(tc.left) {
					t.Errorf("left %v (%d), want %v", left, st.Unmatched, want)
				}
				if st.Answers != 1 {
					t.Errorf("answers %d, want 1: pruning touches unmatched pastes only", st.Answers)
				}
			})
		}
	})
}

// countPruner counts calls and records the arguments of the last.
type countPruner struct {
	calls  atomic.Int64
	before atomic.Int64
	keep   atomic.Int64
}

func (c *countPruner) PruneUnmatched(_ context.Context, before time.Time, keep int) (int64, error) {
	c.before.Store(before.UnixNano())
	c.keep.Store(int64(keep))
	c.calls.Add(1)
	return 0, nil
}

// TestRetentionKeep: the retention is applied at once (not only after the
// first interval) with the cut-off derived from the clock, and Keep
// returns when its context ends; with nothing set it does nothing.
func TestRetentionKeep(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	now := func() time.Time { return base }
	t.Run("applied at start", func(t *testing.T) {
		var p countPruner
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- Retention{MaxAge: time.Hour, MaxRows: 7}.Keep(ctx, &p, time.Hour, now, log) }()
		deadline := time.Now().Add(5 * time.Second)
		for p.calls.Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if p.calls.Load() != 1 || p.before.Load() != base.Add(-time.Hour).UnixNano() || p.keep.Load() != 7 {
			t.Errorf("calls %d before %v keep %d", p.calls.Load(), time.Unix(0, p.before.Load()).UTC(), p.keep.Load())
		}
	})
	t.Run("nothing set", func(t *testing.T) {
		var p countPruner
		if err := (Retention{}).Keep(context.Background(), &p, time.Hour, now, log); err != nil {
			t.Fatal(err)
		}
		if p.calls.Load() != 0 {
			t.Errorf("pruned with no retention set")
		}
	})
}
