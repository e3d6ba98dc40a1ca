package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
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

func mustClose(t *testing.T, s *SQLite) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
