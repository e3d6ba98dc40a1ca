package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge"
	"github.com/orfix/orfix/knowledge/gaps"
)

// adminView is the data of the dashboard page.
type adminView struct {
	page
	Days int
	// CSRF is the session's token for the logout form; "" for a bearer
	// request, which has no session and gets no form.
	CSRF         string
	NoStore      bool
	Answers      int
	Unmatched    int
	FixedRate    string
	Votes        int
	Chart        template.HTML
	Entries      []adminEntry
	Communities  []adminCommunity
	Tools        []adminTool
	Gaps         []adminGap
	GapsTotal    int
	Incidents    []adminIncidentRow
	IncidentsOff bool
}

type adminEntry struct {
	ID, Title, URL     string
	Answers            int
	Fixed, NotYet      int
	Rate               string
	Known, HasFeedback bool
}

type adminCommunity struct {
	Platform, Hash string
	Answers        int
	Fixed, NotYet  int
	Rate           string
}

// adminTool is one row of "Tools people use".
type adminTool struct {
	Name, URL string
	Answers   int
	// Share is the tool's part of the answers in the window, "12%".
	Share string
}

type adminGap struct {
	ID, Phrase, Example, SuggestedID, DraftURL, LastSeen string
	Count, Distinct                                      int
}

type adminIncidentRow struct {
	EntryID, Since     string
	Communities, Users int
}

// adminDashboard is GET /admin (?days=N, default 30).
func (s *Server) adminDashboard(w http.ResponseWriter, r *http.Request) {
	sess, done := s.guard(w, r)
	if done {
		return
	}
	days := adminDays(r)
	v := adminView{page: s.page("Operator dashboard", "admin"), Days: days}
	if sess.nonce != "" {
		v.CSRF = s.admin.auth.csrf(sess)
	}
	if s.admin.cfg.Store == nil {
		v.NoStore = true
		v.Chart = answersChart(nil)
	} else {
		d, err := s.dashboard(r.Context(), days)
		if err != nil {
			s.logErr(r, "admin dashboard", err)
			s.errorPage(w, r, http.StatusServiceUnavailable, "Statistics unavailable",
				"The statistics store did not answer. The bot keeps answering; try again in a moment.")
			return
		}
		s.fillDashboard(&v, d)
	}
	// serve passes the bot's active incidents; without them the section
	// says detection is not connected.
	if f := s.admin.cfg.Incidents; f != nil {
		for _, in := range f(r.Context()) {
			v.Incidents = append(v.Incidents, adminIncidentRow{EntryID: in.EntryID, Communities: in.Communities,
				Users: in.Users, Since: in.Since.UTC().Format("Jan 2 15:04 UTC")})
		}
	} else {
		v.IncidentsOff = true
	}
	s.render(w, r, http.StatusOK, s.admin.pages.dashboard, v)
}

// fillDashboard turns the store's figures into rows for the page.
func (s *Server) fillDashboard(v *adminView, d store.Dashboard) {
	v.Answers, v.Unmatched = d.Answers, d.Unmatched
	v.Chart = answersChart(d.Days)
	fixed, votes := 0, 0
	kb := s.core.KB()
	for _, e := range d.Entries {
		row := adminEntry{ID: e.EntryID, Title: e.EntryID, Answers: e.Answers, Fixed: e.Fixed, NotYet: e.NotYet,
			Rate: rate(e.Fixed, e.NotYet), HasFeedback: e.Fixed+e.NotYet > 0}
		if entry, ok := kb.Get(e.EntryID); ok {
			row.Title, row.URL, row.Known = entry.Title, entryPath(entry.ID), true
		}
		fixed, votes = fixed+e.Fixed, votes+e.Fixed+e.NotYet
		v.Entries = append(v.Entries, row)
	}
	v.Votes, v.FixedRate = votes, rate(fixed, votes-fixed)
	for _, c := range d.Communities {
		hash := ""
		if c.Community != "" {
			hash = c.Community[:min(8, len(c.Community))]
		}
		v.Communities = append(v.Communities, adminCommunity{Platform: orDash(c.Platform), Hash: hash,
			Answers: c.Answers, Fixed: c.Fixed, NotYet: c.NotYet, Rate: rate(c.Fixed, c.NotYet)})
	}
	v.Tools = toolRows(d.Tools, d.Answers)
	clusters := gaps.Clusters(pastes(d.UnmatchedTexts))
	v.GapsTotal = len(clusters)
	for _, c := range clusters[:min(len(clusters), maxGapsShown)] {
		v.Gaps = append(v.Gaps, adminGap{ID: c.ID, Phrase: clip(c.Phrase, 120), Example: clip(c.Examples[0], 300),
			SuggestedID: gaps.SuggestID(c), DraftURL: "/admin/gaps/" + c.ID + "?days=" + strconv.Itoa(v.Days),
			LastSeen: c.LastSeen.UTC().Format("Jan 2 15:04"), Count: c.Count, Distinct: c.Distinct})
	}
}

// toolRows names the tools of the window's answers, linking those with a
// profile; answers whose tool is unknown come last as "Not named".
func toolRows(counts []store.ToolCount, answers int) []adminTool {
	var rows []adminTool
	var unknown *adminTool
	for _, c := range counts {
		row := adminTool{Name: c.Tool, Answers: c.Answers, Share: share(c.Answers, answers)}
		switch p, ok := knowledge.Profile(c.Tool); {
		case c.Tool == "":
			row.Name = "Not named"
			unknown = &row
			continue
		case ok:
			row.Name, row.URL = p.Name, toolPath(p.ID)
		}
		rows = append(rows, row)
	}
	if unknown != nil {
		rows = append(rows, *unknown)
	}
	return rows
}

// share is part/total as a whole percentage, "–" for an empty total.
func share(part, total int) string {
	if total == 0 {
		return "–"
	}
	return strconv.Itoa(int(100*float64(part)/float64(total)+0.5)) + "%"
}

// pastes turns the store's distinct unmatched texts into gaps' input.
func pastes(us []store.UnmatchedStats) []gaps.Paste {
	out := make([]gaps.Paste, len(us))
	for i, u := range us {
		out[i] = gaps.Paste{Text: u.Text, Count: u.Count, LastSeen: u.LastSeen}
	}
	return out
}

// adminDraft is GET /admin/gaps/{id}: the drafted entry of one coverage
// gap, as a Markdown file to download.
func (s *Server) adminDraft(w http.ResponseWriter, r *http.Request) {
	if _, done := s.guard(w, r); done {
		return
	}
	if s.admin.cfg.Store == nil {
		s.notFound(w, r)
		return
	}
	d, err := s.dashboard(r.Context(), adminDays(r))
	if err != nil {
		s.logErr(r, "admin draft", err)
		s.errorPage(w, r, http.StatusServiceUnavailable, "Statistics unavailable", "The statistics store did not answer.")
		return
	}
	id := r.PathValue("id")
	for _, c := range gaps.Clusters(pastes(d.UnmatchedTexts)) {
		if c.ID != id {
			continue
		}
		name, data, err := gaps.Draft(c, s.admin.cfg.Now())
		if err != nil {
			s.logErr(r, "admin draft", err)
			s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "The draft could not be written.")
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/markdown; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		_, _ = w.Write(data)
		return
	}
	s.errorPage(w, r, http.StatusNotFound, "No such gap",
		"No coverage gap has this id in the window; the pastes may have aged out. Go back to the dashboard.")
}

// rate is fixed/(fixed+notYet) as a percentage, "–" without votes.
func rate(fixed, notYet int) string {
	if fixed+notYet == 0 {
		return "–"
	}
	return strconv.Itoa(int(100*float64(fixed)/float64(fixed+notYet)+0.5)) + "%"
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
