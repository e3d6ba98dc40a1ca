package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	ktestutil "github.com/orfix/orfix/internal/testutil"
)

// evalEntries matches every paste of the eval sets (the repository's
// testdata/*/*.jsonl and, when present, the shared ../shared/eval sets)
// through the real knowledge base and returns the entry each answer names
// ("" for a paste the bot does not answer with an entry).
func evalEntries(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../testdata/*/*.jsonl")
	shared, _ := filepath.Glob("../../shared/eval/*.jsonl")
	files = append(files, shared...)
	if len(files) < 5 {
		t.Fatalf("found only %d eval files", len(files))
	}
	b := New(ktestutil.DefaultKB(t), Config{}, WithIncidents(IncidentConfig{Off: true}))
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			var c struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r, err := b.Handle(context.Background(), Request{Platform: Web, Mode: Explicit, Channel: "api", User: "eval", Text: c.Text})
			if err != nil {
				t.Fatal(err)
			}
			id := ""
			if r.Entry != nil && !r.Ambiguous {
				id = r.Entry.ID
			}
			out = append(out, id)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	t.Logf("%d pastes from %d files", len(out), len(files))
	return out
}

// normalWeek spreads perWeek answers of the pastes over a week: arrivals
// follow a day-and-night cycle (three times as many at the peak as at the
// trough), channels are picked with a skew (a few busy ones, many quiet
// ones) and users are reused, as on a real support server.
func normalWeek(rng *rand.Rand, entries []string, perWeek, channels, users int) []paste {
	const week = 7 * 24 * time.Hour
	mean := float64(week) / float64(perWeek)
	var ps []paste
	for at := time.Duration(0); ; {
		day := float64(at%(24*time.Hour)) / float64(24*time.Hour)
		rate := 1 + 0.5*math.Sin(2*math.Pi*day) // 0.5 .. 1.5
		at += time.Duration(rng.ExpFloat64() * mean / rate)
		if at >= week {
			return ps
		}
		e := entries[rng.IntN(len(entries))]
		if e == "" {
			continue
		}
		ch := int(float64(channels) * math.Pow(rng.Float64(), 2)) // skewed to low ids
		ps = append(ps, paste{at: at, entry: e, channel: fmt.Sprintf("ch%d", ch), user: fmt.Sprintf("u%d", rng.IntN(users))})
	}
}

// TestIncidentNormalWeek replays a week of normal traffic built from the
// eval sets and counts the incidents raised: the target is none, at a
// usual rate and at several times it.
func TestIncidentNormalWeek(t *testing.T) {
	if testing.Short() {
		t.Skip("matches every eval paste")
	}
	entries := evalEntries(t)
	tests := []struct {
		name               string
		perWeek            int
		channels, users    int
		wantAtMostIncident int // on average over the seeds
		seeds              int // weeks replayed, each with its own seed (0: one)
	}{
		{"a support server: 3,000 pastes a week", 3000, 20, 600, 0, 1},
		{"several communities: 10,000 a week", 10000, 60, 2500, 0, 1},
		{"a big deployment: 30,000 a week", 30000, 150, 8000, 0, 1},
		// At this rate an entry with a baseline near 2 a window reaches the
		// bar of 10 by chance at a daily peak: the defaults raise a few
		// false incidents (10-12 answers from 9-12 channels against a
		// baseline near 2). Which pastes count moves with the matcher
		// (torn replies ask instead of answering), so this row bounds the
		// known weakness rather than asserting none. One seed's count moves
		// by a few with any refit, so the row bounds the mean of four weeks.
		// Over twelve seeds a week raised about five on average with the
		// matchers of 2026-12 before this one (57 and 64 in all) and four
		// with the current one (46 for seeds 7 to 18).
		{"very big: 100,000 a week", 100000, 300, 25000, 6, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seeds := max(tt.seeds, 1)
			starts, answers := 0, 0
			var hit []string
			for seed := range seeds {
				rng := rand.New(rand.NewPCG(uint64(7+seed), uint64(tt.perWeek)))
				week := normalWeek(rng, entries, tt.perWeek, tt.channels, tt.users)
				r := newIncidentRig(IncidentConfig{})
				r.replay(week)
				r.idle(time.Hour)
				n, _ := r.count()
				starts += n
				answers += len(week)
				for _, ev := range r.events {
					if ev.Started {
						hit = append(hit, fmt.Sprintf("%s at %v (%d answers, %d channels, baseline %.1f)", ev.Incident.EntryID,
							ev.Incident.Started.Sub(r.start).Round(time.Minute), ev.Incident.Answers, ev.Incident.Channels, ev.Incident.Baseline))
					}
				}
			}
			t.Logf("%d answers, %d weeks replayed: %d incidents %v", answers, seeds, starts, hit)
			if starts > tt.wantAtMostIncident*seeds {
				t.Errorf("%d normal weeks raised %d incidents, want at most %d a week on average", seeds, starts, tt.wantAtMostIncident)
			}
		})
	}
}

// TestIncidentWeekWithOutage checks the same normal week with one spread
// outage in it raises exactly that incident, within two minutes.
func TestIncidentWeekWithOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("matches every eval paste")
	}
	entries := evalEntries(t)
	rng := rand.New(rand.NewPCG(11, 3))
	week := normalWeek(rng, entries, 10000, 60, 2500)
	at := 80*time.Hour + 17*time.Minute
	// Feb 2026: valid keys answered 401 "User not found." everywhere. Six
	// new people a minute: at the default bar of 10, detection takes
	// 10/6 of a minute (a slower burst takes bar/rate).
	outage := burst(at, 45*time.Minute, 270, entry401, 40, "outage")
	r := newIncidentRig(IncidentConfig{})
	r.replay(merge(week, outage))
	r.idle(time.Hour)
	starts, ends := r.count()
	got, ok := r.firstActive[entry401]
	if starts != 1 || ends != 1 || !ok || got < at || got-at > 2*time.Minute {
		t.Fatalf("starts %d, ends %d, first active at %v (outage at %v); events %+v", starts, ends, got, at, r.events)
	}
	t.Logf("outage detected %v after it started; it ended at %v", got-at, r.events[1].Incident.Ended.Sub(r.start.Add(at)).Round(time.Minute))
	if i := slices.IndexFunc(r.events, func(ev IncidentEvent) bool { return ev.Incident.EntryID != entry401 }); i >= 0 {
		t.Errorf("another incident: %+v", r.events[i])
	}
}
