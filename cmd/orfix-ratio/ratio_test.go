package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpread(t *testing.T) {
	lo, med, hi := spread([]float64{3, 1, 2})
	if lo != 1 || med != 2 || hi != 3 {
		t.Errorf("spread = %v %v %v", lo, med, hi)
	}
	if lo, med, hi := spread(nil); lo != 0 || med != 0 || hi != 0 {
		t.Errorf("spread(nil) = %v %v %v", lo, med, hi)
	}
}

func TestLoadLineParsesOrfixLoad(t *testing.T) {
	// The line orfix-load prints (see cmd/orfix-load report.String).
	line := "requests 1234  errors 0  throughput 123 req/s  p50 1.50ms  p99 9.25ms  max 20.00ms  server RSS 40.0 MB"
	m := loadLine.FindStringSubmatch(line)
	if m == nil || m[1] != "1234" || m[3] != "123" || m[4] != "1.50" || m[5] != "9.25" {
		t.Errorf("parsed %q", m)
	}
}

func TestStoreCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "orfix.log")
	logs := `{"msg":"orfix serving"}
not json
{"msg":"store flushed","written":42,"dropped":3}
`
	if err := os.WriteFile(path, []byte(logs), 0o600); err != nil {
		t.Fatal(err)
	}
	w, d, ok := storeCounts(path)
	if !ok || w != 42 || d != 3 {
		t.Errorf("storeCounts = %d %d %v", w, d, ok)
	}
	if _, _, ok := storeCounts(filepath.Join(t.TempDir(), "none")); ok {
		t.Error("counts from a missing log")
	}
}

func TestParseHeapCounts(t *testing.T) {
	page := `# HELP go_memstats_mallocs_total Total number of heap objects allocated.
# TYPE go_memstats_mallocs_total counter
go_memstats_mallocs_total 1.234e+06
go_memstats_alloc_bytes_total 5.5e+07
go_memstats_alloc_bytes 123
`
	c, err := parseHeapCounts(strings.NewReader(page))
	if err != nil || c.objects != 1.234e6 || c.bytes != 5.5e7 {
		t.Errorf("parseHeapCounts = %+v, %v", c, err)
	}
	if _, err := parseHeapCounts(strings.NewReader("go_memstats_mallocs_total 1\n")); err == nil {
		t.Error("no error for a page without the byte counter")
	}
}
