package slack

import (
	"context"
	"errors"
	"net/http"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// Retries: an answer or a leak warning that Slack refuses with 429 (rate
// limited) or a 5xx is sent again, after the Retry-After Slack asks for or
// a doubling backoff, within a bounded number of attempts and a bounded
// total time. Other failures are final.

// Defaults of the retry policy (see WithRetry).
const (
	// DefaultRetryAttempts is the most attempts of one call, the first
	// included.
	DefaultRetryAttempts = 4
	// DefaultRetryBudget bounds the time spent on one call, waits
	// included: a wait that would end past it is not made.
	DefaultRetryBudget = 20 * time.Second
	// DefaultRetryFirst is the first backoff after a 5xx; it doubles.
	DefaultRetryFirst = 500 * time.Millisecond
)

// retryPolicy bounds the retries of one call.
type retryPolicy struct {
	attempts int
	budget   time.Duration
	first    time.Duration
}

// defaultRetry is the policy of a new adapter.
func defaultRetry() retryPolicy {
	return retryPolicy{attempts: DefaultRetryAttempts, budget: DefaultRetryBudget, first: DefaultRetryFirst}
}

// WithRetry sets the most attempts of one Web API call, the total time
// they may take and the first backoff after a 5xx (defaults 4, 20 s,
// 500 ms). attempts 1 turns retries off.
func WithRetry(attempts int, budget, first time.Duration) Option {
	return func(a *Adapter) { a.retry = retryPolicy{attempts: max(attempts, 1), budget: budget, first: first} }
}

// backoff is how long to wait before trying again after err (the n-th
// wait, from 0), and false when err is not worth another try.
func (p retryPolicy) backoff(err error, n int) (time.Duration, bool) {
	var rl *slackapi.RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter, true
	}
	var sc slackapi.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= http.StatusInternalServerError {
		return p.first << n, true
	}
	return 0, false
}

// do runs call until it succeeds, fails for good, or the attempts or the
// time budget run out; it returns the last error. what names the call in
// the log.
func (p retryPolicy) do(ctx context.Context, a *Adapter, what string, call func(context.Context) error) error {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		wait, ok := p.backoff(err, attempt-1)
		if !ok || attempt >= p.attempts || time.Since(start)+wait > p.budget {
			return err
		}
		a.log.WarnContext(ctx, "slack: call failed, retrying", "call", what, "attempt", attempt, "retry_in", wait, "err", bot.SafeError(err))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// errNoToken is a post without a bot token for the payload's workspace.
var errNoToken = errors.New("no bot token for this workspace")

// postMessage is chat.postMessage with retries.
func (a *Adapter) postMessage(ctx context.Context, channel string, opts ...slackapi.MsgOption) error {
	if a.client(ctx) == nil {
		return errNoToken
	}
	return a.retry.do(ctx, a, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := a.client(ctx).PostMessageContext(ctx, channel, opts...)
		return err
	})
}

// postEphemeral is chat.postEphemeral with retries.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user string, opts ...slackapi.MsgOption) error {
	if a.client(ctx) == nil {
		return errNoToken
	}
	return a.retry.do(ctx, a, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := a.client(ctx).PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}
