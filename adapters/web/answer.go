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
// its secrets.
type answerView struct {
	Secrets     []secretView
	SecretCount string // "a secret", "2 secrets"

	Matched  bool
	Title    string
	URL      string // the entry's page on this site
	Category string
	Level    string
	// Probably is set for a middling reply: the title says "probably" and
	// gives the confidence.
	Probably   bool
	Confidence string

	// Tool is the tool the paste came from (detected or chosen), or "".
	Tool       string
	Meaning    template.HTML
	QuickFixes template.HTML
	ToolName   string
	ToolChecks template.HTML
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

type linkView struct {
	Title, URL string
	// Score is the match score, "" for a related link.
	Score string
}

// Heading levels of the answer fragment: the page has its h1, the answer
// title is an h2, its sections h3, FAQ questions h4.
const (
	sectionTop = 4 // headings inside a section's Markdown
	faqTop     = 5 // headings inside an FAQ answer
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
		v.Closest = links(r.Alternatives, true)
		v.Triage = m.render(triageMarkdown(), sectionTop)
		return v
	}
	e := r.Entry
	v.Matched = true
	v.Title, v.Category, v.URL = e.Title, e.Category, entryPath(e.ID)
	if r.Level == bot.Middling {
		v.Probably = true
		v.Confidence = fmt.Sprintf("%.2f", r.Confidence)
		v.Alternatives = links(r.Alternatives, true)
	}
	if r.Tool != "" {
		// The tool itself; ToolName may name the kin whose checks stand in.
		v.Tool = knowledge.ToolName(r.Tool)
	}
	// The bot points links between entries at the public URL; this
	// site's own pages are site-relative.
	public := strings.TrimSuffix(r.Link.URL, entryPath(e.ID)) + "/kb/"
	render := func(md string, top int) template.HTML { return m.render(strings.ReplaceAll(md, public, "/kb/"), top) }
	v.Meaning = render(r.Meaning, sectionTop)
	v.QuickFixes = render(r.QuickFixes, sectionTop)
	if strings.TrimSpace(r.ToolChecks) != "" {
		v.ToolName = r.ToolName
		v.ToolChecks = render(r.ToolChecks, sectionTop)
	}
	for _, qa := range r.FAQ {
		v.FAQ = append(v.FAQ, faqView{Question: qa.Question, Answer: render(qa.Answer, faqTop)})
	}
	v.Steps = render(r.Steps, sectionTop)
	v.Related = links(r.Related, false)
	return v
}

// links points reply links at this site's pages; the bot's own URLs use the
// public base URL, which need not be the address the browser used.
func links(ls []bot.Link, score bool) []linkView {
	var out []linkView
	for _, l := range ls {
		lv := linkView{Title: l.Title, URL: entryPath(l.ID)}
		if score {
			lv.Score = fmt.Sprintf("%.2f", l.Score)
		}
		out = append(out, lv)
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
