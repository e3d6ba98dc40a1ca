package discord

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Rendering: bot.Reply to Discord payloads. Every function here is pure.
// A first reply is short: one embed with the title, one sentence of what
// orfix read and the fixes that fit the paste, the redact reminder as the
// footer, and one row of buttons. Everything else (the tool's checks, FAQ,
// related errors) is behind "All steps" and the full answer's page.

// Discord's limits (developers/resources/message, components/reference).
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxEmbedTotal  = 6000
	maxButtonLabel = 80
	maxRowButtons  = 5
	maxChoices     = 25
	maxChoiceText  = 100
	maxThreadName  = 100
	// firstReplyBudget is the most visible characters of a first reply's
	// embed (title, description, fields, footer).
	firstReplyBudget = 900
)

// Embed colours by confidence.
const (
	colorHigh     = 0x2ECC71
	colorMiddling = 0xF1C40F
	colorLow      = 0x95A5A6
	colorSecret   = 0xE74C3C
)

// view says how to show a reply.
type view struct {
	// Private makes an interaction reply ephemeral (a reply whose paste
	// held a secret always is).
	Private bool
	// Action is what the bot did about a leaked secret (bot.SecretWarning).
	Action string
	// Feedback adds the "Fixed it", "Not yet" and "All steps" buttons.
	Feedback bool
	// Asker is who asked: the only one (with moderators) who may vote or
	// choose among candidates.
	Asker string
	// Index is the knowledge base's index page, <public_url>/kb/.
	Index string
}

// renderReply renders a first reply: the short answer, the "which of
// these" question when the matcher is torn, or the triage for an unknown
// error.
func renderReply(r bot.Reply, v view) *discordgo.InteractionResponseData {
	d := &discordgo.InteractionResponseData{AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
	var content []string
	if r.HasSecrets() {
		content = append(content, bot.SecretWarning(r.Secrets, v.Action))
	}
	for _, n := range r.Notes {
		content = append(content, "_"+n+"_")
	}
	d.Content = clip(noUnfurl(strings.Join(content, "\n\n")), maxContent)
	if v.Private || r.HasSecrets() {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	var e *discordgo.MessageEmbed
	switch {
	case r.Entry == nil:
		e = lowEmbed(r, v.Index)
		d.Components = append(d.Components, pickRow(r.Alternatives, actPick, v.Asker, r.Tool, bot.Link{Title: "All known errors", URL: v.Index})...)
	case r.Ambiguous:
		e = whichEmbed(r)
		d.Components = append(d.Components, pickRow(r.Candidates, actPick, v.Asker, r.Tool, bot.Link{})...)
	default:
		e = shortEmbed(r)
		if v.Feedback {
			d.Components = append(d.Components, answerRow(r.Entry.ID, v.Asker, r.Tool, r.Link.URL)...)
		} else {
			d.Components = append(d.Components, linkRow([]bot.Link{{Title: labelFullAnswer, URL: r.Link.URL}})...)
		}
	}
	if r.HasSecrets() {
		e.Color = colorSecret
	}
	d.Embeds = []*discordgo.MessageEmbed{e}
	return d
}

// shortEmbed is the first reply for an entry: title, what orfix read and
// the entry's summary in one sentence, and the fixes that fit, within
// firstReplyBudget. Fixes are dropped from the end, then cut, to fit.
func shortEmbed(r bot.Reply) *discordgo.MessageEmbed {
	color := colorHigh
	var head []string
	if s := r.Sureness(); s != "" {
		color = colorMiddling
		head = append(head, "_"+s+"_")
	}
	head = append(head, r.Lead())
	e := &discordgo.MessageEmbed{Title: clipPlain(r.Entry.Title, maxTitle), URL: r.Link.URL, Color: color,
		Footer: &discordgo.MessageEmbedFooter{Text: bot.RedactReminder}}
	budget := firstReplyBudget - width(e.Title) - width(e.Footer.Text)
	lead := clip(strings.Join(head, "\n"), budget)
	fixes := r.FixesWithin(bot.FirstReplyText)
	for {
		desc := lead
		if len(fixes) > 0 {
			desc += "\n\n" + numberedList(fixes)
		}
		if width(desc) <= budget || len(fixes) <= 1 {
			e.Description = clip(desc, budget)
			return e
		}
		fixes = fixes[:len(fixes)-1]
	}
}

// numberedList renders fixes as a numbered list, each reflowed.
func numberedList(items []string) string {
	var lines []string
	for i, s := range items {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, reflow(s)))
	}
	return strings.Join(lines, "\n")
}

// whichEmbed asks which of the candidates matches; the buttons answer.
func whichEmbed(r bot.Reply) *discordgo.MessageEmbed {
	desc := []string{}
	if r.Read != "" {
		desc = append(desc, r.Read+".")
	}
	var titles []string
	for i, c := range r.Candidates {
		titles = append(titles, fmt.Sprintf("%d. %s", i+1, clipPlain(c.Title, 200)))
	}
	desc = append(desc, strings.Join(titles, "\n"))
	return &discordgo.MessageEmbed{
		Title: "Which of these matches?", Color: colorMiddling,
		Description: clip(strings.Join(desc, "\n\n"), maxDescription),
		Footer:      &discordgo.MessageEmbedFooter{Text: bot.RedactReminder},
	}
}

// lowEmbed is the embed for a paste the bot does not recognise: what it
// read, and the general triage; the closest entries are buttons.
func lowEmbed(r bot.Reply, index string) *discordgo.MessageEmbed {
	var desc []string
	if r.Read != "" {
		desc = append(desc, r.Read+".")
	}
	var steps []string
	for i, s := range bot.TriageStepsFor(bot.Discord) {
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, s))
	}
	desc = append(desc, "**General triage**\n"+strings.Join(steps, "\n"))
	return &discordgo.MessageEmbed{
		Title: "I'm not sure which error this is", URL: index, Color: colorLow,
		Description: clip(strings.Join(desc, "\n\n"), maxDescription),
		Footer:      &discordgo.MessageEmbedFooter{Text: bot.RedactReminder},
	}
}

// field is an embed field cut to Discord's limits.
func field(name, value string) *discordgo.MessageEmbedField {
	value = strings.TrimSpace(value)
	if value == "" {
		value = ellipsis
	}
	return &discordgo.MessageEmbedField{Name: clipPlain(name, maxFieldName), Value: clip(value, maxFieldValue)}
}

// fit sets the fields of e and keeps the embed within Discord's limits:
// optional fields are dropped from the end, then the description is cut.
// last (the entry link) is always kept.
func fit(e *discordgo.MessageEmbed, optional []*discordgo.MessageEmbedField, last *discordgo.MessageEmbedField) *discordgo.MessageEmbed {
	e.Description = clip(e.Description, maxDescription)
	reserve := 0
	if last != nil {
		reserve = 1
	}
	optional = optional[:min(len(optional), maxFields-reserve)]
	for {
		e.Fields = slices.Clone(optional)
		if last != nil {
			e.Fields = append(e.Fields, last)
		}
		over := embedSize(e) - maxEmbedTotal
		if over <= 0 {
			return e
		}
		if len(optional) == 0 {
			e.Description = clip(e.Description, max(width(e.Description)-over, 0))
			return e
		}
		optional = optional[:len(optional)-1]
	}
}

// embedSize is what Discord counts toward the 6000-character total.
func embedSize(e *discordgo.MessageEmbed) int {
	n := width(e.Title) + width(e.Description)
	if e.Footer != nil {
		n += width(e.Footer.Text)
	}
	if e.Author != nil {
		n += width(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += width(f.Name) + width(f.Value)
	}
	return n
}
