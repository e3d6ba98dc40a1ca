package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/orfix/orfix/bot"
)

// Ready reports whether the adapter can talk to Slack: auth.test has
// succeeded (when there is a bot token) and Socket Mode is connected (when
// there is an app token). It is meant for /readyz.
func (a *Adapter) Ready() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.api == nil {
		// No bot token of its own (OAuth installs only): just the socket.
		if a.cfg.AppToken != "" && !a.socketUp {
			return errors.New("slack: Socket Mode is not connected")
		}
		return nil
	}
	switch {
	case a.self.UserID == "" && a.authErr != nil:
		return fmt.Errorf("slack: auth.test failed: %w", a.authErr)
	case a.self.UserID == "":
		return errors.New("slack: auth.test has not succeeded yet")
	case a.cfg.AppToken != "" && !a.socketUp:
		return errors.New("slack: Socket Mode is not connected")
	}
	return nil
}

// identity returns the bot's own ids (empty before auth.test succeeded).
func (a *Adapter) identity() identity {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.self
}

// authLoop calls auth.test until it succeeds or ctx is done.
func (a *Adapter) authLoop(ctx context.Context) {
	wait := a.backoffMin
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		res, err := a.api.AuthTestContext(actx)
		cancel()
		if err == nil {
			a.mu.Lock()
			a.self, a.authErr = identity{UserID: res.UserID, BotID: res.BotID, TeamID: res.TeamID}, nil
			a.mu.Unlock()
			a.log.InfoContext(ctx, "slack: authenticated", "team", a.ids.Hash(res.TeamID), "bot_user", a.ids.Hash(res.UserID), "attempt", attempt)
			return
		}
		if ctx.Err() != nil {
			return
		}
		a.mu.Lock()
		a.authErr = err
		a.mu.Unlock()
		a.log.WarnContext(ctx, "slack: auth.test failed; retrying", "attempt", attempt, "retry_in", wait, "err", bot.SafeError(err))
		t := time.NewTimer(jitter(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(2*wait, a.backoffMax)
	}
}

// jitter spreads d over [d/2, d) so that replicas do not retry in step.
func jitter(d time.Duration) time.Duration {
	if d < 2 {
		return d
	}
	return d/2 + time.Duration(time.Now().UnixNano()%int64(d/2))
}
