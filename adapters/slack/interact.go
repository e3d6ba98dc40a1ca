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
	if resp := a.interaction(r.Context(), ic); resp != nil {
		a.writeJSON(w, resp)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// interaction acknowledges an interaction and does its work in the
// background. It returns the acknowledgement's payload, or nil for an empty
// one (which also closes a submitted modal). The work uses the token of
// the interaction's workspace.
func (a *Adapter) interaction(ctx context.Context, ic slackapi.InteractionCallback) *slackapi.ViewSubmissionResponse {
	ctx = a.forTeam(ctx, ic.Team.ID)
	switch ic.Type {
	case slackapi.InteractionTypeBlockActions:
		for _, act := range ic.ActionCallback.BlockActions {
			switch id := act.ActionID; {
			case id == actionFixed, id == actionNotYet:
				a.spawn(ctx, "feedback", func(ctx context.Context) { a.vote(ctx, ic, act) })
			case id == actionShare:
				a.spawn(ctx, "share", func(ctx context.Context) { a.share(ctx, ic, act) })
			case id == actionSteps:
				a.spawn(ctx, "steps", func(ctx context.Context) { a.steps(ctx, ic, act) })
			case strings.HasPrefix(id, actionPick), strings.HasPrefix(id, actionNext):
				a.spawn(ctx, "pick", func(ctx context.Context) { a.pick(ctx, ic, act) })
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
		a.spawn(ctx, "modal", func(ctx context.Context) { a.submitModal(ctx, req, meta) })
	}
	return nil
}

// vote records "Fixed it" / "Not yet". A vote that counts replaces the
// answer's buttons with a line saying who marked it and what; "not yet"
// then asks for a human in the thread. A refused vote gets a private note.
func (a *Adapter) vote(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	req, ok := actionRequest(ic, act)
	if !ok {
		a.log.InfoContext(ctx, "slack: ignored a button with an unknown value", "action", clipLog(act.ActionID))
		return
	}
	rep, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "slack: feedback failed", "entry", req.EntryID, "err", bot.SafeError(err))
		return
	}
	if rep.Refused != "" {
		a.log.InfoContext(ctx, "slack: feedback refused", "entry", req.EntryID, "reason", rep.Refused)
		a.respond(ctx, ic.ResponseURL, a.render.note(rep.Acknowledged))
		return
	}
	a.log.InfoContext(ctx, "slack: feedback", "entry", req.EntryID, "vote", req.Vote)
	a.respond(ctx, ic.ResponseURL, a.render.voted(ic.Message.Blocks.BlockSet, rep, req.User, req.Vote))
	if req.Vote == bot.VoteNotYet {
		v, _ := parseActionValue(act.Value)
		a.handoff(ctx, ic, rep, v.Asker)
	}
}

// handoff posts the public "not yet" message in the answer's thread (in
// the channel for an answer only its asker saw), mentioning the support
// group the first time the thread asks, with the next candidates.
func (a *Adapter) handoff(ctx context.Context, ic slackapi.InteractionCallback, rep bot.Reply, asker string) {
	mention := a.core.Handoff(ctx, bot.Slack, ic.Team.ID, interactionChannel(ic)+"/"+answerThread(ic))
	a.postInThread(ctx, ic, a.render.handoffText(rep, mention, ic.User.ID), a.render.handoff(rep, mention, ic.User.ID, asker), false)
}

// answerThread is the thread of the message a button sits on: its own
// thread, or a new one under it; "" for an ephemeral message.
func answerThread(ic slackapi.InteractionCallback) string {
	switch {
	case ic.Container.IsEphemeral:
		return ""
	case ic.Container.ThreadTs != "":
		return ic.Container.ThreadTs
	case ic.Message.ThreadTimestamp != "":
		return ic.Message.ThreadTimestamp
	case ic.Container.MessageTs != "":
		return ic.Container.MessageTs
	}
	return ic.Message.Timestamp
}

// steps answers "All steps": the rest of the answer, in the thread (only
// to the asker when the answer itself was private).
func (a *Adapter) steps(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	_, rep, ok := a.clickedEntry(ctx, ic, act)
	if !ok {
		return
	}
	a.postInThread(ctx, ic, "orfix: all steps for "+escape(rep.Entry.Title), a.render.steps(rep), true)
}

// pick answers with a chosen candidate: from the "which of these" question
// the answer replaces the question (only the asker chooses); from the
// hand-off it is a new message in the thread.
func (a *Adapter) pick(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	v, ok := parseActionValue(act.Value)
	if !ok {
		return
	}
	question := strings.HasPrefix(act.ActionID, actionPick)
	if question && v.Asker != "" && v.Asker != ic.User.ID {
		a.respond(ctx, ic.ResponseURL, a.render.note("Only the person who asked can choose here."))
		return
	}
	_, rep, ok := a.clickedEntry(ctx, ic, act)
	if !ok {
		return
	}
	asker := v.Asker
	if asker == "" {
		asker = ic.User.ID
	}
	blocks := a.render.answer(rep, look{feedback: true, asker: asker})
	if question {
		a.respond(ctx, ic.ResponseURL, &slackapi.WebhookMessage{ReplaceOriginal: true, Text: a.render.fallback(rep), Blocks: &slackapi.Blocks{BlockSet: blocks}})
		return
	}
	a.postInThread(ctx, ic, a.render.fallback(rep), blocks, false)
}

// clickedEntry reads a button's value and rebuilds the answer for its
// entry; a gone entry gets a private note and false.
func (a *Adapter) clickedEntry(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) (actionValue, bot.Reply, bool) {
	v, ok := parseActionValue(act.Value)
	if !ok {
		return actionValue{}, bot.Reply{}, false
	}
	rep, ok := a.core.ReplyFor(v.ID, v.Tool)
	if !ok {
		a.respond(ctx, ic.ResponseURL, a.render.note("That answer is no longer in the knowledge base."))
		return actionValue{}, bot.Reply{}, false
	}
	return v, rep, true
}

// postInThread posts a message in the thread of the message ic's button
// sits on. An ephemeral message has no thread: a private post goes back to
// the clicker through response_url, a public one to the channel. Without
// a bot token, response_url carries it.
func (a *Adapter) postInThread(ctx context.Context, ic slackapi.InteractionCallback, text string, blocks []slackapi.Block, private bool) {
	thread := answerThread(ic)
	if a.client(ctx) == nil || private && thread == "" {
		kind := inChannel
		if private {
			kind = ephemeral
		}
		a.respond(ctx, ic.ResponseURL, message(kind, text, blocks))
		return
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false), slackapi.MsgOptionBlocks(blocks...)}
	if thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(thread))
	}
	channel := interactionChannel(ic)
	if err := a.postMessage(ctx, channel, opts...); err != nil {
		a.log.ErrorContext(ctx, "slack: chat.postMessage in a thread failed", "channel", a.ids.Hash(channel), "err", bot.SafeError(err))
	}
}

// share posts a private answer to the channel through the button's
// response_url, then removes the private copy. The shared message is built
// from the knowledge-base entry, never from the paste; the button is only
// offered when the paste held no secret.
func (a *Adapter) share(ctx context.Context, ic slackapi.InteractionCallback, act *slackapi.BlockAction) {
	v, rep, ok := a.clickedEntry(ctx, ic, act)
	if !ok {
		return
	}
	msg := message(inChannel, a.render.fallback(rep), a.render.answer(rep, look{feedback: true, sharedBy: ic.User.ID, asker: v.Asker}))
	a.respond(ctx, ic.ResponseURL, msg)
	a.respond(ctx, ic.ResponseURL, &slackapi.WebhookMessage{DeleteOriginal: true})
	a.log.InfoContext(ctx, "slack: shared an answer", "entry", rep.Entry.ID, "channel", a.ids.Hash(interactionChannel(ic)))
}

// submitModal answers the paste modal privately, through the slash
// command's response_url (or an ephemeral message when there is none).
func (a *Adapter) submitModal(ctx context.Context, req bot.Request, meta modalMeta) {
	msg := a.commandAnswer(ctx, req)
	if meta.ResponseURL != "" {
		a.respond(ctx, meta.ResponseURL, msg)
		return
	}
	if a.client(ctx) == nil || meta.Channel == "" {
		return
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(msg.Text, false)}
	if msg.Blocks != nil {
		opts = append(opts, slackapi.MsgOptionBlocks(msg.Blocks.BlockSet...))
	}
	if err := a.postEphemeral(ctx, meta.Channel, req.User, opts...); err != nil {
		a.log.ErrorContext(ctx, "slack: chat.postEphemeral failed", "channel", a.ids.Hash(meta.Channel), "err", bot.SafeError(err))
	}
}
