package slack

import (
	"context"

	slackapi "github.com/slack-go/slack"
)

// AlertModerators posts text to the moderator channel, if one is
// configured (it needs the bot token). orfix serve sends the bot's
// incident alerts through it.
func (a *Adapter) AlertModerators(ctx context.Context, text string) {
	if a.cfg.ModChannel == "" || a.api == nil {
		return
	}
	if _, _, err := a.api.PostMessageContext(ctx, a.cfg.ModChannel, slackapi.MsgOptionText(text, false)); err != nil {
		a.log.ErrorContext(ctx, "slack: could not alert the moderators", "channel", a.cfg.ModChannel, "err", err)
	}
}
