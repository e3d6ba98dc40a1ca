package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

// summaryLine is the last line of a connection count's table.
var summaryLine = regexp.MustCompile(`load errors (\d+); orfix store records written (\d+), dropped (\d+)`)

// TestRatioEndToEnd builds orfix, orfix-floor and orfix-load from this
// checkout and runs the side-by-side measurement briefly, as anyone
// rerunning the ratio table would: both servers start, take the load and
// stop, the table and the cold starts come out, no request fails and no
// store record is dropped, on SQLite and on PostgreSQL.
func TestRatioEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three binaries and runs servers under load")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := t.TempDir()
	build := exec.Command(goTool, "build", "-o", bin+string(filepath.Separator),
		"github.com/orfix/orfix/cmd/orfix", "github.com/orfix/orfix/cmd/orfix-floor", "github.com/orfix/orfix/cmd/orfix-load")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name     string
		storeURL func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "" }},
		{"postgres", func(t *testing.T) string { return testutil.PostgresSchema(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ratioConfig{bin: bin, conns: []int{2}, reps: 1, duration: time.Second, secret: "e2e-secret", starts: 2, storeURL: tc.storeURL(t)}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var out bytes.Buffer
			if err := runRatio(ctx, cfg, &out); err != nil {
				t.Fatalf("runRatio: %v\n%s", err, out.String())
			}
			for _, want := range []string{" floor ", " orfix ", "throughput req/s", "CPU us/request", "start to /healthz ms", "cold start, 2 starts each"} {
				if !bytes.Contains(out.Bytes(), []byte(want)) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
			m := summaryLine.FindSubmatch(out.Bytes())
			if m == nil {
				t.Fatalf("no summary line:\n%s", out.String())
			}
			errs, _ := strconv.Atoi(string(m[1]))
			written, _ := strconv.Atoi(string(m[2]))
			dropped, _ := strconv.Atoi(string(m[3]))
			if errs != 0 || written == 0 || dropped != 0 {
				t.Errorf("load errors %d, store written %d, dropped %d; want 0, >0, 0:\n%s", errs, written, dropped, out.String())
			}
		})
	}
}
