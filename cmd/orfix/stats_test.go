package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot/store"
)

// TestStatsDoesNotCreate: orfix stats reads an existing database and
// refuses, without creating anything, when the file is missing.
func TestStatsDoesNotCreate(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "orfix.db")
	st, err := openStore(context.Background(), StoreConfig{Path: existing}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordAnswer(context.Background(), store.Answer{EntryID: "openrouter-401-invalid-key"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	missing := filepath.Join(dir, "typo.db")
	tests := []struct {
		name string
		db   string
		code int
		want string
	}{
		{"existing database", existing, exitOK, "1 answers"},
		{"missing database", missing, exitUsage, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", "stats", "--db", tc.db, "--since", "1d")
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, out %q, stderr %q; want %d with %q", code, out, errOut, tc.code, tc.want)
			}
		})
	}
	for _, p := range []string{missing, missing + ".salt"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("stats created %s", filepath.Base(p))
		}
	}
}
