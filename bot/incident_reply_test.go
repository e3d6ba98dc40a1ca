package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	ktestutil "github.com/orfix/orfix/internal/testutil"
)

// TestIncidentReply checks what a reply says during an incident: the
// incident line first, no fix that makes a new key, the JSON field, the
// metrics and the alerts; and nothing of it before or after.
func TestIncidentReply(t *testing.T) {
	clk := newFakeClock()
	reg := prometheus.NewRegistry()
	b := New(ktestutil.DefaultKB(t), Config{}, WithClock(clk.now), WithMetrics(NewMetrics(reg)))
	var events []IncidentEvent
	b.OnIncident(func(ev IncidentEvent) { events = append(events, ev) })
	ask := func(i int) Reply {
		t.Helper()
		r, err := b.Handle(context.Background(), Request{Platform: Slack, Mode: Explicit, Channel: fmt.Sprintf("c%d", i%4), User: fmt.Sprintf("u%d", i), Text: userNotFound})
		if err != nil || r.Entry == nil || r.Entry.ID != entry401 {
			t.Fatalf("Handle = %v, %v; want the 401 entry", r.Entry, err)
		}
		return r
	}
	newKey := func(fixes []string) bool {
		for _, f := range fixes {
			if strings.Contains(strings.ToLower(f), "new key") {
				return true
			}
		}
		return false
	}

	first := ask(0)
	if first.Incident != nil || strings.HasPrefix(first.Lead(), IncidentLine) {
		t.Fatalf("the first paste already reports an incident: %+v", first.Incident)
	}
	if !newKey(first.Fixes) {
		t.Fatalf("outside an incident the 401 fixes should include a new key (the test relies on it): %q", first.Fixes)
	}
	if js, _ := json.Marshal(NewMatchJSON(first)); !strings.Contains(string(js), `"incident":null`) {
		t.Errorf("JSON outside an incident: %s", js)
	}
	var r Reply
	for i := 1; i < 12; i++ {
		clk.advance(5 * time.Second)
		r = ask(i)
	}
	if r.Incident == nil {
		t.Fatalf("12 pastes from 4 channels in a minute: no incident")
	}
	if !strings.HasPrefix(r.Lead(), IncidentLine+"\n") {
		t.Errorf("Lead = %q, want it to start with the incident line", r.Lead())
	}
	if newKey(r.Fixes) || len(r.Fixes) == 0 {
		t.Errorf("fixes during an incident = %q, want some, none making a new key", r.Fixes)
	}
	if text := RenderText(r, ""); !strings.Contains(text, IncidentLine) {
		t.Errorf("the text reply leaves out the incident line:\n%s", text)
	}
	js, _ := json.Marshal(NewMatchJSON(r))
	var got struct {
		Incident *struct {
			Entry    string    `json:"entry"`
			Started  time.Time `json:"started"`
			Answers  int       `json:"answers"`
			Channels int       `json:"channels"`
		} `json:"incident"`
	}
	if err := json.Unmarshal(js, &got); err != nil || got.Incident == nil {
		t.Fatalf("JSON %s: %v", js, err)
	}
	if inc := got.Incident; inc.Entry != entry401 || inc.Answers < 10 || inc.Channels != 4 || inc.Started.IsZero() {
		t.Errorf("JSON incident = %+v", inc)
	}
	if v := testutil.ToFloat64(b.metrics.IncidentsActive.WithLabelValues(entry401)); v != 1 {
		t.Errorf("orfix_incidents_active = %v, want 1", v)
	}
	if len(events) != 1 || !events[0].Started {
		t.Errorf("events = %+v, want one start", events)
	}
	// A second ask by someone who already asked changes nothing.
	if again := ask(3); again.Incident == nil {
		t.Errorf("a repeat paste during the incident lost the incident")
	}

	clk.advance(15 * time.Minute)
	b.CheckIncidents(context.Background())
	if after := ask(100); after.Incident != nil || !newKey(after.Fixes) {
		t.Errorf("after the incident: incident %+v, fixes %q", after.Incident, after.Fixes)
	}
	active, recent := b.Incidents()
	if len(active) != 0 || len(recent) != 1 || recent[0].EntryID != entry401 {
		t.Errorf("Incidents() = %+v, %+v; want none active, one recent", active, recent)
	}
	if v := testutil.ToFloat64(b.metrics.IncidentsActive.WithLabelValues(entry401)); v != 0 {
		t.Errorf("orfix_incidents_active = %v after the end, want 0", v)
	}
	if v := testutil.ToFloat64(b.metrics.Incidents.WithLabelValues(entry401)); v != 1 {
		t.Errorf("orfix_incidents_total = %v, want 1", v)
	}
	if len(events) != 2 || events[1].Started || events[1].Incident.Ended.IsZero() {
		t.Errorf("events = %+v, want a start then an end", events)
	}
}

func TestIncidentFixesFilter(t *testing.T) {
	tests := []struct {
		fix  string
		drop bool
	}{
		{"Create a new key at https://openrouter.ai/settings/keys, copy it", true},
		{"Or create a new key with a higher limit, put it in the tool", true},
		{"Rotate the key and update the tool", true},
		{"Make a new API key and paste it", true},
		{"Test the key outside your tool: `curl ...`", false},
		{"If every key and tool failed at the same moment, check https://status.openrouter.ai", false},
		{"After a tool upgrade, enter the key again", false},
	}
	for _, tt := range tests {
		if got := replacesKey(tt.fix); got != tt.drop {
			t.Errorf("replacesKey(%q) = %v, want %v", tt.fix, got, tt.drop)
		}
	}
}

func TestIncidentEventText(t *testing.T) {
	start := time.Date(2026, 2, 17, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name string
		ev   IncidentEvent
		want []string
	}{
		{"traffic start", IncidentEvent{Started: true, Incident: Incident{EntryID: entry401, Started: start, Answers: 14, Channels: 5, Baseline: 1, Source: SourceTraffic}},
			[]string{"14 people in 5 channels", entry401, "status.openrouter.ai"}},
		{"traffic end", IncidentEvent{Incident: Incident{EntryID: entry401, Started: start, Ended: start.Add(47 * time.Minute), Peak: 60, Source: SourceTraffic}},
			[]string{"Incident over", "14:05 UTC", "47m0s", "peak 60"}},
		{"status page start", IncidentEvent{Started: true, Incident: Incident{Started: start, Source: SourceStatusPage, Status: "Partial System Outage"}},
			[]string{"status page (Partial System Outage)", "401 and 5xx"}},
	}
	for _, tt := range tests {
		got := tt.ev.Text()
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: Text() = %q, want it to contain %q", tt.name, got, w)
			}
		}
	}
}
