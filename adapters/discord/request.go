package discord

import (
	"path"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Translation: Discord events to bot requests. Every function here is pure.

// command is a parsed /orfix invocation.
type command struct {
	Text    string
	Private bool
	File    *discordgo.MessageAttachment
}

// parseCommand reads the /orfix options. ok is false for another command
// or a payload that is not a slash command.
func parseCommand(i *discordgo.Interaction) (command, bool) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != CommandName {
		return command{}, false
	}
	var c command
	for _, o := range data.Options {
		switch o.Name {
		case OptionError:
			c.Text, _ = o.Value.(string)
		case OptionPrivate:
			c.Private, _ = o.Value.(bool)
		case OptionFile:
			id, _ := o.Value.(string)
			if data.Resolved != nil && id != "" {
				c.File = data.Resolved.Attachments[id]
			}
		}
	}
	return c, true
}

// focusedText returns what the user has typed so far in the option being
// autocompleted.
func focusedText(i *discordgo.Interaction) (string, bool) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != CommandName {
		return "", false
	}
	for _, o := range data.Options {
		if o.Focused {
			s, _ := o.Value.(string)
			return s, true
		}
	}
	return "", true
}

// modalText returns the paste submitted in the /orfix modal and whether the
// answer is private.
func modalText(i *discordgo.Interaction) (text string, private, ok bool) {
	data, isModal := i.Data.(discordgo.ModalSubmitInteractionData)
	if !isModal {
		return "", false, false
	}
	action, arg, isOurs := parseCustomID(data.CustomID)
	if !isOurs || action != actModal {
		return "", false, false
	}
	for _, c := range data.Components {
		row, isRow := c.(*discordgo.ActionsRow)
		if !isRow {
			continue
		}
		for _, rc := range row.Components {
			if in, isInput := rc.(*discordgo.TextInput); isInput && in.CustomID == modalInputID {
				text = in.Value
			}
		}
	}
	return text, arg == modalPrivate, true
}

// clickedButton reads what a clicked button of ours carries.
func clickedButton(i *discordgo.Interaction) (button, bool) {
	data, isComponent := i.Data.(discordgo.MessageComponentInteractionData)
	if !isComponent {
		return button{}, false
	}
	b, ok := parseButton(data.CustomID)
	if !ok || b.Entry == "" {
		return button{}, false
	}
	return b, true
}

// shownEntries lists the entry ids a message of ours links to (its embed
// and link buttons), so "Not yet" offers entries not shown yet.
func shownEntries(m *discordgo.Message, publicURL string) []string {
	if m == nil {
		return nil
	}
	prefix := publicURL + "/kb/"
	var ids []string
	add := func(u string) {
		id, ok := strings.CutPrefix(u, prefix)
		if ok && id != "" && !strings.ContainsAny(id, "/?#") && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, e := range m.Embeds {
		if e != nil {
			add(e.URL)
		}
	}
	for _, c := range m.Components {
		row, isRow := c.(*discordgo.ActionsRow)
		if !isRow {
			continue
		}
		for _, rc := range row.Components {
			if b, isButton := rc.(*discordgo.Button); isButton && b.URL != "" {
				add(b.URL)
			}
		}
	}
	return ids
}

// interactionRequest is the bot request for an interaction.
func interactionRequest(i *discordgo.Interaction, mode bot.Mode, text string) bot.Request {
	return bot.Request{Platform: bot.Discord, Mode: mode, Community: i.GuildID, Channel: i.ChannelID, User: interactionUser(i), Text: text}
}

// messageRequest translates a channel message. ok is false for a message
// the bot must ignore: its own, another bot's or a webhook's, a system
// message, or chat in a guild channel it neither watches nor is mentioned in.
// A direct message or a mention of the bot is an explicit request.
func messageRequest(m *discordgo.Message, botID string, watched bool) (bot.Request, bool) {
	if m == nil || m.Author == nil || m.Author.ID == "" {
		return bot.Request{}, false
	}
	if m.Author.Bot || m.Author.System || m.Author.ID == botID || m.WebhookID != "" {
		return bot.Request{}, false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return bot.Request{}, false
	}
	req := bot.Request{Platform: bot.Discord, Community: m.GuildID, Channel: m.ChannelID, User: m.Author.ID, Text: stripMention(m.Content, botID)}
	switch {
	case m.GuildID == "" || mentionsBot(m, botID):
		req.Mode = bot.Explicit
	case watched:
		req.Mode = bot.Passive
	default:
		return bot.Request{}, false
	}
	return req, true
}

// mentionsBot reports whether a message mentions the bot.
func mentionsBot(m *discordgo.Message, botID string) bool {
	if botID == "" {
		return false
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+botID+">") || strings.Contains(m.Content, "<@!"+botID+">")
}

// stripMention removes the bot's mention from a message.
func stripMention(s, botID string) string {
	if botID == "" {
		return s
	}
	s = strings.ReplaceAll(s, "<@"+botID+">", "")
	s = strings.ReplaceAll(s, "<@!"+botID+">", "")
	return strings.TrimSpace(s)
}

// textAttachment reports whether an attachment is text worth reading
// (Discord turns a long message into message.txt).
func textAttachment(a *discordgo.MessageAttachment) bool {
	if a == nil || a.URL == "" {
		return false
	}
	ct := strings.ToLower(a.ContentType)
	if strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/json") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "application/octet-stream") {
		return false
	}
	switch strings.ToLower(path.Ext(a.Filename)) {
	case ".txt", ".log", ".json", ".jsonl", ".md", ".yaml", ".yml", ".toml", ".csv", ".out", ".err", ".trace":
		return true
	}
	return false
}
