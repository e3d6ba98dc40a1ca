package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fixture records a known data set: some of it before base, the rest after.
func fixture(t *testing.T, s Store) {
	t.Helper()
	ctx := context.Background()
	at := func(d time.Duration) time.Time { return base.Add(d) }
	answers := []Answer{
		{At: at(-48 * time.Hour), Platform: "discord", Channel: "c1", User: "u1", EntryID: "e1", Mode: "exact", Confidence: 1},
		{At: at(1 * time.Minute), Platform: "discord", Channel: "c1", User: "u1", EntryID: "e1", Mode: "exact", Confidence: 1, Latency: 40 * time.Millisecond, Tool: "cline"},
		{At: at(2 * time.Minute), Platform: "slack", Channel: "c2", User: "u2", EntryID: "e1", Mode: "fuzzy", Confidence: 0.7, Tool: "aider"},
		{At: at(3 * time.Minute), Platform: "slack", Channel: "c2", User: "u3", EntryID: "e1", Mode: "fuzzy", Confidence: 0.6, Tool: "cline"},
		{At: at(4 * time.Minute), Platform: "discord", Channel: "c1", User: "u4", EntryID: "e3", Mode: "exact", Confidence: 0.9},
		{At: at(5 * time.Minute), Platform: "discord", Channel: "c3", User: "u4", EntryID: "e3", Mode: "exact", Confidence: 0.9},
		{At: at(6 * time.Minute), Platform: "discord", Channel: "c3", User: "u5", EntryID: "e2", Mode: "exact", Confidence: 0.8},
	}
	// Channels c1 and c2 belong to a server and a workspace; c3 to none.
	community := map[string]string{"c1": "g1", "c2": "T1"}
	for _, a := range answers {
		a.Community = community[a.Channel]
		if err := s.RecordAnswer(ctx, a); err != nil {
			t.Fatalf("RecordAnswer(%+v): %v", a, err)
		}
	}
	feedback := []Feedback{
		{At: at(-47 * time.Hour), Platform: "discord", Channel: "c1", User: "u1", EntryID: "e2", Vote: VoteFixed},
		{At: at(10 * time.Minute), Platform: "discord", Channel: "c1", User: "u1", EntryID: "e1", Vote: VoteFixed},
		{At: at(11 * time.Minute), Platform: "slack", Channel: "c2", User: "u2", EntryID: "e1", Vote: VoteFixed},
		{At: at(12 * time.Minute), Platform: "slack", Channel: "c2", User: "u3", EntryID: "e1", Vote: VoteNotYet},
		{At: at(13 * time.Minute), Platform: "discord", Channel: "c1", User: "u4", EntryID: "e3", Vote: VoteNotYet},
		{At: at(14 * time.Minute), Platform: "discord", Channel: "c1", User: "u6", EntryID: "e4", Vote: VoteFixed},
	}
	for _, f := range feedback {
		f.Community = community[f.Channel]
		if err := s.RecordFeedback(ctx, f); err != nil {
			t.Fatalf("RecordFeedback(%+v): %v", f, err)
		}
	}
	unmatched := []Unmatched{}
	add := func(text string, n int, first time.Duration) {
		for i := range n {
			unmatched = append(unmatched, Unmatched{At: at(first + time.Duration(i)*time.Second), Platform: "discord", Channel: "c1", User: "u1", Text: text})
		}
	}
	add("old error", 5, -72*time.Hour)
	add("error A", 3, 20*time.Minute)
	add("error C", 2, 21*time.Minute)
	add("  error C\n", 1, 22*time.Minute) // trimmed: same text as "error C"
	add("error B", 1, 23*time.Minute)
	for i := range 25 {
		add(fmt.Sprintf("rare %02d", i), 1, time.Duration(i)*time.Second)
	}
	for _, u := range unmatched {
		if err := s.RecordUnmatched(ctx, u); err != nil {
			t.Fatalf("RecordUnmatched(%+v): %v", u, err)
		}
	}
}

func TestStats(t *testing.T) {
	forEachBackend(t, testStats)
}

func testStats(t *testing.T, b backend) {
	s := openTarget(t, b.newDB(t))
	fixture(t, s)

	tests := []struct {
		name          string
		since         time.Time
		answers       int
		unmatched     int
		entries       []EntryStats
		top           []string // first texts of TopUnmatched, in order
		topCounts     []int
		wantTopLen    int
		lastSeenFirst time.Time
	}{
		{
			name:      "since base",
			since:     base,
			answers:   6,
			unmatched: 3 + 3 + 1 + 25,
			entries: []EntryStats{
				{EntryID: "e1", Answers: 3, Fixed: 2, NotYet: 1, FixedRate: 2.0 / 3},
				{EntryID: "e3", Answers: 2, Fixed: 0, NotYet: 1, FixedRate: 0},
				{EntryID: "e2", Answers: 1},
				{EntryID: "e4", Answers: 0, Fixed: 1, FixedRate: 1},
			},
			// A and C tie on count; C was seen last.
			top:           []string{"error C", "error A", "error B"},
			topCounts:     []int{3, 3, 1},
			wantTopLen:    MaxTopUnmatched,
			lastSeenFirst: base.Add(22 * time.Minute),
		},
		{
			name:      "everything",
			since:     time.Time{},
			answers:   7,
			unmatched: 5 + 3 + 3 + 1 + 25,
			entries: []EntryStats{
				{EntryID: "e1", Answers: 4, Fixed: 2, NotYet: 1, FixedRate: 2.0 / 3},
				{EntryID: "e3", Answers: 2, Fixed: 0, NotYet: 1, FixedRate: 0},
				{EntryID: "e2", Answers: 1, Fixed: 1, FixedRate: 1},
				{EntryID: "e4", Answers: 0, Fixed: 1, FixedRate: 1},
			},
			top:           []string{"old error", "error C", "error A", "error B"},
			topCounts:     []int{5, 3, 3, 1},
			wantTopLen:    MaxTopUnmatched,
			lastSeenFirst: base.Add(-72*time.Hour + 4*time.Second),
		},
		{
			name:       "future",
			since:      base.Add(24 * time.Hour),
			entries:    []EntryStats{},
			wantTopLen: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := s.Stats(context.Background(), tc.since)
			if err != nil {
				t.Fatalf("Stats: %v", err)
			}
			if !st.Since.Equal(tc.since) {
				t.Errorf("Since = %v, want %v", st.Since, tc.since)
			}
			if st.Answers != tc.answers || st.Unmatched != tc.unmatched {
				t.Errorf("Answers, Unmatched = %d, %d; want %d, %d", st.Answers, st.Unmatched, tc.answers, tc.unmatched)
			}
			if !reflect.DeepEqual(st.Entries, tc.entries) {
				t.Errorf("Entries =\n%+v\nwant\n%+v", st.Entries, tc.entries)
			}
			if len(st.TopUnmatched) != tc.wantTopLen {
				t.Fatalf("len(TopUnmatched) = %d, want %d: %+v", len(st.TopUnmatched), tc.wantTopLen, st.TopUnmatched)
			}
			for i, text := range tc.top {
				got := st.TopUnmatched[i]
				if got.Text != text || got.Count != tc.topCounts[i] {
					t.Errorf("TopUnmatched[%d] = %q×%d, want %q×%d", i, got.Text, got.Count, text, tc.topCounts[i])
				}
			}
			for i := 1; i < len(st.TopUnmatched); i++ {
				if st.TopUnmatched[i].Count > st.TopUnmatched[i-1].Count {
					t.Errorf("TopUnmatched not ordered by count at %d: %+v", i, st.TopUnmatched)
				}
			}
			if len(tc.top) > 0 && !st.TopUnmatched[0].LastSeen.Equal(tc.lastSeenFirst) {
				t.Errorf("TopUnmatched[0].LastSeen = %v, want %v", st.TopUnmatched[0].LastSeen, tc.lastSeenFirst)
			}
		})
	}
}

func TestStatsEmpty(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		s := openTarget(t, b.newDB(t))
		st, err := s.Stats(context.Background(), time.Time{})
		if err != nil {
			t.Fatalf("Stats: %v", err)
		}
		if st.Answers != 0 || st.Unmatched != 0 || len(st.Entries) != 0 || len(st.TopUnmatched) != 0 {
			t.Errorf("Stats on empty store = %+v", st)
		}
	})
}

func TestReopen(t *testing.T) {
	forEachBackend(t, testReopen)
}

func testReopen(t *testing.T, b backend) {
	target := b.newDB(t)
	s := openTarget(t, target)
	fixture(t, s)
	want, err := s.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	mustClose(t, s)

	s = openTarget(t, target)
	got, err := s.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatalf("Stats after reopen: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after reopen:\n%+v\nwant\n%+v", got, want)
	}
}

// TestStableHashes: a new record for the same channel, after a reopen with
// the same salt, lands next to the old ones.
func TestStableHashes(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	fixture(t, s)
	mustClose(t, s)
	s = openTest(t, path)
	// Hashes must be stable across reopen with the same salt: a new record for
	// the same channel lands next to the old ones.
	if err := s.RecordAnswer(context.Background(), Answer{Platform: "discord", Channel: "c1", User: "u1", EntryID: "e1"}); err != nil {
		t.Fatalf("RecordAnswer: %v", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM answers WHERE platform = 'discord' AND channel = ?`,
		s.hash.id("channel", "discord", "c1")).Scan(&n); err != nil || n != 4 {
		t.Errorf("answers in discord c1 after reopen: n=%d err=%v, want the fixture's 3 and the new one", n, err)
	}
}
