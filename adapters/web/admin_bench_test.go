package web

import (
	"testing"
	"time"
)

// BenchmarkAdminDashboard renders GET /admin (30 days) from an SQLite
// store holding 100,000 answers, 33,334 votes and 5,000 unmatched pastes.
// The budget is 200 ms per page.
func BenchmarkAdminDashboard(b *testing.B) {
	start := time.Now()
	e := newAdminEnv(b, adminOpts{seed: 100_000})
	b.Logf("seeded in %v", time.Since(start).Round(time.Millisecond))
	bearer := map[string]string{"Authorization": "Bearer " + adminToken}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp := e.do(b, request{method: "GET", path: "/admin", header: bearer})
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
