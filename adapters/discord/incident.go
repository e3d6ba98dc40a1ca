package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// AlertModerators posts text, once each, to the configured moderator
// channel and to every moderator channel a server set with /orfix-admin
// modchannel (at most bot.MaxAlertCommunities of those; one bot token
// reaches every server). It needs the gateway token and mentions no one;
// a channel that fails is logged and the others still get the alert.
// orfix serve sends the bot's incident alerts through it.
func (a *Adapter) AlertModerators(ctx context.Context, text string) {
	if a.cfg.Token == "" {
		return
	}
	var channels []string
	seen := map[string]bool{"": true}
	add := func(ch string) {
		if !seen[ch] {
			seen[ch] = true
			channels = append(channels, ch)
		}
	}
	add(a.cfg.ModChannel)
	stored, cut, err := a.core.ModChannels(ctx, bot.Discord, bot.MaxAlertCommunities)
	switch {
	case err != nil:
		a.log.ErrorContext(ctx, "moderator alert: servers' moderator channels unavailable; the configured one only", "err", bot.SafeError(err))
	case cut:
		a.log.WarnContext(ctx, "moderator alert: more servers set a moderator channel than one alert reaches", "posted_to", bot.MaxAlertCommunities)
	}
	for _, m := range stored {
		add(m.Channel)
	}
	bot.FanOut(ctx, len(channels), func(ctx context.Context, i int) {
		send := &discordgo.MessageSend{Content: text, AllowedMentions: noMentions()}
		if _, err := a.session.ChannelMessageSendComplex(channels[i], send, discordgo.WithContext(ctx)); err != nil {
			a.log.ErrorContext(ctx, "moderator alert", "channel", a.ids.Hash(channels[i]), "err", bot.SafeError(err))
		}
	})
}
