package slack

import (
	"context"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// How to delete a message, and how to let orfix delete such messages, in
// Slack's words (see bot.LeakWhere).
const (
	selfDelete  = "hover it, ⋮, Delete message"
	grantDelete = "give orfix an admin token (slack.admin_token) to delete such messages"
)

// leakWhere describes target t for bot.PlanLeak; link is the message's
// permalink, or ""; moderators tells whether the workspace has a
// moderator channel. The admin token is the configured workspace's only.
func (a *Adapter) leakWhere(ctx context.Context, t target, link string, moderators bool) bot.LeakWhere {
	w := slackWhere(t, link)
	w.CanDelete = a.adminClient(ctx) != nil && t.TS != ""
	w.Moderators = moderators
	return w
}

// adminClient is the admin token's client when ctx's workspace has one.
func (a *Adapter) adminClient(ctx context.Context) *slackapi.Client {
	if ws := a.workspace(ctx); ws != nil {
		return ws.admin
	}
	return nil
}

// modChannel is ctx's workspace's moderator channel, or "".
func (a *Adapter) modChannel(ctx context.Context) string {
	if ws := a.workspace(ctx); ws != nil {
		return ws.modChannel
	}
	return ""
}

// slackWhere is where t is, in Slack's syntax, as far as the texts go.
func slackWhere(t target, link string) bot.LeakWhere {
	w := bot.LeakWhere{
		Author:      "<@" + t.User + ">",
		Channel:     "<#" + t.Channel + ">",
		Here:        "this channel", // the warning is shown in the channel
		Private:     t.IM,
		GrantDelete: grantDelete,
		SelfDelete:  selfDelete,
	}
	if link != "" {
		w.Link = "<" + linkTarget(link) + "|the message>"
	}
	return w
}

// leaked runs bot.PlanLeak for a message that holds secrets. A bot token
// cannot delete a user's message, so it is deleted only with an admin
// token; the author gets a private warning (ephemeral; in a direct message
// a plain one, nobody else sees it) naming each kind and masked key and
// how to replace it, with the answer when there is one (rep, or nil); a
// public notice, naming no key, only when that warning failed; the
// moderator channel, if any, an alert with the masked keys. The key
// itself is never repeated anywhere.
func (a *Adapter) leaked(ctx context.Context, t target, fs []bot.Finding, rep *bot.Reply) {
	ctx, cancel := bot.LeakContext(ctx)
	defer cancel()
	for _, f := range fs {
		a.log.WarnContext(ctx, "slack: secret in a message", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS), "kind", f.Kind, "masked", f.Masked)
	}
	mods := a.settings(ctx, t.Team).ModChannel
	link := ""
	if mods != "" && !t.IM {
		link = a.permalink(ctx, t)
	}
	plan := bot.PlanLeak(bot.Reply{Secrets: fs}, a.leakWhere(ctx, t, link, mods != ""))
	var o bot.LeakOutcome
	if plan.Delete {
		o.Deleted = a.deleteLeak(ctx, t)
	}
	if plan.Warn {
		o.Warned = a.warnLeak(ctx, t, plan, o.Deleted, rep)
	}
	if plan.Notice(o) {
		a.post(ctx, "leak notice", t.Channel, t.ThreadTS, slackPlan(plan.Findings, t, link).NoticeText(o))
	}
	if plan.Alert {
		a.post(ctx, "moderator alert", mods, "", a.render.modAlertOutcome(t, plan.Findings, o, link))
	}
}

// warnLeak sends the author the private warning, with the answer when the
// bot had one. It reports whether Slack took it.
func (a *Adapter) warnLeak(ctx context.Context, t target, plan bot.LeakPlan, deleted bool, rep *bot.Reply) bool {
	action := plan.Action(deleted)
	var blocks []slackapi.Block
	if rep != nil && !rep.Silent {
		blocks = a.render.answer(*rep, look{feedback: rep.Entry != nil, action: action, asker: t.User})
	} else {
		blocks = a.render.leakWarning(plan.Findings, action)
	}
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(a.render.fallback(bot.Reply{Secrets: plan.Findings}), false), slackapi.MsgOptionBlocks(blocks...)}
	if t.ThreadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(t.ThreadTS))
	}
	var err error
	if t.IM {
		// Nobody else sees a direct message: answer in it, where it stays.
		err = a.postMessage(ctx, t.Channel, opts...)
	} else {
		err = a.postEphemeral(ctx, t.Channel, t.User, opts...)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "slack: could not warn about a leaked secret", "channel", a.ids.Hash(t.Channel), "err", bot.SafeError(err))
		return false
	}
	return true
}

// post posts a plain mrkdwn text to channel (in thread, when not ""); what
// names it in the log.
func (a *Adapter) post(ctx context.Context, what, channel, thread, text string) {
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
	if thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(thread))
	}
	if err := a.postMessage(ctx, channel, opts...); err != nil {
		a.log.ErrorContext(ctx, "slack: could not post the "+what, "channel", a.ids.Hash(channel), "err", bot.SafeError(err))
	}
}

// deleteLeak deletes the message with the admin token, if there is one.
func (a *Adapter) deleteLeak(ctx context.Context, t target) bool {
	admin := a.adminClient(ctx)
	if admin == nil || t.IM || t.TS == "" {
		return false
	}
	if _, _, err := admin.DeleteMessageContext(ctx, t.Channel, t.TS); err != nil {
		a.log.ErrorContext(ctx, "slack: could not delete a message that leaked a secret", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS), "err", bot.SafeError(err))
		return false
	}
	a.log.InfoContext(ctx, "slack: deleted a message that leaked a secret", "channel", a.ids.Hash(t.Channel), "ts", a.ids.Hash(t.TS))
	return true
}

// permalink links to the message t (chat.getPermalink), or builds the
// archive link from the channel and timestamp when Slack does not answer.
func (a *Adapter) permalink(ctx context.Context, t target) string {
	if t.TS == "" {
		return ""
	}
	if api := a.client(ctx); api != nil {
		link, err := api.GetPermalinkContext(ctx, &slackapi.PermalinkParameters{Channel: t.Channel, Ts: t.TS})
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
	return compose(r.sections(r.warning(fs, action), ""), nil, []blk{r.reminder})
}

// slackPlan is a plan over the findings escaped for mrkdwn, for the texts
// posted as they are (the notice, the alert).
func slackPlan(fs []bot.Finding, t target, link string) bot.LeakPlan {
	esc := make([]bot.Finding, len(fs))
	for i, f := range fs {
		f.Label, f.Masked, f.RotateURL = escape(f.Label), escape(f.Masked), escape(f.RotateURL)
		esc[i] = f
	}
	return bot.PlanLeak(bot.Reply{Secrets: esc}, slackWhere(t, link))
}

// modAlert is the moderators' alert after a private warning was sent.
func (r *renderer) modAlert(t target, fs []bot.Finding, deleted bool, link string) string {
	return r.modAlertOutcome(t, fs, bot.LeakOutcome{Deleted: deleted, Warned: true}, link)
}

// modAlertOutcome is the moderators' alert (bot.LeakPlan.AlertText): who,
// where, which kinds, the masked keys, and what was done.
func (r *renderer) modAlertOutcome(t target, fs []bot.Finding, o bot.LeakOutcome, link string) string {
	return slackPlan(fs, t, link).AlertText(o)
}
