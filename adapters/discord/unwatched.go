package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// scanUnwatched finds the secrets in a guild message orfix does not answer
// (a channel it can read but does not watch): a key leaked anywhere orfix
// can read is removed, while errors are matched in watched channels only.
// Messages of bots, webhooks, orfix itself and system messages are not
// scanned, nor direct messages (they are always answered).
func (a *Adapter) scanUnwatched(ctx context.Context, m *discordgo.Message, maxAttachment int) []bot.Finding {
	if m == nil || m.GuildID == "" || m.Author == nil || m.Author.ID == "" {
		return nil
	}
	if m.Author.Bot || m.Author.System || m.WebhookID != "" || m.Author.ID == a.selfID() {
		return nil
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return nil
	}
	text := m.Content
	if len(m.Attachments) > 0 {
		atts, _ := a.fetchAttachments(ctx, m.Attachments, maxAttachment)
		for _, at := range atts {
			text += "\n" + at.Text
		}
	}
	return bot.ScanSecrets(text)
}
