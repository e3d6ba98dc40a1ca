package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/orfix/orfix/bot"
)

// maxAckPayload keeps a Socket Mode acknowledgement under Slack's 20 KB,
// envelope included; a larger answer goes to response_url instead.
const maxAckPayload = 19 << 10

// runSocket runs Socket Mode until ctx is done, reconnecting with backoff
// when the connection cannot be opened (slack-go already retries transient
// failures; this covers the ones it gives up on, such as a revoked token).
func (a *Adapter) runSocket(ctx context.Context) {
	api := a.api
	if api == nil {
		// OAuth installs only: the app-level token opens the connection,
		// and each payload is answered with its own workspace's token.
		api = slackapi.New("", append(a.apiOptions()[:len(a.apiOpts):len(a.apiOpts)], slackapi.OptionAppLevelToken(a.cfg.AppToken))...)
	}
	client := socketmode.New(api, socketmode.OptionLog(logBridge{a.log}))
	a.mu.Lock()
	a.socket = client
	a.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.socketLoop(ctx, client)
	}()
	wait := a.backoffMin
	for ctx.Err() == nil {
		err := client.RunContext(ctx)
		a.setSocket(false)
		if ctx.Err() != nil {
			break
		}
		a.log.WarnContext(ctx, "slack: Socket Mode stopped; reconnecting", "retry_in", wait, "err", bot.SafeError(err))
		t := time.NewTimer(jitter(wait))
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		wait = min(2*wait, a.backoffMax)
	}
	<-done
}

// socketLoop reads the Socket Mode client's events until ctx is done.
func (a *Adapter) socketLoop(ctx context.Context, c *socketmode.Client) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-c.Events:
			a.socketEvent(ctx, c, evt)
		}
	}
}

// socketEvent acknowledges one envelope and hands its work on, exactly as
// the HTTP handlers do; connection events only update readiness.
func (a *Adapter) socketEvent(ctx context.Context, c *socketmode.Client, evt socketmode.Event) {
	defer a.recovered("socket " + string(evt.Type))
	switch evt.Type {
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		a.setSocket(true)
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth, socketmode.EventTypeDisconnect:
		a.setSocket(false)
		a.log.WarnContext(ctx, "slack: Socket Mode connection", "event", evt.Type)
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse: acknowledge it anyway, since a
		// redelivery would fail the same way.
		a.log.WarnContext(ctx, "slack: Socket Mode envelope not understood", "event", evt.Type)
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env socketmode.Request
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(c, &env, nil)
			}
		}
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.log.WarnContext(ctx, "slack: Socket Mode error", "event", evt.Type)
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || evt.Request == nil {
			return
		}
		// Not acknowledged when too busy, so that Slack delivers it again.
		if a.dispatch(ev, strconv.Itoa(evt.Request.RetryAttempt)) {
			a.ack(c, evt.Request, nil)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		// The answer may take up to the ack budget: not on the read loop.
		a.inflight.Go(func() {
			defer a.recovered("socket slash command")
			a.ackCommand(ctx, c, evt.Request, cmd.ResponseURL, a.command(ctx, cmd))
		})
	case socketmode.EventTypeInteractive:
		ic, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		if resp := a.interaction(ctx, ic); resp != nil {
			a.ack(c, evt.Request, resp)
			return
		}
		a.ack(c, evt.Request, nil)
	}
}

// ackCommand acknowledges a slash command with its answer when the answer
// fits in an acknowledgement, and otherwise acknowledges empty and posts the
// answer through response_url.
func (a *Adapter) ackCommand(ctx context.Context, c *socketmode.Client, req *socketmode.Request, responseURL string, msg *slackapi.WebhookMessage) {
	if msg == nil {
		a.ack(c, req, nil)
		return
	}
	if b, err := json.Marshal(msg); err == nil && len(b) < maxAckPayload {
		a.ack(c, req, msg)
		return
	}
	a.ack(c, req, nil)
	a.respond(ctx, responseURL, msg)
}

// ackTimeout bounds queueing an acknowledgement: the queue only drains
// while connected, and Slack redelivers what is not acknowledged anyway.
const ackTimeout = 3 * time.Second

// ack acknowledges an envelope, with payload unless it is nil.
func (a *Adapter) ack(c *socketmode.Client, req *socketmode.Request, payload any) {
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	if err := c.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
		a.log.Error("slack: Socket Mode ack failed", "envelope", req.EnvelopeID, "err", bot.SafeError(err))
	}
}

// socketClient is the Socket Mode client, once Run has made it.
func (a *Adapter) socketClient() *socketmode.Client {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.socket
}

func (a *Adapter) setSocket(up bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.socketUp = up
}

// logBridge sends slack-go's debug logging (off unless its debug option is
// set, which orfix never does) to slog at debug level.
type logBridge struct{ log *slog.Logger }

// Output implements slack-go's logger interface.
func (l logBridge) Output(_ int, s string) error {
	l.log.Debug("slack-go", "msg", strings.TrimSpace(s))
	return nil
}
