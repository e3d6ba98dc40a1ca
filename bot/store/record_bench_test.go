package store

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

// BenchmarkWriteBatch times WriteBatch of a Buffered store's batch sizes
// (mixed answers, votes and unmatched texts) on each backend; "us/record"
// is the time per record, "cpu-us/record" the CPU this process spent per
// record (every goroutine: the driver's included; not PostgreSQL's).
func BenchmarkWriteBatch(b *testing.B) {
	targets := []struct {
		name string
		db   func(b *testing.B) string
	}{
		{"sqlite", func(b *testing.B) string { return filepath.Join(b.TempDir(), "orfix.db") }},
		// In memory: the statements' own cost, without the file's I/O.
		{"sqlite-memory", func(*testing.B) string { return ":memory:" }},
		{"postgres", func(b *testing.B) string { return testutil.PostgresSchema(b) }},
	}
	for _, be := range targets {
		for _, n := range []int{64, MaxBatch} {
			b.Run(fmt.Sprintf("%s/%d", be.name, n), func(b *testing.B) {
				s, err := Open(context.Background(), be.db(b), testSalt)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				recs := mixedBatch(n)
				ctx := context.Background()
				cpu0 := processCPU(b)
				for b.Loop() {
					later(recs, time.Second) // like a live bot's, times only grow
					if err := s.(BatchWriter).WriteBatch(ctx, recs); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "us/record")
				b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/float64(b.N*n), "cpu-us/record")
			})
		}
	}
}

// processCPU is the user and system CPU time this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// later moves every record of recs d later.
func later(recs []Record, d time.Duration) {
	for _, r := range recs {
		switch {
		case r.Answer != nil:
			r.Answer.At = r.Answer.At.Add(d)
		case r.Feedback != nil:
			r.Feedback.At = r.Feedback.At.Add(d)
		case r.Unmatched != nil:
			r.Unmatched.At = r.Unmatched.At.Add(d)
		}
	}
}
