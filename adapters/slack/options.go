package slack

import (
	"net/http"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// Defaults of the adapter's options.
const (
	// DefaultAckBudget is how long a slash command may take before it is
	// acknowledged empty and answered through response_url instead; Slack
	// gives up after 3 seconds, and the network needs part of them.
	DefaultAckBudget = 2 * time.Second
	// DefaultEventTimeout bounds the work done for one event.
	DefaultEventTimeout = 30 * time.Second
	// DefaultMaxBody is the largest request body accepted from Slack.
	DefaultMaxBody = 1 << 20
	// DefaultMaxInflight bounds the events processed at the same time.
	DefaultMaxInflight = 64
	// DefaultDedupeTTL is how long an event id is remembered; Slack retries
	// a delivery at most three times, the last about 5 minutes later.
	DefaultDedupeTTL = 15 * time.Minute
	// DefaultDedupeSize bounds the remembered event ids.
	DefaultDedupeSize = 20000
)

// Option configures an Adapter.
type Option func(*Adapter)

// WithHTTPClient sets the client used for the Slack Web API, response_url
// posts and file downloads (default: a client with a 10 s timeout).
func WithHTTPClient(c *http.Client) Option { return func(a *Adapter) { a.http = c } }

// WithAckBudget sets how long a slash command may take before it is answered
// through response_url instead of the acknowledgement.
func WithAckBudget(d time.Duration) Option { return func(a *Adapter) { a.ackBudget = d } }

// WithAuthBackoff sets the first and the longest wait between auth.test
// attempts (defaults 1 s and 5 min).
func WithAuthBackoff(first, longest time.Duration) Option {
	return func(a *Adapter) { a.backoffMin, a.backoffMax = first, longest }
}

// WithEventTimeout bounds the work done for one event.
func WithEventTimeout(d time.Duration) Option { return func(a *Adapter) { a.eventTimeout = d } }

// WithFileHosts adds hosts the bot token may be sent to when fetching a file
// or posting to a response_url (Slack's own hosts are always allowed).
func WithFileHosts(hosts ...string) Option {
	return func(a *Adapter) { a.hosts = append(a.hosts, hosts...) }
}

// WithShared also de-duplicates events in s, so a retry delivered to
// another replica is not answered twice (default: this process only).
func WithShared(s store.Shared) Option { return func(a *Adapter) { a.shared = s } }
