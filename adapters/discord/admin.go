package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// /orfix-admin: a server's settings from chat. Discord shows the command
// only to members with Manage Server (default_member_permissions); the
// adapter checks the permissions the interaction carries again, since a
// server may override who sees a command.

// The /orfix-admin command, its subcommands and options.
const (
	AdminCommandName = "orfix-admin"
	optChannel       = "channel"
	optRole          = "role"
	optOn            = "on"
	optLevel         = "level"
)

// manageGuild is the permission /orfix-admin asks for by default.
var manageGuild int64 = discordgo.PermissionManageGuild

// adminCommand is the /orfix-admin command, with a subcommand per setting.
func adminCommand() *discordgo.ApplicationCommand {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	textChannels := []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews, discordgo.ChannelTypeGuildForum}
	channel := func(desc string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionChannel, Name: optChannel, Description: desc, Required: required, ChannelTypes: textChannels}
	}
	var levels []*discordgo.ApplicationCommandOptionChoice
	for _, e := range bot.Eagernesses() {
		levels = append(levels, &discordgo.ApplicationCommandOptionChoice{Name: string(e), Value: string(e)})
	}
	sub := func(op bot.AdminOp, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionSubCommand, Name: string(op), Description: desc, Options: opts}
	}
	return &discordgo.ApplicationCommand{
		Name:                     AdminCommandName,
		Type:                     discordgo.ChatApplicationCommand,
		Description:              "orfix settings for this server (Manage Server).",
		DefaultMemberPermissions: &manageGuild,
		Contexts:                 &contexts,
		Options: []*discordgo.ApplicationCommandOption{
			sub(bot.AdminListen, "Answer pasted errors in a channel without being asked.", channel("The channel to listen in.", true)),
			sub(bot.AdminStop, "Stop listening in a channel.", channel("The channel to stop listening in.", true)),
			sub(bot.AdminSupport, `The role "Not yet" calls for a human; leave it out for no one.`,
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionRole, Name: optRole, Description: "The support role."}),
			sub(bot.AdminModChannel, "Where key-leak alerts and settings changes go; leave it out for none.", channel("The moderator channel.", false)),
			sub(bot.AdminThreads, "Answer in a thread started on the message.",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionBoolean, Name: optOn, Description: "On or off.", Required: true}),
			sub(bot.AdminEagerness, "How readily orfix answers without being asked.",
				&discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: optLevel, Description: "off, quiet, normal (the default) or eager.", Required: true, Choices: levels}),
			sub(bot.AdminShow, "Show this server's orfix settings."),
			sub(bot.AdminHistory, "Show the last 10 changes of this server's orfix settings."),
		},
	}
}

// errNotAdminCommand: the interaction is not a well-formed /orfix-admin.
var errNotAdminCommand = errors.New("not an /orfix-admin command")

// parseAdmin reads an /orfix-admin interaction into a bot command. Role
// and channel options carry ids; the support role becomes its mention.
func parseAdmin(i *discordgo.Interaction) (bot.AdminCommand, error) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != AdminCommandName || len(data.Options) != 1 || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return bot.AdminCommand{}, errNotAdminCommand
	}
	sub := data.Options[0]
	cmd := bot.AdminCommand{Op: bot.AdminOp(sub.Name)}
	for _, o := range sub.Options {
		switch o.Name {
		case optChannel:
			cmd.Channel, _ = o.Value.(string)
		case optRole:
			role, _ := o.Value.(string)
			if role == i.GuildID {
				return bot.AdminCommand{}, errors.New("pick a role other than @everyone")
			}
			if role != "" {
				cmd.Mention = "<@&" + role + ">"
			}
		case optOn:
			cmd.On, _ = o.Value.(bool)
		case optLevel:
			level, _ := o.Value.(string)
			cmd.Eagerness = bot.Eagerness(level)
		}
	}
	switch cmd.Op {
	case bot.AdminListen, bot.AdminStop:
		if cmd.Channel == "" {
			return bot.AdminCommand{}, errors.New("name a channel")
		}
	case bot.AdminSupport, bot.AdminModChannel, bot.AdminThreads, bot.AdminEagerness, bot.AdminShow, bot.AdminHistory:
	default:
		return bot.AdminCommand{}, errNotAdminCommand
	}
	return cmd, nil
}

// serverAdmin reports whether the member behind i may manage the server:
// Discord computed the member's permissions for the interaction.
func serverAdmin(i *discordgo.Interaction) bool {
	return i.GuildID != "" && i.Member != nil &&
		i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0
}

// Admin notices.
const (
	noticeNotAdmin   = "Only members who can manage this server can change orfix's settings."
	noticeAdminGuild = "orfix settings belong to a server: run /orfix-admin in one of its channels."
	noticeNoStore    = "Settings from chat need orfix's store: ask whoever runs orfix to configure one."
)

// settings are a server's effective settings over the file's and this
// adapter's.
func (a *Adapter) settings(ctx context.Context, guild string) bot.Settings {
	return a.core.Settings(ctx, bot.Discord, guild, a.fileSettings())
}

// fileSettings are the settings the configuration file gives.
func (a *Adapter) fileSettings() bot.Settings {
	s := a.core.FileSettings()
	s.ModChannel, s.Threads = a.cfg.ModChannel, a.cfg.ReplyInThread
	return s
}

// onAdmin answers /orfix-admin, privately; a change is then logged to the
// server's moderator channel.
func (a *Adapter) onAdmin(ctx context.Context, i *discordgo.Interaction) outcome {
	user := interactionUser(i)
	switch {
	case i.GuildID == "":
		return respond(renderNotice(noticeAdminGuild, true, false))
	case !serverAdmin(i):
		a.log.WarnContext(ctx, "admin command refused", "interaction", a.ids.Hash(i.ID), "user", a.ids.Hash(user))
		return respond(renderNotice(noticeNotAdmin, true, false))
	}
	cmd, err := parseAdmin(i)
	if errors.Is(err, errNotAdminCommand) {
		return respond(renderNotice(noticeUnknown, true, false))
	}
	if err != nil {
		return respond(renderNotice(capitalize(err.Error())+".", true, false))
	}
	r, err := a.core.Admin(ctx, bot.Discord, i.GuildID, user, a.fileSettings(), cmd)
	switch {
	case errors.Is(err, bot.ErrNoSettingsStore):
		return respond(renderNotice(noticeNoStore, true, false))
	case err != nil:
		a.log.ErrorContext(ctx, "admin command", "interaction", a.ids.Hash(i.ID), "err", bot.SafeError(err))
		return respond(renderNotice(noticeFailed, true, false))
	}
	out := respond(renderNotice(bot.AdminReply(r, "this server"), true, false))
	if r.Changed {
		out.later = func(ctx context.Context) { a.logChange(ctx, r, user) }
	}
	return out
}

// logChange posts who changed what to the moderator channel: the one in
// effect after the change, or the one before when the change removed it.
// It needs the bot token; it pings no one.
func (a *Adapter) logChange(ctx context.Context, r bot.AdminResult, user string) {
	channel := r.After.ModChannel
	if channel == "" {
		channel = r.Before.ModChannel
	}
	if channel == "" || a.cfg.Token == "" {
		return
	}
	send := &discordgo.MessageSend{Content: bot.AdminLog(r, "<@"+user+">"), AllowedMentions: noMentions()}
	if _, err := a.session.ChannelMessageSendComplex(channel, send, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "settings change log", "channel", a.ids.Hash(channel), "err", bot.SafeError(err))
	}
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return fmt.Sprintf("%c%s", s[0]-'a'+'A', s[1:])
}
