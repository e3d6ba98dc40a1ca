package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// The smaller payloads: feedback, steps, notices, the modal, autocomplete
// choices. Every function here is pure.

// renderVoted is the answer message after a vote: the same embed, the
// buttons replaced by a line that says who marked it and what, and the link
// to the full answer kept. It is an UPDATE_MESSAGE response's data.
func renderVoted(m *discordgo.Message, voter string, vote bot.Vote) *discordgo.InteractionResponseData {
	line := fmt.Sprintf("✅ <@%s> marked this answer as fixed.", voter)
	if vote == bot.VoteNotYet {
		line = fmt.Sprintf("↩️ <@%s> marked this answer as not fixed yet; a human is on the way.", voter)
	}
	d := &discordgo.InteractionResponseData{Content: line, AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}, Embeds: []*discordgo.MessageEmbed{}}
	if m == nil {
		return d
	}
	d.Embeds = m.Embeds
	for _, e := range m.Embeds {
		if e != nil && e.URL != "" {
			d.Components = linkRow([]bot.Link{{Title: labelFullAnswer, URL: e.URL}})
			break
		}
	}
	return d
}

// renderHandoff is the public "not yet" message in the thread: the support
// mention (the first time the thread asks), who is still stuck with which
// answer, and the next candidates as buttons that answer on click.
func renderHandoff(r bot.Reply, mention, voter, asker string) *discordgo.InteractionResponseData {
	var b strings.Builder
	if mention != "" {
		b.WriteString(mention + " ")
	}
	title := "this answer"
	if r.Entry != nil {
		title = "“" + clipPlain(r.Entry.Title, 200) + "”"
	}
	fmt.Fprintf(&b, "<@%s> is still stuck after %s.", voter, title)
	if mention == "" {
		b.WriteString(" Support has been asked in this thread already.")
	}
	if len(r.Alternatives) > 0 {
		b.WriteString(" Could it be one of these?")
	}
	d := &discordgo.InteractionResponseData{Content: clip(b.String(), maxContent), AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
	if mention != "" {
		d.AllowedMentions = supportMentions(mention)
	}
	d.Components = append(d.Components, pickRow(r.Alternatives, actNext, asker, r.Tool, bot.Link{Title: labelFullAnswer, URL: r.Link.URL})...)
	return d
}

// renderSteps renders the rest of an answer, privately: the step-by-step
// troubleshooting, the tool's checks, FAQ answers and related errors, each
// once, and the link to the full answer.
func renderSteps(r bot.Reply) *discordgo.InteractionResponseData {
	steps := reflow(r.Steps)
	if strings.TrimSpace(steps) == "" {
		steps = "This entry has no step-by-step section; the full answer has everything known."
	}
	var fields []*discordgo.MessageEmbedField
	if r.ToolChecks != "" {
		fields = append(fields, field("Checks for "+r.ToolName, reflow(r.ToolChecks)))
	}
	for _, qa := range r.FAQ {
		fields = append(fields, field(qa.Question, reflow(qa.Answer)))
	}
	if len(r.Related) > 0 {
		fields = append(fields, field("Related errors", linkList(r.Related, maxFieldValue)))
	}
	em := &discordgo.MessageEmbed{
		Title: clipPlain("All steps: "+r.Entry.Title, maxTitle), URL: r.Link.URL, Color: colorHigh,
		Description: clip("**Step by step**\n"+steps, maxDescription),
	}
	return &discordgo.InteractionResponseData{
		Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		Embeds:     []*discordgo.MessageEmbed{fit(em, fields, nil)},
		Components: linkRow([]bot.Link{{Title: labelFullAnswer, URL: r.Link.URL}}),
	}
}

// renderNotice is a short text reply (an error, a refusal). reminder ends
// it with the redact reminder: only notices that answer a paste carry it.
func renderNotice(text string, private, reminder bool) *discordgo.InteractionResponseData {
	content := clip(noUnfurl(text), maxContent)
	if reminder {
		content = clip(noUnfurl(text), maxContent-width(bot.RedactReminder)-4) + "\n\n_" + bot.RedactReminder + "_"
	}
	d := &discordgo.InteractionResponseData{Content: content, AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
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
