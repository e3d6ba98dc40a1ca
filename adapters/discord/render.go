package discord

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Rendering: bot.Reply to Discord payloads. Every function here is pure.
// A reply is one embed within Discord's limits: the entry's meaning and
// quick fixes first, then the detected tool's checks, FAQ answers, other
// candidates and related errors as fields, the entry link always, and the
// redact reminder as the footer.

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
	// Feedback adds the "Fixed it", "Not yet" and "Show all steps" buttons.
	Feedback bool
	// Index is the knowledge base's index page, <public_url>/kb/.
	Index string
}

// renderReply renders an answer: an entry, or the low-confidence triage.
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
	if r.Entry != nil {
		e = entryEmbed(r)
		if v.Feedback {
			d.Components = append(d.Components, feedbackRow(r.Entry.ID)...)
		}
		links := append([]bot.Link{{Title: "Full article", URL: r.Link.URL}}, r.Alternatives...)
		d.Components = append(d.Components, linkRow(append(links, r.Related...))...)
	} else {
		e = lowEmbed(r, v.Index)
		d.Components = append(d.Components, linkRow(r.Alternatives)...)
	}
	if r.HasSecrets() {
		e.Color = colorSecret
	}
	d.Embeds = []*discordgo.MessageEmbed{e}
	return d
}

// entryEmbed is the embed for a High or Middling answer.
func entryEmbed(r bot.Reply) *discordgo.MessageEmbed {
	var desc []string
	color := colorHigh
	if r.Level == bot.Middling {
		color = colorMiddling
		desc = append(desc, fmt.Sprintf("_Probably this one (confidence %.2f). If it does not fit, see **Could also be**._", r.Confidence))
	}
	desc = append(desc, reflow(r.Meaning), "**Quick fixes**\n"+reflow(r.QuickFixes))
	var fields []*discordgo.MessageEmbedField
	if r.ToolChecks != "" {
		fields = append(fields, field("Checks for "+r.ToolName, reflow(r.ToolChecks)))
	}
	for _, qa := range r.FAQ {
		fields = append(fields, field(qa.Question, reflow(qa.Answer)))
	}
	var alts []bot.Link
	if r.Level == bot.Middling {
		alts = r.Alternatives
	}
	if len(alts) > 0 {
		fields = append(fields, field("Could also be", linkList(alts, maxFieldValue)))
	}
	if related := without(r.Related, alts); len(related) > 0 {
		fields = append(fields, field("Related errors", linkList(related, maxFieldValue)))
	}
	e := &discordgo.MessageEmbed{
		Title: clipPlain(r.Entry.Title, maxTitle), URL: r.Link.URL, Color: color,
		Description: strings.Join(nonEmpty(desc), "\n\n"),
	}
	return fit(e, fields, field("Full article", mdLink(clipPlain(r.Entry.Title, 200), r.Link.URL)))
}

// lowEmbed is the embed for a paste the bot does not recognise.
func lowEmbed(r bot.Reply, index string) *discordgo.MessageEmbed {
	var steps []string
	for i, s := range bot.TriageSteps {
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, s))
	}
	var fields []*discordgo.MessageEmbedField
	if len(r.Alternatives) > 0 {
		fields = append(fields, field("Closest entries", linkList(r.Alternatives, maxFieldValue)))
	}
	e := &discordgo.MessageEmbed{
		Title: "I'm not sure which error this is", URL: index, Color: colorLow,
		Description: "**General triage**\n" + strings.Join(steps, "\n"),
	}
	return fit(e, fields, field("All known errors", mdLink("The orfix knowledge base", index)))
}

// field is an embed field cut to Discord's limits.
func field(name, value string) *discordgo.MessageEmbedField {
	value = strings.TrimSpace(value)
	if value == "" {
		value = ellipsis
	}
	return &discordgo.MessageEmbedField{Name: clipPlain(name, maxFieldName), Value: clip(value, maxFieldValue)}
}

// fit sets the footer and fields of e and keeps the embed within Discord's
// limits: optional fields are dropped from the end, then the description
// is cut. last (the entry link) is always kept.
func fit(e *discordgo.MessageEmbed, optional []*discordgo.MessageEmbedField, last *discordgo.MessageEmbedField) *discordgo.MessageEmbed {
	e.Footer = &discordgo.MessageEmbedFooter{Text: bot.RedactReminder}
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

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// without returns ls minus the links whose URL is in drop.
func without(ls, drop []bot.Link) []bot.Link {
	var out []bot.Link
	for _, l := range ls {
		if !slices.ContainsFunc(drop, func(d bot.Link) bool { return d.URL == l.URL }) {
			out = append(out, l)
		}
	}
	return out
}
