package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var testSalt = []byte("0123456789abcdef-test-salt")

// base is a fixed instant the tests record around.
var base = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func testPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "orfix.db")
}

// openTest opens path and closes it at test end unless the test already did.
func openTest(t *testing.T, path string) *SQLite {
	t.Helper()
	s, err := OpenSQLite(context.Background(), path, testSalt)
	if err != nil {
		t.Fatalf("OpenSQLite(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if !s.closed.Load() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		}
	})
	return s
}

func mustClose(t *testing.T, s Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// backend is one Store implementation under test. newDB makes a fresh,
// empty database and returns its target (a file path or a URL), which
// openTarget opens as many times as a test likes.
type backend struct {
	name  string
	newDB func(t *testing.T) string
}

// backends lists every implementation; the store tests run against each.
var backends = []backend{
	{"sqlite", testPath},
	{"postgres", newPostgresDB},
}

// forEachBackend runs fn as a subtest per backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

// openTarget opens target and closes it at test end unless the test did.
func openTarget(t *testing.T, target string) Store {
	t.Helper()
	s, err := Open(context.Background(), target, testSalt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// testDatabaseURL is the PostgreSQL server the tests may use. Without one
// the PostgreSQL tests skip, except under CI=true, where they fail.
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("ORFIX_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ORFIX_TEST_DATABASE_URL is unset under CI=true; .ci/run starts a PostgreSQL for the tests")
		}
		t.Skip("PostgreSQL tests skipped: set ORFIX_TEST_DATABASE_URL (eval \"$(.ci/pg start)\")")
	}
	return u
}

// newPostgresDB makes an empty schema of its own on the test server and
// returns a URL whose connections use it; the schema is dropped at the end.
func newPostgresDB(t *testing.T) string {
	t.Helper()
	raw := testDatabaseURL(t)
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, raw)
		if err != nil {
			t.Errorf("drop schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
