package slack

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
)

func TestDedupe(t *testing.T) {
	now := time.Unix(1700000000, 0)
	clock := func() time.Time { return now }
	d := newDedupe(10*time.Minute, 3, clock)

	steps := []struct {
		name    string
		advance time.Duration
		id      string
		forget  bool
		wantNew bool
		wantLen int
	}{
		{"first delivery", 0, "Ev1", false, true, 1},
		{"immediate retry", 0, "Ev1", false, false, 1},
		{"retry a minute later", time.Minute, "Ev1", false, false, 1},
		{"another event", 0, "Ev2", false, true, 2},
		{"empty id is never a duplicate", 0, "", false, true, 2},
		{"retry five minutes later", 5 * time.Minute, "Ev1", false, false, 2},
		{"third event", time.Minute, "Ev3", false, true, 3},
		{"over the size: the oldest goes", 0, "Ev4", false, true, 3},
		{"the oldest is new again", 0, "Ev1", false, true, 3},
		{"Ev3 still remembered", 0, "Ev3", false, false, 3},
		{"forgotten ids are new again", 0, "Ev3", true, true, 3},
		{"after the ttl everything expired", 11 * time.Minute, "Ev4", false, true, 1},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if s.forget {
			d.forget(s.id)
		}
		if got := d.add(s.id); got != s.wantNew {
			t.Fatalf("%s: add(%q) = %v, want %v", s.name, s.id, got, s.wantNew)
		}
		if got := d.len(); got != s.wantLen {
			t.Fatalf("%s: %d ids remembered, want %d", s.name, got, s.wantLen)
		}
	}
}

func TestDedupeConcurrent(t *testing.T) {
	// 500 ids delivered 16 times each from 4 goroutines: each is new once.
	d := newDedupe(time.Hour, 1000, time.Now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for range 4 {
		wg.Go(func() {
			for i := range 2000 {
				if d.add(fmt.Sprintf("Ev%d", i%500)) {
					mu.Lock()
					fresh++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if fresh != 500 {
		t.Errorf("%d ids taken as new, want 500", fresh)
	}
}

func TestDedupeBounded(t *testing.T) {
	d := newDedupe(time.Hour, 1000, time.Now)
	for i := range 10000 {
		d.add(fmt.Sprintf("Ev%d", i))
		if i%7 == 0 {
			d.forget(fmt.Sprintf("Ev%d", i/2))
		}
	}
	if n := d.len(); n > 1000 {
		t.Errorf("%d ids remembered, bound is 1000", n)
	}
	if live := len(d.queue) - d.head; live > 2000 {
		t.Errorf("queue holds %d slots", live)
	}
	if d.add("Ev9999") {
		t.Errorf("the newest id was forgotten")
	}
}

// TestEventAcrossReplicas delivers one event to two adapters (replicas).
// With a shared store it is answered once; without, each answers.
func TestEventAcrossReplicas(t *testing.T) {
	tests := []struct {
		name   string
		shared bool
		want   int
	}{
		{"shared store", true, 1},
		{"per replica", false, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.shared {
				opts = append(opts, WithShared(store.NewMemShared(nil)))
			}
			r1, r2 := newEnv(t, nil, Config{}, opts...), newEnv(t, nil, Config{}, opts...)
			if w := r1.event("event_app_mention.json"); w.Code != http.StatusOK {
				t.Fatalf("first delivery: %d", w.Code)
			}
			if w := r2.event("event_app_mention.json", "X-Slack-Retry-Num", "1"); w.Code != http.StatusOK {
				t.Fatalf("retry on the other replica: %d", w.Code)
			}
			r1.settle()
			r2.settle()
			got := len(r1.slack.callsTo("/api/chat.postMessage")) + len(r2.slack.callsTo("/api/chat.postMessage"))
			if got != tc.want {
				t.Errorf("%d answers, want %d", got, tc.want)
			}
		})
	}
}
