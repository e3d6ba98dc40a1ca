package slack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/lazyre"
)

// /orfix admin <subcommand>: a workspace's settings from chat, for its
// admins and owners (asked of users.info) and the user ids in Config.Admins.
// The manifest sets should_escape, so Slack sends a picked channel as
// <#C123|support> and a user group as <!subteam^S123|@helpers>.

// adminWord starts an admin command: /orfix admin ...
const adminWord = "admin"

// adminText reports whether a slash command's text is an admin command,
// and returns what follows the word.
func adminText(text string) (string, bool) {
	word, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	if !strings.EqualFold(word, adminWord) {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// Slack ids as escaped slash command text carries them.
var (
	channelRef  = lazyre.New(`^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$`)
	channelID   = lazyre.New(`^[CG][A-Z0-9]{2,}$`)
	subteamRef  = lazyre.New(`^<!subteam\^(S[A-Z0-9]{2,})(?:\|[^>]*)?>$`)
	userRef     = lazyre.New(`^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$`)
	errNoAdmin  = errors.New("unknown admin command")
	adminUsage  = "Usage: /orfix admin listen #channel | stop #channel | support @group (or none) | modchannel #channel (or none) | threads on|off | eagerness off|quiet|normal|eager | show | history"
	noneWords   = []string{"none", "off", "nobody", "-"}
	onWords     = []string{"on", "yes", "true"}
	offWords    = []string{"off", "no", "false"}
	errPickChan = errors.New("name the channel as #channel, picked from Slack's list")
)

// parseAdmin reads the text after "/orfix admin".
func parseAdmin(text string) (bot.AdminCommand, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return bot.AdminCommand{}, errNoAdmin
	}
	op, args := bot.AdminOp(strings.ToLower(fields[0])), fields[1:]
	cmd := bot.AdminCommand{Op: op}
	arg := ""
	if len(args) > 0 {
		arg = args[0]
	}
	if len(args) > 1 {
		return bot.AdminCommand{}, errors.New("give one argument")
	}
	var err error
	switch op {
	case bot.AdminShow, bot.AdminHistory:
		if arg != "" {
			return bot.AdminCommand{}, fmt.Errorf("%s takes no argument", op)
		}
	case bot.AdminListen, bot.AdminStop:
		cmd.Channel, err = parseChannel(arg)
	case bot.AdminModChannel:
		if !slices.Contains(noneWords, strings.ToLower(arg)) {
			cmd.Channel, err = parseChannel(arg)
		}
	case bot.AdminSupport:
		if !slices.Contains(noneWords, strings.ToLower(arg)) {
			cmd.Mention, err = parseMention(arg)
		}
	case bot.AdminThreads:
		switch a := strings.ToLower(arg); {
		case slices.Contains(onWords, a):
			cmd.On = true
		case slices.Contains(offWords, a):
		default:
			err = errors.New("threads is on or off")
		}
	case bot.AdminEagerness:
		cmd.Eagerness, err = bot.ParseEagerness(arg)
	default:
		return bot.AdminCommand{}, errNoAdmin
	}
	if err != nil {
		return bot.AdminCommand{}, err
	}
	return cmd, nil
}

// parseChannel reads a channel reference: <#C123|name> or a bare id.
func parseChannel(s string) (string, error) {
	if m := channelRef().FindStringSubmatch(s); m != nil {
		return m[1], nil
	}
	if channelID().MatchString(s) {
		return s, nil
	}
	return "", errPickChan
}

// parseMention reads a user group or user into the mention to store:
// <!subteam^S123> or <@U123>.
func parseMention(s string) (string, error) {
	if m := subteamRef().FindStringSubmatch(s); m != nil {
		return "<!subteam^" + m[1] + ">", nil
	}
	if m := userRef().FindStringSubmatch(s); m != nil {
		return "<@" + m[1] + ">", nil
	}
	return "", errors.New("name a user group (@helpers) or a person, picked from Slack's list, or none")
}

// settings are a workspace's effective settings over the file's and this
// adapter's: answers go in threads unless its admins turn that off.
func (a *Adapter) settings(ctx context.Context, team string) bot.Settings {
	return a.core.Settings(ctx, bot.Slack, team, a.fileSettings(ctx))
}

// fileSettings are the configuration file's settings for ctx's workspace:
// the file's moderator channel belongs to the configured workspace only.
func (a *Adapter) fileSettings(ctx context.Context) bot.Settings {
	s := a.core.FileSettings()
	s.ModChannel, s.Threads = a.modChannel(ctx), true
	return s
}

// Admin notices.
const (
	noticeNotAdmin = "Only workspace admins and owners can change orfix's settings."
	noticeNoStore  = "Settings from chat need orfix's store: ask whoever runs orfix to configure one."
	noticeNoTeam   = "orfix settings belong to a workspace: run /orfix admin in one of its channels."
)

// adminCommand answers /orfix admin privately; a change is then logged to
// the workspace's moderator channel.
func (a *Adapter) adminCommand(ctx context.Context, cmd slackapi.SlashCommand, text string) *slackapi.WebhookMessage {
	if cmd.TeamID == "" {
		return a.render.adminNote(noticeNoTeam)
	}
	if !a.isAdmin(ctx, cmd.UserID) {
		a.log.WarnContext(ctx, "slack: admin command refused", "user", a.ids.Hash(cmd.UserID))
		return a.render.adminNote(noticeNotAdmin)
	}
	c, err := parseAdmin(text)
	if errors.Is(err, errNoAdmin) {
		return a.render.adminNote(adminUsage)
	}
	if err != nil {
		return a.render.adminNote(capitalize(err.Error()) + ".\n" + adminUsage)
	}
	r, err := a.core.Admin(ctx, bot.Slack, cmd.TeamID, cmd.UserID, a.fileSettings(ctx), c)
	switch {
	case errors.Is(err, bot.ErrNoSettingsStore):
		return a.render.adminNote(noticeNoStore)
	case err != nil:
		a.log.ErrorContext(ctx, "slack: admin command failed", "err", bot.SafeError(err))
		return a.render.notice(sorryText)
	}
	if r.Changed {
		channel := r.After.ModChannel
		if channel == "" {
			channel = r.Before.ModChannel
		}
		if channel != "" && a.client(ctx) != nil {
			a.post(ctx, "settings change log", channel, "", bot.AdminLog(r, "<@"+cmd.UserID+">"))
		}
	}
	return a.render.adminNote(bot.AdminReply(r, "this workspace"))
}

// isAdmin reports whether user may run admin commands: listed in
// Config.Admins, or a workspace admin or owner as users.info says. A
// failed lookup refuses.
func (a *Adapter) isAdmin(ctx context.Context, user string) bool {
	if user == "" {
		return false
	}
	if slices.Contains(a.cfg.Admins, user) {
		return true
	}
	api := a.client(ctx)
	if api == nil {
		return false
	}
	u, err := api.GetUserInfoContext(ctx, user)
	if err != nil {
		a.log.WarnContext(ctx, "slack: users.info failed; admin command refused", "user", a.ids.Hash(user), "err", bot.SafeError(err))
		return false
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner
}

// adminNote is a private reply to an admin command. Its text is built by
// orfix from ids it parsed, so Slack's mention syntax stays as is.
func (r *renderer) adminNote(text string) *slackapi.WebhookMessage {
	return message(ephemeral, text, []slackapi.Block{slackapi.NewSectionBlock(mrkdwnText(text), nil, nil)})
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
