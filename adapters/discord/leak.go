package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Key leaks: a guild message holding a secret is deleted, its author gets a
// DM with the kind, the masked key and how to rotate it, and the moderator
// channel (if any) an alert with the masked key. A public message never
// names a key, masked or not.

// leak runs the key-leak flow for message m whose reply r found secrets.
func (a *Adapter) leak(ctx context.Context, m *discordgo.Message, r bot.Reply) {
	ctx, cancel := bot.LeakContext(ctx)
	defer cancel()
	a.log.WarnContext(ctx, "secret posted", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "user", a.ids.Hash(m.Author.ID), "kinds", kinds(r.Secrets))
	deleted := a.deleteLeak(ctx, m)
	dmed := a.dmLeak(ctx, m, r, deleted)
	if !deleted || !dmed {
		a.noticeLeak(ctx, m, r.Secrets, deleted, dmed)
	}
	a.alertMods(ctx, m, r.Secrets, deleted)
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
			a.log.WarnContext(ctx, "cannot delete a message that leaks a key: grant orfix the Manage Messages permission; asking the author to delete it instead", "channel", a.ids.Hash(m.ChannelID))
		} else {
			a.log.DebugContext(ctx, "cannot delete leaked key message (no Manage Messages)", "channel", a.ids.Hash(m.ChannelID))
		}
	default:
		a.log.ErrorContext(ctx, "delete leaked key message", "message", a.ids.Hash(m.ID), "channel", a.ids.Hash(m.ChannelID), "err", bot.SafeError(err))
	}
	return false
}

// dmLeak sends the author the warning (kind, masked key, rotation) and the
// answer to their paste. It reports false when the DM could not be sent.
func (a *Adapter) dmLeak(ctx context.Context, m *discordgo.Message, r bot.Reply, deleted bool) bool {
	ch, err := a.session.UserChannelCreate(m.Author.ID, discordgo.WithContext(ctx))
	if err != nil {
		a.log.WarnContext(ctx, "open DM", "user", a.ids.Hash(m.Author.ID), "err", bot.SafeError(err))
		return false
	}
	action := fmt.Sprintf("I deleted your message in <#%s>, but others may have seen it already.", m.ChannelID)
	if !deleted {
		action = fmt.Sprintf("I could not delete your message in <#%s>: please delete it now.", m.ChannelID)
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

// noticeLeak tells the author in the channel, naming the kind but no key.
func (a *Adapter) noticeLeak(ctx context.Context, m *discordgo.Message, fs []bot.Finding, deleted, dmed bool) {
	d := leakNotice(m.Author.ID, fs, deleted, dmed)
	send := messageSend(d)
	if !deleted {
		noFail := false
		send.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail}
	}
	if _, err := a.session.ChannelMessageSendComplex(m.ChannelID, send, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "leak notice", "channel", a.ids.Hash(m.ChannelID), "err", bot.SafeError(err))
	}
}

// alertMods posts the masked key to the moderator channel, if configured.
func (a *Adapter) alertMods(ctx context.Context, m *discordgo.Message, fs []bot.Finding, deleted bool) {
	if a.cfg.ModChannel == "" {
		return
	}
	d := modAlert(m, fs, deleted)
	if _, err := a.session.ChannelMessageSendComplex(a.cfg.ModChannel, messageSend(d), discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "moderator alert", "channel", a.ids.Hash(a.cfg.ModChannel), "err", bot.SafeError(err))
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

// leakNotice renders the public notice for the author: it pings only them
// and names the kind of secret and where to rotate it, never the key.
func leakNotice(user string, fs []bot.Finding, deleted, dmed bool) *discordgo.InteractionResponseData {
	var b strings.Builder
	fmt.Fprintf(&b, "<@%s> your message contained %s.", user, secretKinds(fs))
	if deleted {
		b.WriteString(" I removed it.")
	} else {
		b.WriteString(" Please delete it now.")
	}
	if len(fs) > 1 {
		b.WriteString(" Treat them as leaked and rotate them now")
	} else {
		b.WriteString(" Treat it as leaked and rotate it now")
	}
	if urls := rotateURLs(fs); len(urls) > 0 {
		b.WriteString(": " + strings.Join(urls, " "))
	}
	b.WriteString(".")
	if !dmed {
		b.WriteString(" I could not send you the details in a DM.")
	}
	d := renderNotice(b.String(), false, true)
	d.AllowedMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Users: []string{user}}
	return d
}

// modAlert renders the moderator alert, with masked keys only, a link to
// the message when it is still there, and the permission orfix lacks.
func modAlert(m *discordgo.Message, fs []bot.Finding, deleted bool) *discordgo.InteractionResponseData {
	var b strings.Builder
	where := fmt.Sprintf("<#%s>", m.ChannelID)
	if !deleted && m.GuildID != "" {
		where = fmt.Sprintf("https://discord.com/channels/%s/%s/%s", m.GuildID, m.ChannelID, m.ID)
	}
	fmt.Fprintf(&b, "🔑 <@%s> posted %s in %s:", m.Author.ID, secretKinds(fs), where)
	var seen []string
	for _, f := range fs {
		line := fmt.Sprintf("\n- %s `%s`", f.Label, f.Masked)
		if !slices.Contains(seen, line) {
			seen = append(seen, line)
			b.WriteString(line)
		}
	}
	if deleted {
		fmt.Fprintf(&b, "\nThe message was deleted and the author was told to rotate %s.", itThem(len(fs)))
	} else {
		b.WriteString("\nThe message could **not** be deleted: grant orfix the Manage Messages permission in that channel. The author was asked to delete it.")
	}
	return &discordgo.InteractionResponseData{Content: clip(b.String(), maxContent), AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
}

// itThem is "it" for one secret and "them" for several.
func itThem(n int) string {
	if n > 1 {
		return "them"
	}
	return "it"
}

func rotateURLs(fs []bot.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.RotateURL != "" && !slices.Contains(out, f.RotateURL) {
			out = append(out, f.RotateURL)
		}
	}
	return out
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
