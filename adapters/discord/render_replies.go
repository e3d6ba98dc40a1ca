package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// The smaller payloads: feedback, steps, notices, the modal, autocomplete
// choices. Every function here is pure.

// renderFeedback renders the answer to a "Fixed it" / "Not yet" vote.
func renderFeedback(r bot.Reply, private bool) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
	if private {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	if r.Support != "" {
		d.Content = clip("Asking for a human: "+r.Support, maxContent)
		d.AllowedMentions = supportMentions(r.Support)
	}
	desc := r.Acknowledged
	if len(r.Alternatives) > 0 {
		desc += "\n" + linkList(r.Alternatives, maxDescription-width(desc)-1)
	}
	e := &discordgo.MessageEmbed{Description: clip(desc, maxDescription), Color: colorHigh}
	var last *discordgo.MessageEmbedField
	if r.Entry != nil {
		e.Title, e.URL = clipPlain(r.Entry.Title, maxTitle), r.Link.URL
		last = field("Full article", mdLink(clipPlain(r.Entry.Title, 200), r.Link.URL))
		d.Components = append(d.Components, linkRow(append([]bot.Link{{Title: "Full article", URL: r.Link.URL}}, r.Alternatives...))...)
	}
	d.Embeds = []*discordgo.MessageEmbed{fit(e, nil, last)}
	return d
}

// renderSteps renders an entry's full step-by-step troubleshooting.
func renderSteps(e *knowledge.Entry, url string) *discordgo.InteractionResponseData {
	steps := reflow(knowledge.RewriteKBLinks(e.SectionText(knowledge.SecSteps), strings.TrimSuffix(url, "/kb/"+e.ID)))
	if strings.TrimSpace(steps) == "" {
		steps = "This entry has no step-by-step section; the full article has everything known."
	}
	em := &discordgo.MessageEmbed{
		Title: clipPlain("Step by step: "+e.Title, maxTitle), URL: url, Color: colorHigh,
		Description: clip(steps, maxDescription),
	}
	return &discordgo.InteractionResponseData{
		Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		Embeds:     []*discordgo.MessageEmbed{fit(em, nil, field("Full article", mdLink(clipPlain(e.Title, 200), url)))},
		Components: linkRow([]bot.Link{{Title: "Full article", URL: url}}),
	}
}

// renderNotice is a short text reply (an error, a refusal) that ends with
// the redact reminder.
func renderNotice(text string, private bool) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{
		Content:         clip(noUnfurl(text), maxContent-width(bot.RedactReminder)-4) + "\n\n_" + bot.RedactReminder + "_",
		AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{},
	}
	if private {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return d
}

// renderModal is the modal that takes a long paste.
func renderModal(private bool) *discordgo.InteractionResponse {
	id := customID(actModal, "")
	if private {
		id = customID(actModal, modalPrivate)
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: id,
			Title:    "Paste the error",
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{
					CustomID: modalInputID, Label: "Error text (remove API keys first)",
					Style: discordgo.TextInputParagraph, Required: true, MaxLength: maxModalInput,
					Placeholder: "The full error or stack trace; orfix masks any key it sees.",
				},
			}}},
		},
	}
}

// renderChoices turns suggestions into autocomplete choices whose value is
// the entry id.
func renderChoices(sugs []knowledge.Suggestion) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(sugs), maxChoices))
	for _, s := range sugs {
		if len(out) == maxChoices {
			break
		}
		name := clipPlain(s.Name, maxChoiceText)
		if name == "" || s.ID == "" || width(s.ID) > maxChoiceText {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: s.ID})
	}
	return out
}
