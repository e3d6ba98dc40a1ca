package bot

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
)

const (
	entry401 = "openrouter-401-invalid-key"
	entry429 = "openrouter-429-free-limit"
)

// paste is one answer in a replayed stream: at an offset from the start,
// of an entry, in a channel, by a user.
type paste struct {
	at            time.Duration
	entry         string
	channel, user string
}

// incidentRig is a detector on a fake clock and an in-process Shared,
// recording the events it publishes.
type incidentRig struct {
	clock  *fakeClock
	shared *store.MemShared
	d      *detector
	start  time.Time
	events []IncidentEvent
	// firstActive is the offset at which each entry was first seen active.
	firstActive map[string]time.Duration
}

func newIncidentRig(cfg IncidentConfig) *incidentRig {
	clk := newFakeClock()
	r := &incidentRig{clock: clk, shared: store.NewMemShared(clk.now), start: clk.now(), firstActive: map[string]time.Duration{}}
	r.restart(cfg)
	return r
}

// restart replaces the detector with a new one on the same Shared, as a
// restarted process (or another replica) would be.
func (r *incidentRig) restart(cfg IncidentConfig) {
	r.d = newDetector(cfg, r.shared, r.clock.now, slog.New(slog.DiscardHandler), nil)
	r.d.subs = append(r.d.subs, func(ev IncidentEvent) { r.events = append(r.events, ev) })
}

// replay feeds the pastes (sorted by at) to the detector, sweeping every
// 30 seconds of fake time as RunIncidents would.
func (r *incidentRig) replay(ps []paste) {
	ctx := context.Background()
	nextSweep := r.clock.now().Sub(r.start) + incidentSweepEvery
	for _, p := range ps {
		for nextSweep <= p.at {
			r.clock.t = r.start.Add(nextSweep)
			r.d.sweep(ctx)
			nextSweep += incidentSweepEvery
		}
		r.clock.t = r.start.Add(p.at)
		req := Request{Platform: Discord, Channel: p.channel, User: p.user}
		if inc := r.d.observe(ctx, req, p.entry, []int{401}); inc != nil {
			if _, ok := r.firstActive[p.entry]; !ok {
				r.firstActive[p.entry] = p.at
			}
		}
	}
}

// idle advances the clock by d, sweeping every 30 seconds.
func (r *incidentRig) idle(d time.Duration) {
	for end := r.clock.now().Add(d); r.clock.now().Before(end); {
		r.clock.advance(incidentSweepEvery)
		r.d.sweep(context.Background())
	}
}

// wantAlerts fails the test unless the rig published starts start and
// ends end alerts.
func (r *incidentRig) wantAlerts(t *testing.T, when string, starts, ends int) {
	t.Helper()
	if s, e := r.count(); s != starts || e != ends {
		t.Errorf("%s: %d starts and %d ends, want %d and %d", when, s, e, starts, ends)
	}
}

// count counts the published start and end events.
func (r *incidentRig) count() (starts, ends int) {
	for _, ev := range r.events {
		if ev.Started {
			starts++
		} else {
			ends++
		}
	}
	return starts, ends
}

// burst is n answers of entry spread evenly over span from at, from
// distinct users cycling through channels.
func burst(at, span time.Duration, n int, entry string, channels int, tag string) []paste {
	var ps []paste
	for i := range n {
		ps = append(ps, paste{
			at: at + span*time.Duration(i)/time.Duration(max(n, 1)), entry: entry,
			channel: fmt.Sprintf("%s-ch%d", tag, i%channels), user: fmt.Sprintf("%s-u%d", tag, i),
		})
	}
	return ps
}

// merge joins streams ordered by time.
func merge(streams ...[]paste) []paste {
	var out []paste
	for _, s := range streams {
		out = append(out, s...)
	}
	sortPastes(out)
	return out
}

func sortPastes(ps []paste) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].at < ps[j-1].at; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func TestIncidentDetection(t *testing.T) {
	tests := []struct {
		name       string
		stream     []paste
		wantStarts int
	}{
		{"quiet server: 12 from 4 channels in a minute", burst(time.Hour, time.Minute, 12, entry401, 4, "a"), 1},
		{"quiet server: 12 from one channel in a minute", burst(time.Hour, time.Minute, 12, entry401, 1, "a"), 0},
		{"noisy channel: 40 people in one channel", burst(time.Hour, 5*time.Minute, 40, entry401, 1, "a"), 0},
		{"two channels only", burst(time.Hour, 5*time.Minute, 40, entry401, 2, "a"), 0},
		{"9 answers from 9 channels (below N)", burst(time.Hour, 5*time.Minute, 9, entry401, 9, "a"), 0},
		{"12 from 4 channels spread over an hour", burst(time.Hour, time.Hour, 12, entry401, 4, "a"), 0},
		{"steady trickle: one every 3 minutes for 3 days, 20 channels", burst(0, 72*time.Hour, 72*20, entry401, 20, "t"), 0},
		{"two entries at once", merge(burst(time.Hour, 2*time.Minute, 15, entry401, 5, "a"), burst(time.Hour, 2*time.Minute, 15, entry429, 5, "b")), 2},
		{"trickle then a spread burst", merge(burst(0, 48*time.Hour, 48*20, entry401, 20, "t"), burst(40*time.Hour, 5*time.Minute, 30, entry401, 6, "b")), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newIncidentRig(IncidentConfig{})
			r.replay(tt.stream)
			starts, _ := r.count()
			if starts != tt.wantStarts {
				t.Errorf("%d incidents started, want %d (events %+v)", starts, tt.wantStarts, r.events)
			}
			r.idle(30 * time.Minute)
			if active, _ := r.d.list(); len(active) != 0 {
				t.Errorf("half an hour after the last answer, %d incidents are still active: %+v", len(active), active)
			}
			if starts, ends := r.count(); ends != starts {
				t.Errorf("%d starts but %d ends", starts, ends)
			}
		})
	}
}

// TestIncidentDetectedFast checks a spread burst is seen within two
// minutes of its start, over a busier background, and that it ends.
func TestIncidentDetectedFast(t *testing.T) {
	tests := []struct {
		name       string
		background int // answers of the entry per hour before the burst
		perMinute  int // answers per minute in the burst
	}{
		{"quiet", 2, 8},
		{"usual", 12, 8},
		{"busy", 30, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newIncidentRig(IncidentConfig{})
			at := 30 * time.Hour
			bg := burst(0, 36*time.Hour, 36*tt.background, entry401, 25, "bg")
			b := burst(at, 20*time.Minute, 20*tt.perMinute, entry401, 12, "burst")
			r.replay(merge(bg, b))
			got, ok := r.firstActive[entry401]
			switch {
			case !ok:
				t.Fatalf("no incident; events %+v", r.events)
			case got < at:
				t.Fatalf("incident at %v, before the burst at %v", got, at)
			case got-at > 2*time.Minute:
				t.Errorf("detected %v after the burst started, want within 2m", got-at)
			}
			t.Logf("detected %v after the burst started", got-at)
			// The background runs 6 hours past the 20-minute burst.
			r.wantAlerts(t, "after the replay", 1, 1)
		})
	}
}

// TestIncidentSurvivesRestart checks a new detector on the same Shared
// adopts an incident without a second start alert, and ends it once.
func TestIncidentSurvivesRestart(t *testing.T) {
	r := newIncidentRig(IncidentConfig{})
	r.replay(burst(time.Hour, 2*time.Minute, 15, entry401, 5, "a"))
	if starts, _ := r.count(); starts != 1 {
		t.Fatalf("%d starts before the restart, want 1", starts)
	}
	r.restart(IncidentConfig{})
	// Nine minutes later one more person: the window holds 8 answers,
	// below the bar of 10 that starts an incident but above the 5 that
	// ends one, so the new detector must adopt the open incident.
	r.replay(burst(time.Hour+11*time.Minute, time.Second, 1, entry401, 1, "b"))
	active, _ := r.d.list()
	if len(active) != 1 || active[0].EntryID != entry401 {
		t.Fatalf("after the restart active = %+v, want the 401 incident", active)
	}
	if n := active[0].Answers; n < 5 || n >= 10 {
		t.Errorf("the adopted incident counts %d answers, want the shared count (8)", n)
	}
	r.wantAlerts(t, "after the restart", 1, 0)
	r.idle(30 * time.Minute)
	r.wantAlerts(t, "after the incident", 1, 1)
}

// TestIncidentHysteresis checks an incident holds while the window stays
// above half the bar and ends below it.
func TestIncidentHysteresis(t *testing.T) {
	r := newIncidentRig(IncidentConfig{})
	r.replay(burst(time.Hour, time.Minute, 12, entry401, 4, "a"))
	// Six more over the next 9 minutes: the window slides past the first
	// burst, but holds 6 or more, above half the bar (5).
	r.replay(burst(time.Hour+2*time.Minute, 8*time.Minute, 6, entry401, 3, "b"))
	r.clock.t = r.start.Add(time.Hour + 11*time.Minute + 30*time.Second)
	r.d.sweep(context.Background())
	if active, _ := r.d.list(); len(active) != 1 {
		t.Fatalf("with 6 answers in the window the incident ended: %+v", r.events)
	}
	r.idle(10 * time.Minute)
	if active, _ := r.d.list(); len(active) != 0 {
		t.Errorf("with an empty window the incident is still active")
	}
	_, recent := r.d.list()
	if len(recent) != 1 || recent[0].Peak < 12 || recent[0].Ended.IsZero() {
		t.Errorf("recent = %+v, want one ended incident with a peak of 12 or more", recent)
	}
}

// TestIncidentRepeatsCountOnce checks a person pasting again and again in
// their channel counts once per window (a requester is platform, channel
// and user).
func TestIncidentRepeatsCountOnce(t *testing.T) {
	r := newIncidentRig(IncidentConfig{})
	var ps []paste
	for i := range 40 {
		ps = append(ps, paste{at: time.Hour + time.Duration(i)*time.Second, entry: entry401, channel: fmt.Sprintf("c%d", i%3), user: fmt.Sprintf("u%d", i%3)})
	}
	r.replay(ps)
	if starts, _ := r.count(); starts != 0 {
		t.Errorf("3 people pasting 40 times raised %d incidents", starts)
	}
}

// TestIncidentOff checks a detector turned off counts nothing.
func TestIncidentOff(t *testing.T) {
	r := newIncidentRig(IncidentConfig{Off: true})
	r.replay(burst(time.Hour, time.Minute, 30, entry401, 10, "a"))
	if starts, _ := r.count(); starts != 0 {
		t.Errorf("detection off raised %d incidents", starts)
	}
}
