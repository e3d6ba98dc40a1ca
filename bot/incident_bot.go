package bot

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/orfix/orfix/knowledge"
)

// IncidentLine is what a first reply leads with while many people hit the
// same error at once.
const IncidentLine = "Many people are hitting this right now — probably not your setup. Check https://status.openrouter.ai before changing keys."

// WithIncidents configures incident detection (default: on, with the
// IncidentConfig defaults).
func WithIncidents(c IncidentConfig) Option { return func(b *Bot) { b.incidentCfg = c } }

// OnIncident calls f once when an incident starts and once when it ends,
// across replicas sharing a store (best effort: a replica that misses the
// shared store alerts on its own). f runs on the request path: it must not
// block (post alerts from a goroutine).
func (b *Bot) OnIncident(f func(IncidentEvent)) {
	b.incidents.mu.Lock()
	defer b.incidents.mu.Unlock()
	b.incidents.subs = append(b.incidents.subs, f)
}

// Incidents lists the incidents active now (oldest first; a status page
// incident has Source "status-page" and no entry) and the ones that ended
// recently (newest first), as this process saw them.
func (b *Bot) Incidents() (active, recent []Incident) { return b.incidents.list() }

// CheckIncidents re-checks the open incidents against the shared counts,
// ending those whose answers fell back. RunIncidents calls it periodically.
func (b *Bot) CheckIncidents(ctx context.Context) { b.incidents.sweep(ctx) }

// incidentSweepEvery bounds how late an incident with no more answers ends.
const incidentSweepEvery = 30 * time.Second

// RunIncidents checks open incidents every 30 seconds and, when a status
// URL is configured, polls the status page, until ctx ends.
func (b *Bot) RunIncidents(ctx context.Context) error {
	d := b.incidents
	if d.cfg.Off {
		return nil
	}
	sweep := time.NewTicker(incidentSweepEvery)
	defer sweep.Stop()
	var poll <-chan time.Time
	client := &http.Client{Timeout: statusTimeout}
	if d.cfg.StatusURL != "" {
		t := time.NewTicker(d.cfg.StatusInterval)
		defer t.Stop()
		poll = t.C
		b.pollStatus(ctx, client)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sweep.C:
			d.sweep(ctx)
		case <-poll:
			b.pollStatus(ctx, client)
		}
	}
}

// pollStatus polls the status page once, logging a failure.
func (b *Bot) pollStatus(ctx context.Context, client *http.Client) {
	if err := b.incidents.pollStatus(ctx, client); err != nil {
		b.log.WarnContext(ctx, "incidents: status page unreachable; nothing changes", "err", err)
	}
}

// noteIncident counts an answer towards incident detection and, while an
// incident is active for its entry, marks the reply and drops the fixes
// that tell people to replace a key that probably works.
func (b *Bot) noteIncident(ctx context.Context, req Request, r *Reply) {
	if r.Silent || r.Entry == nil || r.Ambiguous {
		return
	}
	inc := b.incidents.observe(ctx, req, r.Entry.ID, r.Entry.Status)
	if inc == nil {
		return
	}
	r.Incident = inc
	r.Fixes = b.incidentFixes(r.Entry, r.Facts)
}

// replacesKey reports whether a fix tells people to make a new key or to
// rotate theirs.
func replacesKey(fix string) bool {
	s := strings.ToLower(fix)
	return strings.Contains(s, "new key") || strings.Contains(s, "new api key") || strings.Contains(s, "rotate")
}

// incidentFixes are the entry's fixes that fit, without those that
// replace a key.
func (b *Bot) incidentFixes(e *knowledge.Entry, f knowledge.Facts) []string {
	var out []string
	for _, x := range e.FixesFor(f, MaxFixes+4) {
		text := knowledge.RewriteKBLinks(x.Render(f), b.cfg.PublicURL)
		if !replacesKey(text) && len(out) < MaxFixes {
			out = append(out, text)
		}
	}
	return out
}

// incidentLead is the incident line that leads a reply, or "".
func incidentLead(r Reply) string {
	if r.Incident == nil {
		return ""
	}
	return IncidentLine + "\n"
}

// Text is the moderators' alert for the event, one or two lines with no
// user, channel or paste in it.
func (ev IncidentEvent) Text() string {
	inc := ev.Incident
	what := "`" + inc.EntryID + "`"
	if inc.Source == SourceStatusPage {
		what = "the status page (" + inc.Status + ")"
	}
	if ev.Started {
		if inc.Source == SourceStatusPage {
			return "Incident declared on " + what + ". orfix tells people with 401 and 5xx errors it is probably not their setup."
		}
		return fmt.Sprintf("Possible OpenRouter incident: %d people in %d channels hit %s in the last few minutes (usual: %.1f). "+
			"orfix now tells them it is probably not their setup. Check https://status.openrouter.ai", inc.Answers, inc.Channels, what, inc.Baseline)
	}
	return fmt.Sprintf("Incident over: %s, started %s, lasted %s (peak %d people).", what,
		inc.Started.UTC().Format("15:04 MST"), inc.Ended.Sub(inc.Started).Round(time.Minute), inc.Peak)
}
