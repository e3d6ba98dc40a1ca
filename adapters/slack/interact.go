package slack

import (
	"context"
	"net/http"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// serveInteractivity answers POST /slack/interactivity: button clicks and
// the paste modal's submission.
func (a *Adapter) serveInteractivity(w http.ResponseWriter, r *http.Request, _ []byte) {
	ic, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	if resp := a.interaction(ic); resp != nil {
		writeJSON(w, resp)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// interaction acknowledges an interaction and does its work in the
// background. It returns the acknowledgement's payload, or nil for an empty
// one (which also closes a submitted modal).
func (a *Adapter) interaction(ic slackapi.InteractionCallback) *slackapi.ViewSubmissionResponse {
	switch ic.Type {
	case slackapi.InteractionTypeBlockActions:
		for _, act := range ic.ActionCallback.BlockActions {
			switch act.ActionID {
			case actionFixed, actionNotYet:
				a.spawn("feedback", func(ctx context.Context) { a.vote(ctx, ic, act) })
			case actionShare:
				a.spawn("share", func(ctx context.Context) { a.share(ctx, ic, act) })
			}
		}
	case slackapi.InteractionTypeViewSubmission:
		req, meta, ok := modalRequest(ic)
		if !ok {
			return nil
		}
		if strings.TrimSpace(req.Text) == "" {
			return slackapi.NewErrorsViewSubmissionResponse(map[string]string{modalBlock: "Paste an error first."})
		}
		a.spawn("modal", func(ctx context.Context) { a.submitModal(ctx, req, meta) })
	}
	return nil
}

// vote records "Fixed it" / "Not yet" and answers the voter privately.
func (a *Adapter) vote(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	req, ok := actionRequest(ic, act)
	if !ok {
		a.log.InfoContext(ctx, "slack: ignored a button with an unknown value", "action", act.ActionID)
		return
	}
	rep, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "slack: feedback failed", "entry", req.EntryID, "err", err)
		return
	}
	a.log.InfoContext(ctx, "slack: feedback", "entry", req.EntryID, "vote", req.Vote)
	msg := message(ephemeral, a.render.fallback(rep), a.render.answer(rep, look{}))
	a.respond(ctx, ic.ResponseURL, msg)
}

// share posts a private answer to the channel through the button's
// response_url, then removes the private copy. The shared message is built
// from the knowledge-base entry, never from the paste; the button is only
// offered when the paste held no secret.
func (a *Adapter) share(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	v, ok := parseActionValue(act.Value)
	if !ok {
		return
	}
	rep, ok := a.core.ReplyFor(v.ID, v.Tool)
	if !ok {
		a.respond(ctx, ic.ResponseURL, a.render.notice("That answer is no longer in the knowledge base."))
		return
	}
	msg := message(inChannel, a.render.fallback(rep), a.render.answer(rep, look{feedback: true, sharedBy: ic.User.ID}))
	a.respond(ctx, ic.ResponseURL, msg)
	a.respond(ctx, ic.ResponseURL, &slackapi.WebhookMessage{DeleteOriginal: true})
	a.log.InfoContext(ctx, "slack: shared an answer", "entry", rep.Entry.ID, "channel", interactionChannel(ic))
}

// submitModal answers the paste modal privately, through the slash
// command's response_url (or an ephemeral message when there is none).
func (a *Adapter) submitModal(ctx context.Context, req bot.Request, meta modalMeta) {
	msg := a.commandAnswer(ctx, req)
	if meta.ResponseURL != "" {
		a.respond(ctx, meta.ResponseURL, msg)
		return
	}
	if a.api == nil || meta.Channel == "" {
		return
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(msg.Text, false)}
	if msg.Blocks != nil {
		opts = append(opts, slackapi.MsgOptionBlocks(msg.Blocks.BlockSet...))
	}
	if _, err := a.api.PostEphemeralContext(ctx, meta.Channel, req.User, opts...); err != nil {
		a.log.ErrorContext(ctx, "slack: chat.postEphemeral failed", "channel", meta.Channel, "err", err)
	}
}
