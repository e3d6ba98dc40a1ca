package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Interactions: the same flow serves the Gateway and the HTTP endpoint.
// Matching takes microseconds, so a reply is normally sent inline (type 4);
// only a command with a file to download is deferred (type 5) and finished
// through the webhook endpoint.

// outcome is how to answer one interaction: the initial response, and slow
// work to run once it is sent (nil when the response is the whole answer).
type outcome struct {
	resp  *discordgo.InteractionResponse
	later func(ctx context.Context)
}

// privateAction is the bot.SecretWarning action for an ephemeral reply.
const privateAction = "Only you can see this reply."

// Notices.
const (
	noticeFailed  = "Something went wrong on my side. Please try again in a moment."
	noticeLimited = "You are asking faster than I can answer. Please wait a minute and try again."
	noticeUnknown = "I don't know this command or button; it may be from an older version of orfix."
	noticeGone    = "That entry is no longer in the knowledge base."
	noticeEmpty   = "The box was empty: paste the error text and try again."
	noticeNotText = "The file is not a text file, so I could not read it."
)

func respond(d *discordgo.InteractionResponseData) outcome {
	return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d}}
}

// interact decides the answer to one interaction.
func (a *Adapter) interact(ctx context.Context, i *discordgo.Interaction) outcome {
	switch i.Type {
	case discordgo.InteractionPing:
		return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}}
	case discordgo.InteractionApplicationCommand:
		return a.onCommand(ctx, i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		return a.onAutocomplete(ctx, i)
	case discordgo.InteractionMessageComponent:
		return a.onButton(ctx, i)
	case discordgo.InteractionModalSubmit:
		return a.onModal(ctx, i)
	}
	return respond(renderNotice(noticeUnknown, true, false))
}

func (a *Adapter) onCommand(ctx context.Context, i *discordgo.Interaction) outcome {
	if data, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok && data.Name == AdminCommandName {
		return a.onAdmin(ctx, i)
	}
	c, ok := parseCommand(i)
	switch {
	case !ok:
		return respond(renderNotice(noticeUnknown, true, false))
	case c.File != nil:
		return a.deferFile(i, c)
	case strings.TrimSpace(c.Text) == "":
		return outcome{resp: renderModal(c.Private)}
	}
	if id, ok := a.chosenEntry(c.Text); ok {
		if r, ok := a.core.ReplyFor(id, ""); ok {
			r.Ranked = []bot.Link{r.Link}
			a.log.InfoContext(ctx, "answered", "interaction", a.ids.Hash(i.ID), "entry", r.Entry.ID, "chosen", true)
			return respond(renderReply(r, a.view(c.Private, interactionUser(i))))
		}
	}
	_, d := a.answer(ctx, i, interactionRequest(i, bot.Explicit, c.Text), c.Private, nil)
	return respond(d)
}

// deferFile acknowledges a command with a file now and answers once the
// file is read. The deferred message is ephemeral only when private was
// asked for; a secret found later moves the answer to an ephemeral follow-up.
func (a *Adapter) deferFile(i *discordgo.Interaction, c command) outcome {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: &discordgo.InteractionResponseData{}}
	if c.Private {
		resp.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	later := func(ctx context.Context) {
		var notes []string
		req := interactionRequest(i, bot.Explicit, c.Text)
		if textAttachment(c.File) {
			req.Attachments, notes = a.fetchAttachments(ctx, []*discordgo.MessageAttachment{c.File}, a.core.Config().MaxAttachment)
		} else {
			notes = append(notes, noticeNotText)
		}
		r, d := a.answer(ctx, i, req, c.Private, notes)
		a.finishDeferred(ctx, i, r, d, c.Private)
	}
	return outcome{resp: resp, later: later}
}

// finishDeferred replaces the deferred "thinking" message with the answer.
// A public deferral whose answer turned out to hold a secret gets a public
// note that names no key, and the answer goes in an ephemeral follow-up.
func (a *Adapter) finishDeferred(ctx context.Context, i *discordgo.Interaction, r bot.Reply, d *discordgo.InteractionResponseData, deferredPrivate bool) {
	if d.Flags&discordgo.MessageFlagsEphemeral != 0 && !deferredPrivate {
		note := renderNotice("Your paste held "+bot.SecretKinds(r.Secrets)+", so I sent the answer only to you. "+rotateNow(len(r.Secrets)), false, true)
		if _, err := a.session.InteractionResponseEdit(i, webhookEdit(note), discordgo.WithContext(ctx)); err != nil {
			a.log.ErrorContext(ctx, "edit deferred response", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		}
		if _, err := a.session.FollowupMessageCreate(i, false, webhookParams(d), discordgo.WithContext(ctx)); err != nil {
			a.log.ErrorContext(ctx, "follow-up", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		}
		return
	}
	if _, err := a.session.InteractionResponseEdit(i, webhookEdit(d), discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "edit deferred response", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
	}
}

// answer asks the core for an explicit request and renders the reply. An
// explicit request always gets an answer: a failure or a rate limit is a
// short private notice (with the secret warning when the paste held one).
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, req bot.Request, private bool, notes []string) (bot.Reply, *discordgo.InteractionResponseData) {
	r, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "handle", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		return r, renderNotice(warned(r, noticeFailed), true, true)
	}
	r.Notes = append(r.Notes, notes...)
	entry := ""
	if r.Entry != nil {
		entry = r.Entry.ID
	}
	a.log.InfoContext(ctx, "answered", "interaction", a.ids.Hash(i.ID), "entry", entry, "level", r.Level,
		"confidence", r.Confidence, "secrets", len(r.Secrets), "silent", r.Silent, "reason", r.Reason)
	if r.Silent {
		text := noticeFailed
		if r.Reason == bot.ReasonRateLimited {
			text = noticeLimited
		}
		return r, renderNotice(warned(r, text), true, true)
	}
	return r, renderReply(r, a.view(private, req.User))
}

// warned prefixes a notice with the secret warning when the paste held one.
func warned(r bot.Reply, text string) string {
	if !r.HasSecrets() {
		return text
	}
	return bot.SecretWarning(r.Secrets, privateAction) + "\n\n" + text
}

// view is how an interaction's answer shows; asker is who may vote on it.
func (a *Adapter) view(private bool, asker string) view {
	return view{Private: private, Feedback: true, Asker: asker, Index: a.core.Config().PublicURL + "/kb/", Action: privateAction}
}

// rotateNow tells the user to rotate one key or several.
func rotateNow(n int) string {
	if n > 1 {
		return "Rotate them now."
	}
	return "Rotate it now."
}

func (a *Adapter) onAutocomplete(ctx context.Context, i *discordgo.Interaction) outcome {
	text, ok := focusedText(i)
	var choices []*discordgo.ApplicationCommandOptionChoice
	if ok {
		r, err := a.core.Handle(ctx, interactionRequest(i, bot.Autocomplete, text))
		if err != nil {
			a.log.ErrorContext(ctx, "autocomplete", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		}
		choices = renderChoices(r.Suggestions)
		if len(choices) == 0 && strings.TrimSpace(text) != "" {
			// Nothing close: offer the most common errors rather than nothing.
			r, _ = a.core.Handle(ctx, interactionRequest(i, bot.Autocomplete, ""))
			choices = renderChoices(r.Suggestions)
		}
	}
	return outcome{resp: &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}}
}

func (a *Adapter) onButton(ctx context.Context, i *discordgo.Interaction) outcome {
	btn, ok := clickedButton(i)
	if !ok {
		return respond(renderNotice(noticeUnknown, true, false))
	}
	switch btn.Action {
	case actFixed, actNotYet:
		return a.onVote(ctx, i, btn)
	case actSteps:
		r, ok := a.core.ReplyFor(btn.Entry, btn.Tool)
		if !ok {
			return respond(renderNotice(noticeGone, true, false))
		}
		a.log.InfoContext(ctx, "steps", "interaction", a.ids.Hash(i.ID), "entry", btn.Entry)
		return respond(renderSteps(r))
	case actPick, actNext:
		return a.onPick(ctx, i, btn)
	}
	return respond(renderNotice(noticeUnknown, true, false))
}

// canManage reports whether the member who clicked may manage messages in
// the channel (the permissions Discord computed for the interaction).
func canManage(i *discordgo.Interaction) bool {
	return i.Member != nil && i.Member.Permissions&(discordgo.PermissionManageMessages|discordgo.PermissionAdministrator) != 0
}

// onVote records "Fixed it" / "Not yet". A vote that counts replaces the
// buttons of the answer with a line saying who marked it and what (type 7,
// UPDATE_MESSAGE); "not yet" then asks for a human in the thread. A vote
// that does not count gets a private note.
func (a *Adapter) onVote(ctx context.Context, i *discordgo.Interaction, btn button) outcome {
	req := interactionRequest(i, bot.Feedback, "")
	req.EntryID, req.Vote, req.Asker, req.CanManage = btn.Entry, bot.VoteFixed, btn.Asker, canManage(i)
	if i.Message != nil {
		req.Answer = i.Message.ID
	}
	if btn.Action == actNotYet {
		req.Vote = bot.VoteNotYet
		req.Shown = shownEntries(i.Message, a.core.Config().PublicURL)
	}
	r, err := a.core.Handle(ctx, req)
	if err != nil {
		a.log.ErrorContext(ctx, "feedback", "interaction", a.ids.Hash(i.ID), "entry", btn.Entry, "err", bot.SafeError(err))
		return respond(renderNotice(noticeFailed, true, false))
	}
	if r.Refused != "" {
		a.log.InfoContext(ctx, "feedback refused", "interaction", a.ids.Hash(i.ID), "entry", btn.Entry, "reason", r.Refused)
		return respond(renderNotice(r.Acknowledged, true, false))
	}
	a.log.InfoContext(ctx, "feedback", "interaction", a.ids.Hash(i.ID), "entry", btn.Entry, "vote", req.Vote)
	out := outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: renderVoted(i.Message, req.User, req.Vote)}}
	if req.Vote == bot.VoteNotYet {
		out.later = func(ctx context.Context) { a.handoff(ctx, i, r, btn.Asker) }
	}
	return out
}

// onPick answers with a candidate chosen from the "which of these"
// question (the answer replaces the question) or from the hand-off (a new
// message in the thread).
func (a *Adapter) onPick(ctx context.Context, i *discordgo.Interaction, btn button) outcome {
	user := interactionUser(i)
	if btn.Action == actPick && btn.Asker != "" && btn.Asker != user && !canManage(i) {
		return respond(renderNotice("Only the person who asked (or a moderator) can choose here.", true, false))
	}
	r, ok := a.core.ReplyFor(btn.Entry, btn.Tool)
	if !ok {
		return respond(renderNotice(noticeGone, true, false))
	}
	asker := btn.Asker
	if asker == "" {
		asker = user
	}
	private := i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0
	d := renderReply(r, a.view(private, asker))
	a.log.InfoContext(ctx, "picked", "interaction", a.ids.Hash(i.ID), "entry", btn.Entry, "action", btn.Action)
	if btn.Action == actNext {
		return respond(d)
	}
	d.Flags = 0 // an update keeps the message's own visibility
	return outcome{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: d}}
}

func (a *Adapter) onModal(ctx context.Context, i *discordgo.Interaction) outcome {
	text, private, ok := modalText(i)
	switch {
	case !ok:
		return respond(renderNotice(noticeUnknown, true, false))
	case strings.TrimSpace(text) == "":
		return respond(renderNotice(noticeEmpty, true, false))
	}
	_, d := a.answer(ctx, i, interactionRequest(i, bot.Explicit, text), private, nil)
	return respond(d)
}

// Converters from the rendered payload to the other REST shapes.

func webhookEdit(d *discordgo.InteractionResponseData) *discordgo.WebhookEdit {
	content, embeds, comps := d.Content, d.Embeds, d.Components
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: d.AllowedMentions}
}

func webhookParams(d *discordgo.InteractionResponseData) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: d.Content, Embeds: d.Embeds, Components: d.Components, AllowedMentions: d.AllowedMentions, Flags: d.Flags}
}

func messageSend(d *discordgo.InteractionResponseData) *discordgo.MessageSend {
	comps := d.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.MessageSend{Content: d.Content, Embeds: d.Embeds, Components: comps, AllowedMentions: d.AllowedMentions}
}
