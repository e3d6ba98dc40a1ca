package slack

import (
	"context"
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// What the warning says the bot did about the message.
const (
	actionDeleted    = "I deleted your message so the key is no longer visible in the channel."
	actionNotDeleted = "A bot cannot delete your message: please delete it yourself (hover it, ⋮, Delete message)."
)

// leaked handles a message that holds secrets. A bot token cannot delete
// a user's message, so: with an admin token the message is deleted; the
// author gets a private warning naming each kind and masked key and where
// to rotate it, with the answer when there is one (rep, or nil); the
// moderator channel, if any, gets an alert with the masked keys. The key
// itself is never repeated anywhere.
func (a *Adapter) leaked(ctx context.Context, t target, fs []bot.Finding, rep *bot.Reply) {
	ctx, cancel := bot.LeakContext(ctx)
	defer cancel()
	for _, f := range fs {
		a.log.WarnContext(ctx, "slack: secret in a message", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS), "kind", f.Kind, "masked", f.Masked)
	}
	deleted := a.deleteLeak(ctx, t)
	action := actionNotDeleted
	if deleted {
		action = actionDeleted
	}
	if t.IM {
		action = "" // a direct message with the bot is not visible to anyone else
	}
	var blocks []slackapi.Block
	if rep != nil && !rep.Silent {
		blocks = a.render.answer(*rep, look{feedback: rep.Entry != nil, action: action, asker: t.User})
	} else {
		blocks = a.render.leakWarning(fs, action)
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(a.render.fallback(bot.Reply{Secrets: fs}), false), slackapi.MsgOptionBlocks(blocks...)}
	if t.ThreadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(t.ThreadTS))
	}
	var err error
	if t.IM {
		// Nobody else sees a direct message: answer in it, where it stays.
		_, _, err = a.api.PostMessageContext(ctx, t.Channel, opts...)
	} else {
		_, err = a.api.PostEphemeralContext(ctx, t.Channel, t.User, opts...)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "slack: could not warn about a leaked secret", "channel", a.ids.Hash(t.Channel), "err", bot.SafeError(err))
	}
	if !t.IM {
		a.alertModerators(ctx, t, fs, deleted)
	}
}

// deleteLeak deletes the message with the admin token, if there is one.
func (a *Adapter) deleteLeak(ctx context.Context, t target) bool {
	if a.admin == nil || t.IM || t.TS == "" {
		return false
	}
	if _, _, err := a.admin.DeleteMessageContext(ctx, t.Channel, t.TS); err != nil {
		a.log.ErrorContext(ctx, "slack: could not delete a message that leaked a secret", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS), "err", bot.SafeError(err))
		return false
	}
	a.log.InfoContext(ctx, "slack: deleted a message that leaked a secret", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS))
	return true
}

// alertModerators posts the masked keys to the moderator channel.
func (a *Adapter) alertModerators(ctx context.Context, t target, fs []bot.Finding, deleted bool) {
	if a.cfg.ModChannel == "" {
		return
	}
	text := a.render.modAlert(t, fs, deleted, a.permalink(ctx, t))
	if _, _, err := a.api.PostMessageContext(ctx, a.cfg.ModChannel, slackapi.MsgOptionText(text, false)); err != nil {
		a.log.ErrorContext(ctx, "slack: could not alert the moderators", "channel", a.ids.Hash(a.cfg.ModChannel), "err", bot.SafeError(err))
	}
}

// permalink links to the message t (chat.getPermalink), or builds the
// archive link from the channel and timestamp when Slack does not answer.
func (a *Adapter) permalink(ctx context.Context, t target) string {
	if t.TS == "" {
		return ""
	}
	if a.api != nil {
		link, err := a.api.GetPermalinkContext(ctx, &slackapi.PermalinkParameters{Channel: t.Channel, Ts: t.TS})
		if err == nil && link != "" {
			return link
		}
		a.log.WarnContext(ctx, "slack: chat.getPermalink failed; building the archive link", "channel", a.ids.Hash(t.Channel), "err", bot.SafeError(err))
	}
	return archiveLink(t.Channel, t.TS)
}

// archiveLink is a message's archive link: /archives/<channel>/p<ts
// without the dot>, which Slack opens in the reader's workspace.
func archiveLink(channel, ts string) string {
	return "https://slack.com/archives/" + channel + "/p" + strings.ReplaceAll(ts, ".", "")
}

// leakWarning is the private warning alone (when there is no answer).
func (r *renderer) leakWarning(fs []bot.Finding, action string) []slackapi.Block {
	return compose(r.sections(r.warning(fs, action), ""), nil, []blk{contextBlock(escape(bot.RedactReminder))})
}

// modAlert is the moderators' alert: who, where, which kinds, masked keys.
func (r *renderer) modAlert(t target, fs []bot.Finding, deleted bool, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":rotating_light: <@%s> posted %s in <#%s>", t.User, plural(len(fs), "a secret", "secrets"), t.Channel)
	if link != "" && !deleted {
		fmt.Fprintf(&b, " (<%s|the message>)", linkTarget(link))
	}
	b.WriteString(":\n")
	seen := map[string]bool{}
	for _, f := range fs {
		line := fmt.Sprintf("• %s `%s`", escape(f.Label), escape(f.Masked))
		if !seen[line] {
			seen[line] = true
			b.WriteString(line + "\n")
		}
	}
	if deleted {
		b.WriteString("orfix deleted the message and warned the author.")
	} else {
		b.WriteString("orfix warned the author privately; the message is still there. Delete it, or give orfix an admin token (slack.admin_token) to delete such messages.")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}
