package bot

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus series, all prefixed "orfix_". A nil
// *Metrics counts nothing.
type Metrics struct {
	Answers   *prometheus.CounterVec
	Unmatched *prometheus.CounterVec
	Secrets   *prometheus.CounterVec
	Feedback  *prometheus.CounterVec
	Latency   *prometheus.HistogramVec
	Reloads   *prometheus.CounterVec
	// IncidentsActive and Incidents are per entry ("status-page" for the
	// status page's).
	IncidentsActive *prometheus.GaugeVec
	Incidents       *prometheus.CounterVec
}

// NewMetrics creates the series and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_answers_total", Help: "Replies given, by entry, mode and platform.",
		}, []string{"entry", "mode", "platform"}),
		Unmatched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_unmatched_total", Help: "Explicit requests no entry answered confidently.",
		}, []string{"platform"}),
		Secrets: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_secrets_found_total", Help: "Secrets found in pastes, by kind.",
		}, []string{"kind"}),
		Feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_feedback_total", Help: "Feedback votes, by vote.",
		}, []string{"vote"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "orfix_handle_seconds", Help: "Time to handle a request in the bot core.",
			Buckets: []float64{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25},
		}, []string{"platform", "mode"}),
		Reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_kb_reloads_total", Help: "Knowledge-base reloads, by result (ok or failed).",
		}, []string{"result"}),
		IncidentsActive: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "orfix_incidents_active", Help: "Incidents active now (1) or not (0), by entry.",
		}, []string{"entry"}),
		Incidents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "orfix_incidents_total", Help: "Incidents started, by entry.",
		}, []string{"entry"}),
	}
	reg.MustRegister(m.Answers, m.Unmatched, m.Secrets, m.Feedback, m.Latency, m.Reloads, m.IncidentsActive, m.Incidents)
	return m
}

func (m *Metrics) answer(req Request, r Reply, took time.Duration) {
	if m == nil {
		return
	}
	m.Latency.WithLabelValues(string(req.Platform), string(req.Mode)).Observe(took.Seconds())
	switch {
	case r.Silent:
	case r.Entry != nil:
		m.Answers.WithLabelValues(r.Entry.ID, string(req.Mode), string(req.Platform)).Inc()
	case req.Mode == Explicit:
		m.Unmatched.WithLabelValues(string(req.Platform)).Inc()
	}
}

func (m *Metrics) secrets(fs []Finding) {
	if m == nil {
		return
	}
	for _, f := range fs {
		m.Secrets.WithLabelValues(f.Kind).Inc()
	}
}

func (m *Metrics) feedback(v Vote) {
	if m == nil {
		return
	}
	m.Feedback.WithLabelValues(string(v)).Inc()
}

// Reloaded counts a knowledge-base reload.
func (m *Metrics) Reloaded(ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.Reloads.WithLabelValues(result).Inc()
}

// StoreStatus is what the store series read: the buffered store's
// counters (store.Buffered implements it).
type StoreStatus interface {
	// Dropped is how many records were lost.
	Dropped() int64
	// Queued is how many records wait to be written.
	Queued() int
	// Written is how many records were stored.
	Written() int64
}

// RegisterStore registers orfix_store_dropped_total,
// orfix_store_written_total and orfix_store_queued, read from s at each
// scrape.
func RegisterStore(reg prometheus.Registerer, s StoreStatus) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "orfix_store_dropped_total", Help: "Statistics records lost: queue full, retries given up, or left at shutdown.",
		}, func() float64 { return float64(s.Dropped()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "orfix_store_written_total", Help: "Statistics records stored.",
		}, func() float64 { return float64(s.Written()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "orfix_store_queued", Help: "Statistics records waiting to be written.",
		}, func() float64 { return float64(s.Queued()) }),
	)
}
