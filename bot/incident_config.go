package bot

import "time"

// IncidentConfig tunes incident detection: when many people in many
// channels hit the same entry at once, the bot says it is probably
// OpenRouter, not them. The zero value of a field means its default.
type IncidentConfig struct {
	// Off turns detection (and the status page poll) off.
	Off bool `yaml:"off"`
	// Window is the sliding window answers are counted in.
	Window time.Duration `yaml:"window"`
	// Answers is the least number of distinct requesters in the window
	// that starts an incident.
	Answers int `yaml:"answers"`
	// Channels is the least number of distinct channels (communities; a
	// web or API client counts as its own) among them.
	Channels int `yaml:"channels"`
	// Factor is how many times the entry's baseline rate the window must
	// hold.
	Factor float64 `yaml:"factor"`
	// Baseline is the span the entry's usual rate is measured over.
	Baseline time.Duration `yaml:"baseline"`
	// BaselineFloor is the least baseline, in answers per window, so a
	// quiet server's baseline is never zero.
	BaselineFloor float64 `yaml:"baseline_floor"`
	// StatusURL is an optional status page JSON (a Statuspage
	// api/v2/status.json or summary.json); a declared incident there
	// counts as one for the entries it plausibly affects (401 and 5xx).
	StatusURL string `yaml:"status_url"`
	// StatusInterval is how often StatusURL is polled (at least 30s).
	StatusInterval time.Duration `yaml:"status_interval"`
}

// Defaults for IncidentConfig.
const (
	DefaultIncidentWindow        = 10 * time.Minute
	DefaultIncidentAnswers       = 10
	DefaultIncidentChannels      = 3
	DefaultIncidentFactor        = 5
	DefaultIncidentBaseline      = 24 * time.Hour
	DefaultIncidentBaselineFloor = 1
	DefaultStatusInterval        = time.Minute
	MinStatusInterval            = 30 * time.Second
)

// withDefaults fills every zero field with its default and bounds the
// status poll interval.
func (c IncidentConfig) withDefaults() IncidentConfig {
	if c.Window <= 0 {
		c.Window = DefaultIncidentWindow
	}
	if c.Answers <= 0 {
		c.Answers = DefaultIncidentAnswers
	}
	if c.Channels <= 0 {
		c.Channels = DefaultIncidentChannels
	}
	if c.Factor <= 0 {
		c.Factor = DefaultIncidentFactor
	}
	if c.Baseline <= c.Window {
		c.Baseline = max(DefaultIncidentBaseline, 2*c.Window)
	}
	if c.BaselineFloor <= 0 {
		c.BaselineFloor = DefaultIncidentBaselineFloor
	}
	if c.StatusInterval == 0 {
		c.StatusInterval = DefaultStatusInterval
	}
	c.StatusInterval = max(c.StatusInterval, MinStatusInterval)
	return c
}
