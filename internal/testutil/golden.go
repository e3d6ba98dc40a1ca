package testutil

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update is -update: Golden rewrites the files instead of comparing.
var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Golden compares got with the file at path, byte for byte. With -update it
// writes got to path instead (creating its directory). A missing file stops
// the test; a difference fails it, naming the first line that differs and
// showing all of got. Any normalisation (indenting JSON, say) is the
// caller's, before the call.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	n, g, w := firstDiff(string(got), string(want))
	t.Errorf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended, and review the diff)\n--- got:\n%s", path, n, g, w, got)
}

// firstDiff returns the first line (1-based) at which got and want differ,
// and that line of each ("<EOF>" past the end).
func firstDiff(got, want string) (int, string, string) {
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	line := func(ls []string, i int) string {
		if i < len(ls) {
			return ls[i]
		}
		return "<EOF>"
	}
	for i := range max(len(gl), len(wl)) {
		if g, w := line(gl, i), line(wl, i); g != w {
			return i + 1, g, w
		}
	}
	// Unreachable for unequal inputs: they differ in some line.
	return 0, "", ""
}
