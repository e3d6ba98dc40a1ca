package bot

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/orfix/orfix/bot/store"
)

// fakeStatusPage serves a settable body (or an error status).
type fakeStatusPage struct {
	mu     sync.Mutex
	body   string
	status int
}

func (f *fakeStatusPage) set(status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.body = status, body
}

func (f *fakeStatusPage) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.body))
}

const (
	statusNone     = `{"page":{"id":"x"},"status":{"indicator":"none","description":"All Systems Operational"}}`
	statusMajor    = `{"status":{"indicator":"major","description":"Partial System Outage"}}`
	summaryOpen    = `{"status":{"indicator":"none","description":"All Systems Operational"},"incidents":[{"name":"Elevated 401 errors","status":"investigating"}]}`
	summaryClosed  = `{"status":{"indicator":"none"},"incidents":[{"name":"Elevated 401 errors","status":"resolved"}]}`
	statusMaintain = `{"status":{"indicator":"maintenance","description":"Scheduled maintenance"}}`
)

func TestIncidentStatusPage(t *testing.T) {
	page := &fakeStatusPage{}
	srv := httptest.NewServer(page)
	defer srv.Close()
	clk := newFakeClock()
	d := newDetector(IncidentConfig{StatusURL: srv.URL}, store.NewMemShared(clk.now), clk.now, slog.New(slog.DiscardHandler), nil)
	var events []IncidentEvent
	d.subs = append(d.subs, func(ev IncidentEvent) { events = append(events, ev) })
	ctx := context.Background()

	steps := []struct {
		name       string
		status     int
		body       string
		wantErr    bool
		wantActive bool
		wantEvents int
	}{
		{"operational", http.StatusOK, statusNone, false, false, 0},
		{"maintenance is no incident", http.StatusOK, statusMaintain, false, false, 0},
		{"major outage", http.StatusOK, statusMajor, false, true, 1},
		{"still out: no second alert", http.StatusOK, statusMajor, false, true, 1},
		{"unreachable changes nothing", http.StatusBadGateway, "", true, true, 1},
		{"garbage changes nothing", http.StatusOK, "<html>", true, true, 1},
		{"resolved", http.StatusOK, statusNone, false, false, 2},
		{"summary with an open incident", http.StatusOK, summaryOpen, false, true, 3},
		{"summary with the incident resolved", http.StatusOK, summaryClosed, false, false, 4},
	}
	for _, st := range steps {
		page.set(st.status, st.body)
		clk.advance(DefaultIncidentWindow + 1) // each alert claim has expired
		err := d.pollStatus(ctx, srv.Client())
		if (err != nil) != st.wantErr {
			t.Errorf("%s: err = %v, want error %v", st.name, err, st.wantErr)
		}
		got401 := d.current(entry401, []int{401}) != nil
		got502 := d.current("openrouter-502-bad-gateway", []int{502, 503}) != nil
		got429 := d.current(entry429, []int{429}) != nil
		if got401 != st.wantActive || got502 != st.wantActive || got429 {
			t.Errorf("%s: active for 401 %v, 502 %v, 429 %v; want %v, %v, false", st.name, got401, got502, got429, st.wantActive, st.wantActive)
		}
		if len(events) != st.wantEvents {
			t.Errorf("%s: %d events, want %d", st.name, len(events), st.wantEvents)
		}
	}
	if _, recent := d.list(); len(recent) != 2 || recent[0].Source != SourceStatusPage {
		t.Errorf("recent = %+v, want the two status page incidents", recent)
	}
}

// TestIncidentStatusUnreachable checks a status page that does not answer
// in time (or at all) costs nothing but the poll.
func TestIncidentStatusUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	clk := newFakeClock()
	d := newDetector(IncidentConfig{StatusURL: url}, store.NewMemShared(clk.now), clk.now, slog.New(slog.DiscardHandler), nil)
	if err := d.pollStatus(context.Background(), http.DefaultClient); err == nil {
		t.Fatal("polling a closed server reported no error")
	}
	if d.current(entry401, []int{401}) != nil {
		t.Error("an unreachable status page declared an incident")
	}
}

func TestIncidentConfigDefaults(t *testing.T) {
	tests := []struct {
		in       IncidentConfig
		interval string
	}{
		{IncidentConfig{}, "1m0s"},
		{IncidentConfig{StatusInterval: 5e9}, "30s"},
		{IncidentConfig{StatusInterval: 120e9}, "2m0s"},
	}
	for _, tt := range tests {
		c := tt.in.withDefaults()
		if c.StatusInterval.String() != tt.interval || c.Answers != 10 || c.Channels != 3 || c.Factor != 5 || c.Window.String() != "10m0s" {
			t.Errorf("withDefaults(%+v) = %+v", tt.in, c)
		}
	}
}
