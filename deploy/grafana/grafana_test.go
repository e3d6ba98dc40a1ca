// Package grafana holds the Grafana dashboard for orfix's Prometheus
// metrics; its test checks the dashboard against what orfix exports.
package grafana

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/orfix/orfix/adapters/web"
	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// dashboard is the part of the Grafana JSON the test reads.
type dashboard struct {
	Title  string `json:"title"`
	UID    string `json:"uid"`
	Panels []struct {
		ID      int    `json:"id"`
		Title   string `json:"title"`
		Type    string `json:"type"`
		GridPos struct {
			X, Y, W, H int
		} `json:"gridPos"`
		Targets []struct {
			Expr  string `json:"expr"`
			RefID string `json:"refId"`
		} `json:"targets"`
	} `json:"panels"`
}

// exportedNames scrapes GET /metrics of the real web adapter over a
// registry set up as orfix serve sets it up, after touching every bot
// series once (a labelled series appears only once it has a value).
func exportedNames(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := bot.NewMetrics(reg)
	m.Answers.WithLabelValues("e", "explicit", "discord").Inc()
	m.Unmatched.WithLabelValues("discord").Inc()
	m.Secrets.WithLabelValues("openrouter").Inc()
	m.Feedback.WithLabelValues("fixed").Inc()
	m.Latency.WithLabelValues("discord", "explicit").Observe(0.001)
	m.Reloaded(true)
	bot.RegisterStore(reg, fakeStatus{})

	srv := web.New(bot.New(testutil.DefaultKB(t), bot.Config{}), reg, nil, nil)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: %d", rec.Code)
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(rec.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name := line[:strings.IndexAny(line, "{ ")]
		names[name] = true
	}
	return names
}

type fakeStatus struct{}

func (fakeStatus) Dropped() int64 { return 0 }
func (fakeStatus) Queued() int    { return 0 }
func (fakeStatus) Written() int64 { return 0 }

// metricRef is an identifier in PromQL that names a series of orfix, Go
// or the process (functions, keywords and label names do not start so).
var metricRef = regexp.MustCompile(`\b(?:orfix|go|process)_[a-zA-Z0-9_:]*`)

// labelMatchers are the {...} parts of an expression, where label values
// could look like metric names.
var labelMatchers = regexp.MustCompile(`\{[^}]*\}`)

func TestDashboardNamesOnlyExportedMetrics(t *testing.T) {
	data, err := os.ReadFile("orfix.json")
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("orfix.json does not parse: %v", err)
	}
	if d.Title == "" || d.UID == "" || len(d.Panels) == 0 {
		t.Fatalf("dashboard without title, uid or panels: %q %q %d", d.Title, d.UID, len(d.Panels))
	}
	exported := exportedNames(t)
	for _, want := range []string{"orfix_answers_total", "orfix_handle_seconds_bucket", "orfix_store_queued", "go_goroutines"} {
		if !exported[want] {
			t.Fatalf("the scrape lacks %s: the name collection is broken", want)
		}
	}
	ids := map[int]bool{}
	used := map[string]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d used twice", p.ID)
		}
		ids[p.ID] = true
		if p.GridPos.W <= 0 || p.GridPos.H <= 0 || p.GridPos.X+p.GridPos.W > 24 {
			t.Errorf("panel %q: grid position %+v", p.Title, p.GridPos)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, q := range p.Targets {
			refs := metricRef.FindAllString(labelMatchers.ReplaceAllString(q.Expr, "{}"), -1)
			if len(refs) == 0 {
				t.Errorf("panel %q, query %s names no metric: %s", p.Title, q.RefID, q.Expr)
			}
			if strings.Count(q.Expr, "(") != strings.Count(q.Expr, ")") || strings.Count(q.Expr, "{") != strings.Count(q.Expr, "}") {
				t.Errorf("panel %q, query %s: unbalanced brackets: %s", p.Title, q.RefID, q.Expr)
			}
			for _, r := range refs {
				used[r] = true
				if !exported[r] {
					t.Errorf("panel %q, query %s names %s, which orfix does not export", p.Title, q.RefID, r)
				}
			}
		}
	}
	// Every orfix series has a panel.
	for name := range exported {
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
		if !strings.HasPrefix(name, "orfix_") {
			continue
		}
		if !slices.ContainsFunc(keys(used), func(u string) bool { return strings.HasPrefix(u, base) }) {
			t.Errorf("no panel shows %s", name)
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
