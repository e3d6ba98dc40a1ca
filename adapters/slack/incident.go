package slack

import (
	"context"

	"github.com/orfix/orfix/bot"
)

// alertTarget is one moderator channel an alert goes to, and the
// workspace whose token posts there.
type alertTarget struct {
	ws      *workspace
	team    string // "" for the configured workspace before auth.test
	channel string
}

// AlertModerators posts text, once each, to the moderator channel of the
// configured workspace (the file's, or the one its admins set) and to the
// moderator channel every workspace installed through OAuth set with
// /orfix admin modchannel (at most bot.MaxAlertCommunities of those), each
// with its own workspace's token. A workspace that fails is logged and
// the others still get the alert. orfix serve sends the bot's incident
// alerts through it.
func (a *Adapter) AlertModerators(ctx context.Context, text string) {
	targets := a.alertTargets(ctx)
	bot.FanOut(ctx, len(targets), func(ctx context.Context, i int) {
		t := targets[i]
		a.post(withWorkspace(ctx, t.ws), "moderator alert", t.channel, "", text)
	})
}

// alertTargets are the moderator channels of AlertModerators, without
// repeats: installed workspaces first, as their events are answered with
// the installation's token (see forTeam).
func (a *Adapter) alertTargets(ctx context.Context) []alertTarget {
	var out []alertTarget
	seen := map[[2]string]bool{}
	add := func(t alertTarget) {
		k := [2]string{t.team, t.channel}
		if t.channel == "" || t.ws == nil || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, t)
	}
	if a.installs != nil {
		stored, cut, err := a.core.ModChannels(ctx, bot.Slack, bot.MaxAlertCommunities)
		switch {
		case err != nil:
			a.log.ErrorContext(ctx, "slack: moderator alert: workspaces' moderator channels unavailable", "err", bot.SafeError(err))
		case cut:
			a.log.WarnContext(ctx, "slack: moderator alert: more workspaces set a moderator channel than one alert reaches", "posted_to", bot.MaxAlertCommunities)
		}
		unopened := 0
		for _, m := range stored {
			if m.Sealed == nil {
				continue // the configured workspace (below) or one no longer installed
			}
			s, err := a.openInstall(m.Sealed)
			if err != nil {
				unopened++
				continue
			}
			add(alertTarget{ws: a.installedWorkspace(s), team: s.TeamID, channel: m.Channel})
		}
		if unopened > 0 {
			a.log.WarnContext(ctx, "slack: moderator alert: installations that cannot be opened are left out", "count", unopened)
		}
	}
	if a.single != nil {
		base := withWorkspace(ctx, a.single)
		team := a.identity().TeamID
		s := a.fileSettings(base)
		if team != "" {
			s = a.core.Settings(base, bot.Slack, team, s)
		}
		add(alertTarget{ws: a.single, team: team, channel: s.ModChannel})
	}
	return out
}
