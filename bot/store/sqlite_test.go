package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSchemaVersionRecorded(t *testing.T) {
	path := testPath(t)
	s := openTest(t, path)
	mustClose(t, s)

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != schemaVersion || v < 1 {
		t.Errorf("user_version = %d, want %d", v, schemaVersion)
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	for _, table := range []string{"answers", "feedback", "unmatched"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: n=%d err=%v", table, n, err)
		}
	}
}

func TestReopenDoesNotRemigrate(t *testing.T) {
	forEachBackend(t, testReopenDoesNotRemigrate)
}

func testReopenDoesNotRemigrate(t *testing.T, b backend) {
	path := b.newDB(t)
	for i := range 3 {
		s := openTarget(t, path)
		if err := s.RecordAnswer(context.Background(), Answer{EntryID: "e"}); err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		mustClose(t, s)
	}
	s := openTarget(t, path)
	st, err := s.Stats(context.Background(), time.Time{})
	if err != nil || st.Answers != 3 {
		t.Errorf("Answers = %d (%v), want 3", st.Answers, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := testPath(t)
	mustClose(t, openTest(t, path))
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := OpenSQLite(context.Background(), path, testSalt)
	if err == nil {
		s.Close()
		t.Fatal("OpenSQLite accepted a database from the future")
	}
	t.Log(err)
}

func TestClosedStore(t *testing.T) {
	pg := func(t *testing.T) string { return newPostgresDB(t) }
	for _, tc := range []backend{{"memory", func(*testing.T) string { return ":memory:" }}, backends[0], {"postgres", pg}} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.newDB(t), testSalt)
			if err != nil {
				t.Fatal(err)
			}
			mustClose(t, s)
			ctx := context.Background()
			calls := map[string]error{
				"RecordAnswer":    s.RecordAnswer(ctx, Answer{EntryID: "e"}),
				"RecordFeedback":  s.RecordFeedback(ctx, Feedback{EntryID: "e", Vote: VoteFixed}),
				"RecordUnmatched": s.RecordUnmatched(ctx, Unmatched{Text: "x"}),
				"Close":           s.Close(),
			}
			_, calls["Stats"] = s.Stats(ctx, time.Time{})
			for name, err := range calls {
				if !errors.Is(err, ErrClosed) {
					t.Errorf("%s after Close = %v, want ErrClosed", name, err)
				}
			}
		})
	}
}

func TestInvalidRecords(t *testing.T) {
	forEachBackend(t, testInvalidRecords)
}

func testInvalidRecords(t *testing.T, b backend) {
	s := openTarget(t, b.newDB(t))
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"answer without entry", func() error { return s.RecordAnswer(ctx, Answer{}) }},
		{"answer NaN confidence", func() error { return s.RecordAnswer(ctx, Answer{EntryID: "e", Confidence: math.NaN()}) }},
		{"answer Inf confidence", func() error { return s.RecordAnswer(ctx, Answer{EntryID: "e", Confidence: math.Inf(1)}) }},
		{"feedback without entry", func() error { return s.RecordFeedback(ctx, Feedback{Vote: VoteFixed}) }},
		{"feedback unknown vote", func() error { return s.RecordFeedback(ctx, Feedback{EntryID: "e", Vote: "maybe"}) }},
		{"feedback empty vote", func() error { return s.RecordFeedback(ctx, Feedback{EntryID: "e"}) }},
		{"unmatched empty", func() error { return s.RecordUnmatched(ctx, Unmatched{}) }},
		{"unmatched blank", func() error { return s.RecordUnmatched(ctx, Unmatched{Text: " \n\t"}) }},
		{"empty record in a batch", func() error { return s.(BatchWriter).WriteBatch(ctx, []Record{{}}) }},
		{"one bad record refuses the batch", func() error {
			return s.(BatchWriter).WriteBatch(ctx, []Record{{Answer: &Answer{EntryID: "e"}}, {Feedback: &Feedback{EntryID: "e"}}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
	st, err := s.Stats(ctx, time.Time{})
	if err != nil || st.Answers != 0 || st.Unmatched != 0 || len(st.Entries) != 0 {
		t.Errorf("invalid records were stored: %+v (%v)", st, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		path string
		salt []byte
	}{
		{"short salt", testPath(t), []byte("short")},
		{"nil salt", testPath(t), nil},
		{"empty path", "", testSalt},
		{"missing directory", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"), testSalt},
		{"not a database", notADatabase(t), testSalt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenSQLite(ctx, tc.path, tc.salt)
			if err == nil {
				s.Close()
				t.Fatal("OpenSQLite succeeded")
			}
			t.Log(err)
		})
	}
}

func notADatabase(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(p, []byte("this is not an SQLite database, just some text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOddPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "we ird?x=1#frag%20.db")
	s := openTest(t, path)
	if err := s.RecordAnswer(context.Background(), Answer{EntryID: "e"}); err != nil {
		t.Fatal(err)
	}
	mustClose(t, s)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(path) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want only %q", names, filepath.Base(path))
	}
	s = openTest(t, path)
	if st, err := s.Stats(context.Background(), time.Time{}); err != nil || st.Answers != 1 {
		t.Errorf("reopen odd path: Answers=%d err=%v", st.Answers, err)
	}
}

func TestMemory(t *testing.T) {
	s := openTest(t, ":memory:")
	ctx := context.Background()
	for range 10 {
		if err := s.RecordAnswer(ctx, Answer{EntryID: "e"}); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := s.Stats(ctx, time.Time{}); err != nil || st.Answers != 10 {
		t.Errorf("memory store: Answers=%d err=%v", st.Answers, err)
	}
}

func TestCanceledContext(t *testing.T) {
	forEachBackend(t, testCanceledContext)
}

func testCanceledContext(t *testing.T, b backend) {
	s := openTarget(t, b.newDB(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.RecordAnswer(ctx, Answer{EntryID: "e"}); !errors.Is(err, context.Canceled) {
		t.Errorf("RecordAnswer with canceled ctx = %v, want context.Canceled", err)
	}
	if _, err := s.Stats(ctx, time.Time{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Stats with canceled ctx = %v, want context.Canceled", err)
	}
	if _, err := Open(ctx, b.newDB(t), testSalt); err == nil {
		t.Error("Open with canceled ctx succeeded")
	}
}

func TestZeroTimeMeansNow(t *testing.T) {
	forEachBackend(t, testZeroTimeMeansNow)
}

func testZeroTimeMeansNow(t *testing.T, b backend) {
	s := openTarget(t, b.newDB(t))
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	if err := s.RecordUnmatched(ctx, Unmatched{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx, before)
	if err != nil || len(st.TopUnmatched) != 1 {
		t.Fatalf("Stats = %+v, %v", st, err)
	}
	if seen := st.TopUnmatched[0].LastSeen; seen.Before(before) || seen.After(time.Now().Add(time.Second)) {
		t.Errorf("LastSeen = %v, want about now", seen)
	}
}
