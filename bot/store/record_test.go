package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// mixedBatch is n records cycling through answers, votes and unmatched
// texts, each with values of its own, and the rows they must become.
func mixedBatch(n int) []Record {
	recs := make([]Record, 0, n)
	for i := range n {
		at := base.Add(time.Duration(i) * time.Millisecond)
		ch, user := fmt.Sprintf("C%03d", i%7), fmt.Sprintf("U%04d", i)
		switch i % 3 {
		case 0:
			recs = append(recs, Record{Answer: &Answer{At: at, Platform: "slack", Channel: ch, User: user,
				EntryID: fmt.Sprintf("e%d", i%5), Mode: "explicit", Confidence: float64(i) / 1000,
				Latency: time.Duration(i) * time.Microsecond, Community: "T1", Tool: "cursor\xff"}})
		case 1:
			vote := VoteFixed
			if i%2 == 0 {
				vote = VoteNotYet
			}
			recs = append(recs, Record{Feedback: &Feedback{At: at, Platform: "discord", Channel: ch, User: user,
				Community: "G1", EntryID: fmt.Sprintf("e%d", i%5), Vote: vote}})
		default:
			recs = append(recs, Record{Unmatched: &Unmatched{At: at, Platform: "web", User: user,
				Text: fmt.Sprintf("  error %d \xfe ", i)}})
		}
	}
	return recs
}

// storedRows reads every row of t in insertion order, each value printed
// with %v.
func storedRows(t *testing.T, s Store, tab table) []string {
	t.Helper()
	q := `SELECT "` + strings.Join(tab.columns, `", "`) + `" FROM ` + tab.name + ` ORDER BY id`
	ctx := context.Background()
	var out []string
	scan := func(next func() bool, values func() ([]any, error)) {
		for next() {
			v, err := values()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v...))
		}
	}
	switch s := s.(type) {
	case *SQLite:
		rs, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		scan(rs.Next, func() ([]any, error) {
			v := make([]any, len(tab.columns))
			ptrs := make([]any, len(v))
			for i := range v {
				ptrs[i] = &v[i]
			}
			return v, rs.Scan(ptrs...)
		})
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
	case *Postgres:
		rs, err := s.pool.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		scan(rs.Next, rs.Values)
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no row reader for %T", s)
	}
	return out
}

// wantRows is what recs must become in each table, in order.
func wantRows(t *testing.T, recs []Record) map[string][]string {
	t.Helper()
	grouped, err := groupRows(newHasher(testSalt), recs)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, tab := range tables {
		for _, r := range grouped[tab.name] {
			out[tab.name] = append(out[tab.name], fmt.Sprint(r...))
		}
	}
	return out
}

func TestWriteBatchLandsExactly(t *testing.T) {
	forEachBackend(t, testWriteBatchLandsExactly)
}

func testWriteBatchLandsExactly(t *testing.T, be backend) {
	ctx := context.Background()
	for _, n := range []int{1, 2, 7, 64, MaxBatch, 4000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := openTarget(t, be.newDB(t))
			recs := mixedBatch(n)
			if err := s.(BatchWriter).WriteBatch(ctx, recs); err != nil {
				t.Fatal(err)
			}
			want := wantRows(t, recs)
			for _, tab := range tables {
				if got := storedRows(t, s, tab); !slices.Equal(got, want[tab.name]) {
					t.Errorf("%s: %d rows stored, want %d; first differing:\n%s", tab.name, len(got), len(want[tab.name]), firstDiff(got, want[tab.name]))
				}
			}
		})
	}
}

func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("row %d: got  %q\n        want %q", i, g, w)
		}
	}
	return "none"
}

// TestSQLiteRunsLand writes batches cut into many small INSERTs, twice,
// so that the second time reuses the prepared statements.
func TestSQLiteRunsLand(t *testing.T) {
	ctx := context.Background()
	for _, maxParams := range []int{1, 10, 25, 999} {
		t.Run(fmt.Sprint(maxParams), func(t *testing.T) {
			s := openTest(t, testPath(t))
			recs := mixedBatch(100)
			grouped, err := groupRows(s.hash, recs)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := s.writeRows(ctx, grouped, maxParams); err != nil {
					t.Fatal(err)
				}
			}
			want := wantRows(t, slices.Concat(recs, recs))
			for _, tab := range tables {
				if got := storedRows(t, s, tab); !slices.Equal(got, want[tab.name]) {
					t.Errorf("%s: %s", tab.name, firstDiff(got, want[tab.name]))
				}
			}
		})
	}
}

func TestSQLiteRuns(t *testing.T) {
	tests := []struct {
		rows, cols, maxParams int
		want                  []int
	}{
		{1, 10, sqliteMaxParams, []int{1}},
		{7, 10, sqliteMaxParams, []int{4, 2, 1}},
		{256, 10, sqliteMaxParams, []int{256}},
		{255, 10, sqliteMaxParams, []int{128, 64, 32, 16, 8, 4, 2, 1}},
		{600, 5, sqliteMaxParams, []int{256, 256, 64, 16, 8}}, // at most MaxBatch rows
		{10, 5, 14, []int{2, 2, 2, 2, 2}},                     // at most maxParams
		{10, 5, 20, []int{4, 4, 2}},
		{3, 5, 1, []int{1, 1, 1}}, // one row at least
	}
	for _, tc := range tests {
		var got []int
		most := maxRunRows(tc.cols, tc.maxParams)
		for left := tc.rows; left > 0; {
			n := runRows(left, most)
			got = append(got, n)
			left -= n
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%d rows of %d columns, at most %d parameters: runs %v, want %v", tc.rows, tc.cols, tc.maxParams, got, tc.want)
		}
	}
}

// TestWriteBatchAtomicInDatabase makes the database refuse a row of the
// middle table written (a vote the CHECK constraint rejects; validation
// would have caught it before): nothing of the batch may stay.
func TestWriteBatchAtomicInDatabase(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		s := openTarget(t, be.newDB(t))
		grouped, err := groupRows(newHasher(testSalt), mixedBatch(30))
		if err != nil {
			t.Fatal(err)
		}
		fb := grouped[feedbackTable.name]
		fb[len(fb)-1][5] = "maybe"
		switch s := s.(type) {
		case *SQLite:
			err = s.writeRows(ctx, grouped, sqliteMaxParams)
		case *Postgres:
			err = s.writeRows(ctx, grouped)
		}
		if err == nil {
			t.Fatal("a row breaking the CHECK constraint was written")
		}
		for _, tab := range tables {
			if got := storedRows(t, s, tab); len(got) != 0 {
				t.Errorf("%s kept %d rows of a failed batch", tab.name, len(got))
			}
		}
	})
}
