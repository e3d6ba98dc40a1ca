package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
	ktestutil "github.com/orfix/orfix/internal/testutil"
)

// TestIncidentOnPostgres runs two detectors, as two replicas, on one
// PostgreSQL database (its clock, its round trips): a spread burst
// across both starts one incident, alerted once, which the other replica
// adopts; repeats count once.
func TestIncidentOnPostgres(t *testing.T) {
	ctx := context.Background()
	target := ktestutil.PostgresSchema(t)
	var mu sync.Mutex
	var events []IncidentEvent
	var ds []*detector
	for range 2 {
		s, err := store.Open(ctx, target, []byte("0123456789abcdef-incident-test"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		d := newDetector(IncidentConfig{}, s.(store.Shared), time.Now, slog.New(slog.DiscardHandler), nil)
		d.subs = append(d.subs, func(ev IncidentEvent) { mu.Lock(); events = append(events, ev); mu.Unlock() })
		ds = append(ds, d)
	}
	// observe has user u answer on replica r, always from channel u%4.
	observe := func(r, u int) *Incident {
		req := Request{Platform: Discord, Channel: fmt.Sprintf("c%d", u%4), User: fmt.Sprintf("u%d", u)}
		return ds[r%2].observe(ctx, req, entry401, []int{401})
	}
	// Below the bar: the same three people over and over count three times.
	for i := range 30 {
		if inc := observe(i, i%3); inc != nil {
			t.Fatalf("repeat %d of three people raised an incident: %+v", i, inc)
		}
	}
	for u := 3; u < 12; u++ {
		observe(u, u)
	}
	for i, d := range ds {
		inc := observe(i, 12+i)
		if inc == nil || inc.Source != SourceTraffic {
			t.Fatalf("replica %d: no incident after 12 people in 4 channels: %+v", i, inc)
		}
		if inc.Answers < 12 || inc.Channels != 4 {
			t.Errorf("replica %d: %d answers from %d channels, want at least 12 from 4", i, inc.Answers, inc.Channels)
		}
		d.sweep(ctx)
		if active, _ := d.list(); len(active) != 1 {
			t.Errorf("replica %d after a sweep: %d active incidents, want 1", i, len(active))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 1 || !events[0].Started {
		t.Errorf("events %+v, want one start", events)
	}
}
