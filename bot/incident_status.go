package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The status page: when IncidentConfig.StatusURL is set, the bot polls it
// (a Statuspage api/v2/status.json or summary.json) and treats a declared
// incident as active for the entries it plausibly affects: those whose
// statuses include 401 (the February 2026 outages answered valid keys
// with 401 "User not found.") or any 5xx. A page that cannot be reached
// or read changes nothing.

// statusTimeout bounds one poll of the status page.
const statusTimeout = 5 * time.Second

// maxStatusBody is the most bytes of a status page read.
const maxStatusBody = 1 << 20

// statusAffects reports whether a declared incident plausibly affects an
// entry with these HTTP statuses.
func statusAffects(statuses []int) bool {
	for _, s := range statuses {
		if s == http.StatusUnauthorized || s >= 500 {
			return true
		}
	}
	return false
}

// statusDoc is the part of a Statuspage status.json or summary.json read.
type statusDoc struct {
	Status struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	} `json:"status"`
	Incidents []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"incidents"`
}

// declared reports whether the page declares an incident, and its words.
// An indicator other than "none" (minor, major, critical) or an unresolved
// incident declares one; maintenance does not.
func (s statusDoc) declared() (bool, string) {
	for _, inc := range s.Incidents {
		if inc.Status != "resolved" && inc.Status != "postmortem" && inc.Status != "completed" {
			return true, inc.Name
		}
	}
	switch s.Status.Indicator {
	case "minor", "major", "critical":
		return true, s.Status.Description
	}
	return false, ""
}

// fetchStatus reads the status page at url.
func fetchStatus(ctx context.Context, client *http.Client, url string) (statusDoc, error) {
	var doc statusDoc
	ctx, cancel := context.WithTimeout(ctx, statusTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return doc, fmt.Errorf("status page: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return doc, fmt.Errorf("status page: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return doc, fmt.Errorf("status page: %s", resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxStatusBody)).Decode(&doc); err != nil {
		return doc, fmt.Errorf("status page: decode: %w", err)
	}
	return doc, nil
}

// pollStatus reads the status page once and opens or closes the status
// incident; an unreachable page leaves things as they are.
func (d *detector) pollStatus(ctx context.Context, client *http.Client) error {
	doc, err := fetchStatus(ctx, client, d.cfg.StatusURL)
	if err != nil {
		return err
	}
	on, words := doc.declared()
	now := d.now()
	d.mu.Lock()
	var ev *IncidentEvent
	switch {
	case on && d.status == nil:
		d.status = &Incident{Started: now, Source: SourceStatusPage, Status: words}
		ev = &IncidentEvent{Started: true, Incident: *d.status}
		d.metrics.incidentOpen(SourceStatusPage, true)
	case on:
		d.status.Status = words
	case d.status != nil:
		d.status.Ended = now
		ev = &IncidentEvent{Incident: *d.status}
		d.recent = append([]Incident{*d.status}, d.recent[:min(len(d.recent), maxRecentIncidents-1)]...)
		d.status = nil
		d.metrics.incidentClosed(SourceStatusPage)
	}
	d.mu.Unlock()
	if ev != nil {
		kind := "incend"
		if ev.Started {
			kind = "incstart"
		}
		d.emit(ctx, kind, ev)
	}
	return nil
}
