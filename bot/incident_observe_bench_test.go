package bot

import (
	"context"
	"fmt"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
	ktestutil "github.com/orfix/orfix/internal/testutil"
)

// BenchmarkDetectorObserve times the detector's work for one answer from
// a new requester (its full path) on each shared state; "cpu-us/op" is
// this process's CPU per answer (PostgreSQL's own is not counted).
func BenchmarkDetectorObserve(b *testing.B) {
	for _, impl := range []struct {
		name   string
		shared func(b *testing.B) store.Shared
	}{
		{"memory", func(*testing.B) store.Shared { return store.NewMemShared(nil) }},
		{"postgres", func(b *testing.B) store.Shared {
			s, err := store.Open(context.Background(), ktestutil.PostgresSchema(b), []byte("0123456789abcdef-bench"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s.(store.Shared)
		}},
	} {
		b.Run(impl.name, func(b *testing.B) {
			// A bar no traffic reaches: every answer takes the counting path.
			d := newDetector(IncidentConfig{Answers: 1 << 30}, impl.shared(b), time.Now, slog.New(slog.DiscardHandler), nil)
			ctx := context.Background()
			cpu0 := benchCPU(b)
			for i := 0; b.Loop(); i++ {
				req := Request{Platform: Discord, Channel: fmt.Sprintf("c%d", i%50), User: fmt.Sprintf("u%d", i)}
				d.observe(ctx, req, fmt.Sprintf("e%d", i%8), []int{401})
			}
			b.ReportMetric(float64((benchCPU(b)-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
		})
	}
}

// benchCPU is the user and system CPU time this process has used.
func benchCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
