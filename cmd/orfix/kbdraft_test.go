package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge"
)

// TestKBDraft lists the coverage gaps of a store and writes one draft per
// cluster, keeping a file that is already there.
func TestKBDraft(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "orfix.db")
	st, err := openStore(context.Background(), StoreConfig{Path: db}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		`{"error":{"message":"Upstream stalled after 31s","code":524}}`,
		`{"error":{"message":"Upstream stalled after 9s","code":524}}`,
		`{"error":{"message":"Upstream stalled after 12s","code":524}}`,
		`Fatal: widget id 42 vanished`,
	} {
		u := store.Unmatched{At: time.Now().Add(-time.Duration(i) * time.Hour), Platform: "web", Text: text}
		if err := st.RecordUnmatched(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	code, out, errOut := runCLI(t, "", "kb", "draft", "--db", db, "--since", "2d")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 2 || !strings.Contains(lines[0], "3  openrouter-524-upstream-stalled-after") {
		t.Fatalf("exit %d, out %q, stderr %q", code, out, errOut)
	}

	outDir := filepath.Join(dir, "drafts")
	kept := filepath.Join(outDir, "openrouter-524-upstream-stalled-after.md")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kept, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, "", "kb", "draft", "--db", db, "--out", outDir)
	if code != exitOK || !strings.Contains(out, "kept the existing") {
		t.Fatalf("exit %d, out %q, stderr %q", code, out, errOut)
	}
	if b, _ := os.ReadFile(kept); string(b) != "mine" {
		t.Error("an existing file was overwritten")
	}
	files, _ := filepath.Glob(filepath.Join(outDir, "*.md"))
	if len(files) != 2 {
		t.Fatalf("%d files in --out: %v", len(files), files)
	}
	for _, f := range files {
		if f == kept {
			continue
		}
		data, _ := os.ReadFile(f)
		if _, err := knowledge.Parse(filepath.Base(f), data); err == nil || !strings.Contains(err.Error(), "TODO") {
			t.Errorf("%s: want a draft whose only problems are its TODOs, got %v", filepath.Base(f), err)
		}
	}

	for _, args := range [][]string{
		{"kb", "draft", "--db", db, "--since", "soon"},
		{"kb", "draft", "--db", db, "--top", "0"},
		{"kb", "draft", "--db", filepath.Join(dir, "missing.db")},
	} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}
