package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// answerView is a bot.Reply made ready for the "answer" template: every
// piece of entry Markdown rendered to HTML, every link pointing at this
// site's own pages. It holds nothing from the paste but the masked forms of
// its secrets and the facts the Read sentence quotes.
type answerView struct {
	Secrets     []secretView
	SecretCount string // "a secret", "2 secrets"

	Matched  bool
	EntryID  string
	Title    string
	URL      string // the entry's page on this site
	Category string
	Level    string
	// Verdict says how sure orfix is, in words: never a raw score.
	Verdict string
	Summary template.HTML
	Read    template.HTML // what orfix read in the paste, "" if nothing
	// Incident is set while many people across channels hit this entry.
	Incident string

	// Ambiguous asks "Which of these matches?" over Candidates.
	Ambiguous  bool
	Candidates []linkView

	// Tool is the tool the paste came from (detected or chosen), or "".
	Tool string
	// Fixes are the quick fixes chosen for the paste's facts; MoreFixes
	// is set when the entry has more than were shown.
	Fixes      template.HTML
	MoreFixes  bool
	ToolName   string
	ToolChecks template.HTML
	Meaning    template.HTML
	FAQ        []faqView
	Steps      template.HTML

	Alternatives []linkView // "Could also be" (middling)
	Related      []linkView
	Closest      []linkView    // the closest entries of a low reply
	Triage       template.HTML // the general triage steps of a low reply

	Notes    []string
	Reminder string
}

type secretView struct{ Label, Masked, RotateURL string }

type faqView struct {
	Question string
	Answer   template.HTML
}

// linkView is a link to an entry; scores stay in the JSON API.
type linkView struct{ Title, URL string }

// The confidence of a reply in words.
const (
	verdictHigh     = "This matches"
	verdictMiddling = "Probably this one"
	verdictLow      = "Not sure — closest entries"
)

// Heading levels of the answer fragment: the answer title is the page's
// h1, its sections h2, FAQ questions h3.
const (
	sectionTop = 3 // headings inside a section's Markdown
	faqTop     = 4 // headings inside an FAQ answer
)

// answerView translates a reply into the answer fragment's data. It is a
// pure function of the reply (and the Markdown renderer).
func (m *markdown) answerView(r bot.Reply) answerView {
	v := answerView{Notes: r.Notes, Reminder: bot.RedactReminder, Level: string(r.Level)}
	seen := map[secretView]bool{}
	for _, f := range r.Secrets {
		sv := secretView{Label: f.Label, Masked: f.Masked, RotateURL: f.RotateURL}
		if !seen[sv] {
			seen[sv] = true
			v.Secrets = append(v.Secrets, sv)
		}
	}
	switch n := len(r.Secrets); n {
	case 0:
	case 1:
		v.SecretCount = "a secret"
	default:
		v.SecretCount = fmt.Sprintf("%d secrets", n)
	}
	if r.Entry == nil {
		v.Verdict = verdictLow
		v.Closest = links(r.Alternatives)
		v.Triage = m.render(triageMarkdown(), sectionTop)
		return v
	}
	e := r.Entry
	v.Matched = true
	v.EntryID, v.Title, v.Category, v.URL = e.ID, e.Title, e.Category, entryPath(e.ID)
	v.Summary = m.inline(r.Summary)
	if r.Incident != nil {
		v.Incident = bot.IncidentLine
	}
	v.Verdict = verdictHigh
	if r.Level == bot.Middling {
		v.Verdict = verdictMiddling
		v.Alternatives = links(r.Alternatives)
	}
	if r.Ambiguous {
		v.Ambiguous = true
		v.Candidates = links(r.Candidates)
	}
	if r.Tool != "" {
		// The tool itself; ToolName may name the kin whose checks stand in.
		v.Tool = knowledge.ToolName(r.Tool)
	}
	// The bot points links between entries at the public URL; this
	// site's own pages are site-relative.
	public := strings.TrimSuffix(r.Link.URL, entryPath(e.ID)) + "/kb/"
	local := func(md string) string { return strings.ReplaceAll(md, public, "/kb/") }
	render := func(md string, top int) template.HTML { return m.render(local(md), top) }
	if r.Read != "" {
		v.Read = m.inline(r.Read + ".")
	}
	fixes := r.Fixes
	if len(fixes) == 0 {
		fixes = renderFixes(e, knowledge.Facts{})
	}
	v.Fixes = render(fixesMarkdown(fixes), sectionTop)
	v.MoreFixes = len(e.Fixes()) > len(fixes)
	v.Meaning = render(r.Meaning, sectionTop)
	if strings.TrimSpace(r.ToolChecks) != "" {
		v.ToolName = r.ToolName
		v.ToolChecks = render(r.ToolChecks, sectionTop)
	}
	for _, qa := range r.FAQ {
		v.FAQ = append(v.FAQ, faqView{Question: qa.Question, Answer: render(qa.Answer, faqTop)})
	}
	v.Steps = render(r.Steps, sectionTop)
	v.Related = links(r.Related)
	return v
}

// links points reply links at this site's pages; the bot's own URLs use the
// public base URL, which need not be the address the browser used.
func links(ls []bot.Link) []linkView {
	var out []linkView
	for _, l := range ls {
		out = append(out, linkView{Title: l.Title, URL: entryPath(l.ID)})
	}
	return out
}

// entryPath is the site-relative address of an entry's page.
func entryPath(id string) string { return "/kb/" + url.PathEscape(id) }

// triageMarkdown is bot.TriageSteps as a numbered Markdown list.
func triageMarkdown() string {
	var b strings.Builder
	for i, s := range bot.TriageSteps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	return b.String()
}
