package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// The /orfix command and its options: the one place they are defined.
const (
	CommandName   = "orfix"
	OptionError   = "error"
	OptionPrivate = "private"
	OptionFile    = "file"
)

// maxOptionText is Discord's limit for a string option.
const maxOptionText = 6000

// Commands returns the application commands orfix registers.
func Commands() []*discordgo.ApplicationCommand {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	return []*discordgo.ApplicationCommand{{
		Name:        CommandName,
		Type:        discordgo.ChatApplicationCommand,
		Description: "Explain an OpenRouter error: paste it, or run /orfix alone for a box that takes long traces.",
		Contexts:    &contexts,
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         OptionError,
				Description:  "The error text (remove API keys first); type a few words to pick a known error.",
				Autocomplete: true,
				MaxLength:    maxOptionText,
			},
			{
				Type:        discordgo.ApplicationCommandOptionBoolean,
				Name:        OptionPrivate,
				Description: "Only you see the answer.",
			},
			{
				Type:        discordgo.ApplicationCommandOptionAttachment,
				Name:        OptionFile,
				Description: "A text file with the error or log (for example message.txt).",
			},
		},
	}, adminCommand()}
}

// RegisterCommands overwrites the application's commands with Commands(),
// in each configured guild or globally. It needs the bot token and app id.
func (a *Adapter) RegisterCommands(ctx context.Context) error {
	if a.cfg.Token == "" || a.cfg.AppID == "" {
		return errors.New("discord: register commands: bot token and app id are required")
	}
	guilds := a.cfg.GuildIDs
	if len(guilds) == 0 {
		guilds = []string{""}
	}
	var errs []error
	for _, g := range guilds {
		endpoint := discordgo.EndpointApplicationGlobalCommands(a.cfg.AppID)
		if g != "" {
			endpoint = discordgo.EndpointApplicationGuildCommands(a.cfg.AppID, g)
		}
		_, err := a.session.RequestWithBucketID(http.MethodPut, endpoint, wireCommands(Commands()), endpoint, discordgo.WithContext(ctx))
		if err != nil {
			errs = append(errs, fmt.Errorf("discord: register commands (guild %q): %w", g, err))
			continue
		}
		a.log.InfoContext(ctx, "commands registered", "guild", g, "count", len(Commands()))
	}
	return errors.Join(errs...)
}

// wireCommand is a command as the bulk overwrite sends it: discordgo
// writes default_member_permissions as a string, Discord's published
// schema has a number; the outer field, less deeply nested, wins.
type wireCommand struct {
	*discordgo.ApplicationCommand
	DefaultMemberPermissions *int64 `json:"default_member_permissions,omitempty"`
}

func wireCommands(cmds []*discordgo.ApplicationCommand) []wireCommand {
	out := make([]wireCommand, len(cmds))
	for i, c := range cmds {
		out[i] = wireCommand{ApplicationCommand: c, DefaultMemberPermissions: c.DefaultMemberPermissions}
	}
	return out
}
