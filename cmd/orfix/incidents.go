package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/orfix/orfix/adapters/web"
	"github.com/orfix/orfix/bot"
)

// incidentAlertTimeout bounds posting one incident alert through one
// adapter: to every community's moderator channel (at most
// bot.MaxAlertCommunities, a few at a time).
const incidentAlertTimeout = time.Minute

// alertIncidents logs every incident start and end and posts it to each
// adapter's moderator channel, off the request path.
func alertIncidents(core *bot.Bot, log *slog.Logger, alerts ...func(context.Context, string)) {
	core.OnIncident(func(ev bot.IncidentEvent) {
		log.Warn("incident", "started", ev.Started, "entry", ev.Incident.EntryID, "source", ev.Incident.Source,
			"answers", ev.Incident.Answers, "channels", ev.Incident.Channels, "moderator_channels", len(alerts))
		text := ev.Text()
		for _, alert := range alerts {
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), incidentAlertTimeout)
				defer cancel()
				alert(ctx, text)
			}()
		}
	})
}

// adminIncidents lists the active incidents for the operator dashboard.
func adminIncidents(core *bot.Bot) func(context.Context) []web.AdminIncident {
	return func(context.Context) []web.AdminIncident {
		active, _ := core.Incidents()
		out := make([]web.AdminIncident, 0, len(active))
		for _, in := range active {
			out = append(out, web.AdminIncident{EntryID: in.EntryID, Communities: in.Channels, Users: in.Answers, Since: in.Started})
		}
		return out
	}
}
