package slack

import (
	"context"
	"encoding/json"
	"net/http"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/orfix/orfix/bot"
)

// serveEvents answers POST /slack/events: the url_verification challenge,
// and event callbacks, acknowledged at once and processed after.
func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// A verified delivery orfix cannot use (an event type it does not
		// know, a malformed body): acknowledge it so Slack does not retry.
		// The error and the type would echo the sender's strings: neither is logged.
		a.log.InfoContext(r.Context(), "slack: ignored an event orfix cannot parse", "bytes", len(body))
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		ch, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if ch == nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(ch.Challenge))
	case slackevents.CallbackEvent:
		if !a.dispatch(ev, r.Header.Get("X-Slack-Retry-Num")) {
			// Too busy: a 503 makes Slack deliver it again later.
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

// dispatch hands an event callback to a goroutine, once per event_id: a
// retry of an event already taken is dropped. It returns false when the
// event could not be taken now (too many in flight).
func (a *Adapter) dispatch(ev slackevents.EventsAPIEvent, retry string) bool {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if cb == nil {
		return true
	}
	if !a.firstDelivery(cb.EventID) {
		a.log.Info("slack: dropped a repeated event", "event", cb.EventID, "retry", retry)
		return true
	}
	inner := ev.InnerEvent
	ok := a.spawn(context.Background(), "event "+inner.Type, func(ctx context.Context) {
		a.process(ctx, cb, inner)
	})
	if !ok {
		a.seen.forget(cb.EventID)
	}
	return ok
}

// process answers one event with the token of the event's workspace.
func (a *Adapter) process(ctx context.Context, cb *slackevents.EventsAPICallbackEvent, inner slackevents.EventsAPIInnerEvent) {
	switch e := inner.Data.(type) {
	case *slackevents.AppUninstalledEvent:
		a.forget(ctx, cb.TeamID, "app_uninstalled")
		return
	case *slackevents.TokensRevokedEvent:
		if len(e.Tokens.Bot) > 0 {
			a.forget(ctx, cb.TeamID, "tokens_revoked")
		}
		return
	}
	ctx = a.forTeam(ctx, cb.TeamID)
	if a.client(ctx) == nil {
		a.log.WarnContext(ctx, "slack: event ignored: no bot token to answer with", "event", cb.EventID, "team", a.ids.Hash(cb.TeamID))
		return
	}
	self := a.selfUser(ctx, cb)
	switch e := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		req, t, ok := mentionRequest(e, self)
		if !ok {
			return
		}
		req.Community, t.Team = cb.TeamID, cb.TeamID
		atts, notes := a.fetchFiles(ctx, e.Files)
		req.Attachments = atts
		a.answerMessage(ctx, cb.EventID, req, t, notes)
	case *slackevents.MessageEvent:
		req, t, ok := messageRequest(e, self)
		if !ok {
			return
		}
		req.Community, t.Team = cb.TeamID, cb.TeamID
		atts, notes := a.fetchFiles(ctx, messageFiles(e))
		req.Attachments = atts
		a.answerMessage(ctx, cb.EventID, req, t, notes)
	}
}

// selfUser is the bot's user id: the installed workspace's, or from
// auth.test, or else from the event's authorizations.
func (a *Adapter) selfUser(ctx context.Context, cb *slackevents.EventsAPICallbackEvent) string {
	if ws := a.workspace(ctx); ws != nil && ws.botUser != "" {
		return ws.botUser
	}
	if ws := a.workspace(ctx); ws == a.single {
		if id := a.identity().UserID; id != "" {
			return id
		}
	}
	for _, au := range cb.Authorizations {
		if au.IsBot {
			return au.UserID
		}
	}
	return ""
}

// answerMessage answers a channel message or mention: in a thread, or, when
// the message leaked a secret, privately with the warning.
func (a *Adapter) answerMessage(ctx context.Context, eventID string, req bot.Request, t target, notes []string) {
	rep, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "slack: the bot could not handle a message", "event", eventID, "err", bot.SafeError(err))
	}
	if rep.Reason == bot.ReasonNotWatched {
		// Not answered here, but a leaked key is flagged in every channel.
		if fs := scanRequest(req); len(fs) > 0 {
			a.leaked(ctx, t, fs, nil)
		}
		return
	}
	rep.Notes = append(rep.Notes, notes...)
	if rep.HasSecrets() {
		a.leaked(ctx, t, rep.Secrets, &rep)
		return
	}
	if rep.Silent {
		a.log.DebugContext(ctx, "slack: silent", "event", eventID, "reason", rep.Reason)
		return
	}
	blocks := a.render.answer(rep, look{feedback: rep.Entry != nil, asker: t.User})
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(a.render.fallback(rep), false), slackapi.MsgOptionBlocks(blocks...)}
	ts := t.thread()
	if !a.settings(ctx, t.Team).Threads {
		ts = t.ThreadTS // threads off: a message at top level is answered there
	}
	if ts != "" {
		opts = append(opts, slackapi.MsgOptionTS(ts))
	}
	if err := a.postMessage(ctx, t.Channel, opts...); err != nil {
		a.log.ErrorContext(ctx, "slack: chat.postMessage failed", "event", eventID, "channel", a.ids.Hash(t.Channel), "err", bot.SafeError(err))
		return
	}
	a.log.InfoContext(ctx, "slack: answered", "event", eventID, "entry", entryID(rep), "level", rep.Level, "confidence", rep.Confidence)
}

// scanRequest finds the secrets in a request's text and attachments.
func scanRequest(req bot.Request) []bot.Finding {
	text := req.Text
	for _, at := range req.Attachments {
		text += "\n" + at.Text
	}
	return bot.ScanSecrets(text)
}

// entryID is the id of the entry a reply answers with, or "".
func entryID(rep bot.Reply) string {
	if rep.Entry == nil {
		return ""
	}
	return rep.Entry.ID
}
