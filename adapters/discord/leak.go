package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Key leaks follow bot.PlanLeak: a guild message holding a secret is
// deleted, its author gets a DM with the kind, the masked key and how to
// replace it, the channel a notice (naming no key) only when the DM could
// not be sent, and the moderator channel (if any) an alert with the masked
// key. This file executes the plan; the words are the bot's.

// grantDelete is how to let orfix delete leaking messages on Discord.
const grantDelete = "grant orfix the Manage Messages permission in that channel"

// leakWhere describes message m for bot.PlanLeak.
func leakWhere(m *discordgo.Message, moderators bool) bot.LeakWhere {
	w := bot.LeakWhere{
		Author:      "<@" + m.Author.ID + ">",
		Channel:     "<#" + m.ChannelID + ">",
		Private:     m.GuildID == "",
		CanDelete:   m.GuildID != "",
		Moderators:  moderators,
		GrantDelete: grantDelete,
	}
	if m.GuildID != "" {
		w.Link = fmt.Sprintf("https://discord.com/channels/%s/%s/%s", m.GuildID, m.ChannelID, m.ID)
	}
	return w
}

// leak runs the key-leak plan for message m whose reply r found secrets.
// set are the server's settings (its moderator channel).
func (a *Adapter) leak(ctx context.Context, m *discordgo.Message, r bot.Reply, set bot.Settings) {
	ctx, cancel := bot.LeakContext(ctx)
	defer cancel()
	a.log.WarnContext(ctx, "secret posted", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "user", a.ids.Hash(m.Author.ID), "kinds", kinds(r.Secrets))
	plan := bot.PlanLeak(r, leakWhere(m, set.ModChannel != ""))
	var o bot.LeakOutcome
	if plan.Delete {
		o.Deleted = a.deleteLeak(ctx, m)
	}
	if plan.Warn {
		o.Warned = a.dmLeak(ctx, m, r, plan.Action(o.Deleted))
	}
	if plan.Notice(o) {
		a.noticeLeak(ctx, m, r.Secrets, o)
	}
	if plan.Alert {
		a.alertMods(ctx, m, r.Secrets, o, set.ModChannel)
	}
}

// deleteLeak deletes the message. Without MANAGE_MESSAGES it logs a
// warning once (then at debug level) and reports false.
func (a *Adapter) deleteLeak(ctx context.Context, m *discordgo.Message) bool {
	err := a.session.ChannelMessageDelete(m.ChannelID, m.ID, discordgo.WithContext(ctx))
	switch {
	case err == nil:
		return true
	case restStatus(err) == http.StatusForbidden:
		if a.warnManage.CompareAndSwap(false, true) {
			a.log.WarnContext(ctx, "cannot delete a message that leaks a key: "+grantDelete+"; asking the author to delete it instead", "channel", a.ids.Hash(m.ChannelID))
		} else {
			a.log.DebugContext(ctx, "cannot delete leaked key message (no Manage Messages)", "channel", a.ids.Hash(m.ChannelID))
		}
	default:
		a.log.ErrorContext(ctx, "delete leaked key message", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "err", bot.SafeError(err))
	}
	return false
}

// dmLeak sends the author the warning (kind, masked key, rotation, action)
// and the answer to their paste. It reports false when the DM could not be
// sent.
func (a *Adapter) dmLeak(ctx context.Context, m *discordgo.Message, r bot.Reply, action string) bool {
	ch, err := a.session.UserChannelCreate(m.Author.ID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.WarnContext(ctx, "open DM", "user", a.ids.Hash(m.Author.ID), "err", bot.SafeError(err))
		return false
	}
	d := leakDM(r, action, a.core.Config().PublicURL+"/kb/", m.Author.ID)
	if _, err := a.session.ChannelMessageSendComplex(ch.ID, messageSend(d), discordgo.WithContext(ctx)); err != nil {
		if restCode(err) == discordgo.ErrCodeCannotSendMessagesToThisUser {
			a.log.InfoContext(ctx, "DMs closed", "user", a.ids.Hash(m.Author.ID))
		} else {
			a.log.WarnContext(ctx, "send DM", "user", a.ids.Hash(m.Author.ID), "err", bot.SafeError(err))
		}
		return false
	}
	return true
}

// noticeLeak tells the author in the channel, naming the kind but no key;
// it replies to the message while it is still there.
func (a *Adapter) noticeLeak(ctx context.Context, m *discordgo.Message, fs []bot.Finding, o bot.LeakOutcome) {
	send := messageSend(leakNotice(m.Author.ID, fs, o.Deleted, o.Warned))
	if !o.Deleted {
		noFail := false
		send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
	}
	if _, err := a.session.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "leak notice", "channel", a.ids.Hash(m.ChannelID), "err", bot.SafeError(err))
	}
}

// alertMods posts the masked keys to the moderator channel.
func (a *Adapter) alertMods(ctx context.Context, m *discordgo.Message, fs []bot.Finding, o bot.LeakOutcome, channel string) {
	d := modAlertOutcome(m, fs, o)
	if _, err := a.session.ChannelMessageSendComplex(channel, messageSend(d), discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "moderator alert", "channel", a.ids.Hash(channel), "err", bot.SafeError(err))
	}
}

// leakDM renders the DM: the secret warning, then the answer when the bot
// had one (a cooldown keeps the channel quiet, not a DM); it ends with the
// redact reminder.
func leakDM(r bot.Reply, action, index, asker string) *discordgo.InteractionResponseData {
	answered := !r.Silent || (r.Reason == bot.ReasonCooldown && r.Entry != nil)
	if answered && (r.Entry != nil || r.Level == bot.Low) {
		d := renderReply(r, view{Action: action, Index: index, Feedback: true, Asker: asker})
		d.Flags = 0
		return d
	}
	text := bot.SecretWarning(r.Secrets, action)
	for _, n := range r.Notes {
		text += "\n_" + n + "_"
	}
	return renderNotice(text, false, true)
}

// leakNotice renders the public notice (bot.LeakPlan.NoticeText): it pings
// only the author.
func leakNotice(user string, fs []bot.Finding, deleted, dmed bool) *discordgo.InteractionResponseData {
	m := &discordgo.Message{Author: &discordgo.User{ID: user}, GuildID: "guild"}
	plan := bot.PlanLeak(bot.Reply{Secrets: fs}, leakWhere(m, false))
	d := renderNotice(plan.NoticeText(bot.LeakOutcome{Deleted: deleted, Warned: dmed}), false, true)
	d.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{user}}
	return d
}

// modAlert renders the moderator alert after a DM was sent.
func modAlert(m *discordgo.Message, fs []bot.Finding, deleted bool) *discordgo.InteractionResponseData {
	return modAlertOutcome(m, fs, bot.LeakOutcome{Deleted: deleted, Warned: true})
}

// modAlertOutcome renders the moderator alert (bot.LeakPlan.AlertText),
// masked keys only, mentioning nobody.
func modAlertOutcome(m *discordgo.Message, fs []bot.Finding, o bot.LeakOutcome) *discordgo.InteractionResponseData {
	plan := bot.PlanLeak(bot.Reply{Secrets: fs}, leakWhere(m, true))
	return &discordgo.InteractionResponseData{Content: clip(plan.AlertText(o), maxContent), AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
}

// kinds lists the kinds of secrets found, for logs.
func kinds(fs []bot.Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.Kind) {
			out = append(out, f.Kind)
		}
	}
	return out
}

// restStatus is the HTTP status of a failed REST call, or 0.
func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// restCode is Discord's JSON error code of a failed REST call, or 0.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}
