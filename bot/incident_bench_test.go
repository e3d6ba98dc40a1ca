package bot

import (
	"context"
	"fmt"
	"testing"
	"time"

	ktestutil "github.com/orfix/orfix/internal/testutil"
)

// BenchmarkHandleIncidents times Handle with the detector on and off in
// the same run, alternating, and reports on/off as "ratio". Every request
// comes from a new requester, so the detector takes its full path:
// "counting" can never reach its bar, "incident" has one active (its
// replies also refit the fixes).
func BenchmarkHandleIncidents(b *testing.B) {
	kb := ktestutil.DefaultKB(b)
	for _, bc := range []struct {
		name string
		cfg  IncidentConfig
	}{
		{"counting", IncidentConfig{Answers: 1 << 30}},
		{"incident", IncidentConfig{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			on := New(kb, Config{}, WithIncidents(bc.cfg))
			off := New(kb, Config{}, WithIncidents(IncidentConfig{Off: true}))
			ctx := context.Background()
			req := func(i int) Request {
				return Request{Platform: Discord, Mode: Explicit, Channel: fmt.Sprintf("c%d", i%50), User: fmt.Sprintf("u%d", i), Text: userNotFound}
			}
			var tOn, tOff time.Duration
			for i := 0; b.Loop(); i++ {
				first, second, t1, t2 := on, off, &tOn, &tOff
				if i%2 == 1 {
					first, second, t1, t2 = off, on, &tOff, &tOn
				}
				start := time.Now()
				if _, err := first.Handle(ctx, req(i)); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if _, err := second.Handle(ctx, req(i)); err != nil {
					b.Fatal(err)
				}
				*t1 += mid.Sub(start)
				*t2 += time.Since(mid)
			}
			b.ReportMetric(float64(tOn)/float64(tOff), "ratio")
			b.ReportMetric(float64(tOn-tOff)/float64(b.N), "ns-added/op")
		})
	}
}
