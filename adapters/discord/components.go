package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Buttons under an answer: one row.

// labelFullAnswer is the link button to the entry's page.
const labelFullAnswer = "Full answer"

// answerRow is the one row under a first reply: "Fixed it", "Not yet",
// "All steps" and a link to the full answer. asker is who may vote.
func answerRow(entryID, asker, tool, url string) []discordgo.MessageComponent {
	fixed, notYet, steps := customID(actFixed, entryID, asker), customID(actNotYet, entryID, asker), customID(actSteps, entryID, asker, tool)
	if fixed == "" || notYet == "" || steps == "" {
		return linkRow([]bot.Link{{Title: labelFullAnswer, URL: url}})
	}
	buttons := []discordgo.MessageComponent{
		discordgo.Button{Label: "Fixed it", Style: discordgo.SuccessButton, CustomID: fixed},
		discordgo.Button{Label: "Not yet", Style: discordgo.SecondaryButton, CustomID: notYet},
		discordgo.Button{Label: "All steps", Style: discordgo.PrimaryButton, CustomID: steps},
	}
	if url != "" {
		buttons = append(buttons, discordgo.Button{Label: labelFullAnswer, Style: discordgo.LinkButton, URL: url})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// pickRow offers entries as buttons that answer on click (action actPick
// or actNext), followed by an optional link button.
func pickRow(ls []bot.Link, action, asker, tool string, link bot.Link) []discordgo.MessageComponent {
	var buttons []discordgo.MessageComponent
	for _, l := range ls {
		id := customID(action, l.ID, asker, tool)
		if id == "" || len(buttons) == maxRowButtons-1 {
			continue
		}
		buttons = append(buttons, discordgo.Button{Label: clipPlain(bot.ShortTitle(l.Title), maxButtonLabel), Style: discordgo.SecondaryButton, CustomID: id})
	}
	if link.URL != "" {
		buttons = append(buttons, discordgo.Button{Label: clipPlain(link.Title, maxButtonLabel), Style: discordgo.LinkButton, URL: link.URL})
	}
	if len(buttons) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}

// linkRow is a row of link buttons, one per distinct URL, at most five.
func linkRow(ls []bot.Link) []discordgo.MessageComponent {
	var buttons []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, l := range ls {
		if l.URL == "" || seen[l.URL] || len(buttons) == maxRowButtons {
			continue
		}
		seen[l.URL] = true
		buttons = append(buttons, discordgo.Button{Label: clipPlain(l.Title, maxButtonLabel), Style: discordgo.LinkButton, URL: l.URL})
	}
	if len(buttons) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
}
