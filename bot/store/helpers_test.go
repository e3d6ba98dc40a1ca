package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
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

// newPostgresDB is an empty schema of its own on the test server.
func newPostgresDB(t *testing.T) string { return testutil.PostgresSchema(t) }
