package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
)

// Buttons under an answer.

// feedbackRow is the row of "Fixed it", "Not yet" and "Show all steps".
func feedbackRow(entryID string) []discordgo.MessageComponent {
	fixed, notYet, steps := customID(actFixed, entryID), customID(actNotYet, entryID), customID(actSteps, entryID)
	if fixed == "" || notYet == "" || steps == "" {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Fixed it", Style: discordgo.SuccessButton, CustomID: fixed},
		discordgo.Button{Label: "Not yet", Style: discordgo.SecondaryButton, CustomID: notYet},
		discordgo.Button{Label: "Show all steps", Style: discordgo.PrimaryButton, CustomID: steps},
	}}}
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
