package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// AlertModerators posts text to the moderator channel, if one is
// configured and the gateway token is set; it mentions no one. orfix serve
// sends the bot's incident alerts through it.
func (a *Adapter) AlertModerators(ctx context.Context, text string) {
	if a.cfg.ModChannel == "" || a.cfg.Token == "" {
		return
	}
	send := &discordgo.MessageSend{Content: text, AllowedMentions: &discordgo.MessageAllowedMentions{}}
	if _, err := a.session.ChannelMessageSendComplex(a.cfg.ModChannel, send, discordgo.WithContext(ctx)); err != nil {
		a.log.ErrorContext(ctx, "moderator alert", "channel", a.cfg.ModChannel, "err", err)
	}
}
