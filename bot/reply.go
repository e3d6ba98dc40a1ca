package bot

import (
	"strings"

	"github.com/orfix/orfix/knowledge"
)

// faqInReply is how many FAQ answers a reply carries.
const faqInReply = 2

// fill turns a match result into the reply's content.
func (b *Bot) fill(r *Reply, kb *knowledge.KB, res knowledge.Result, tool string) {
	th := b.cfg.Thresholds
	if tool == "" {
		tool = res.Tool
	}
	r.Facts = res.Facts
	if r.Facts.Tool == "" {
		r.Facts.Tool = tool
	}
	r.Read = readSentence(r.Facts, knowledge.ToolName(tool))
	top, ok := res.Top()
	if !ok || top.Score < th.Floor {
		r.Level = Low
		r.Tool = tool
		if tool != "" {
			r.ToolName = knowledge.ToolName(tool)
		}
		if ok {
			r.Confidence = top.Score
		}
		for _, m := range res.Matches {
			if m.Score >= th.Floor/3 && len(r.Alternatives) < 3 {
				r.Alternatives = append(r.Alternatives, b.linkIn(kb, m.Entry, m.Score))
			}
		}
		return
	}
	level := Middling
	if top.Score >= th.Passive {
		level = High
	}
	b.fillEntry(r, kb, top.Entry, top.Score, level, tool)
	if cands := res.Candidates(); res.Ambiguous && len(cands) > 1 {
		r.Ambiguous = true
		for _, m := range cands {
			r.Candidates = append(r.Candidates, b.linkIn(kb, m.Entry, m.Score))
		}
	}
	if r.Level == Middling {
		for _, m := range res.Matches[1:] {
			if m.Score >= th.Floor/2 && len(r.Alternatives) < 3 {
				r.Alternatives = append(r.Alternatives, b.linkIn(kb, m.Entry, m.Score))
			}
		}
	}
}

// fillEntry puts an entry's content in a reply: meaning, quick fixes, the
// tool's checks (or its closest kin's), steps, FAQ and related links.
func (b *Bot) fillEntry(r *Reply, kb *knowledge.KB, e *knowledge.Entry, score float64, level Level, tool string) {
	p := b.entryParts(kb, e)
	r.Entry, r.Confidence, r.Level = e, score, level
	r.Link = Link{ID: e.ID, Title: e.Title, URL: p.url, Score: score}
	r.Tool = tool
	links := b.links.Get
	r.Meaning = p.meaning
	r.Summary = p.summary
	r.Fixes = r.Fixes[:0]
	for _, x := range e.FixesFor(r.Facts, MaxFixes) {
		r.Fixes = append(r.Fixes, links(x.Render(r.Facts)))
	}
	r.QuickFixes = p.quickFixes
	r.Steps = p.steps
	if tool != "" {
		r.ToolName = knowledge.ToolName(tool)
		var used string
		r.ToolChecks, used = e.ToolChecksFor(tool)
		r.ToolChecks = links(r.ToolChecks)
		if used != "" && used != tool {
			r.ToolName = knowledge.ToolName(used) + " (closest to " + knowledge.ToolName(tool) + ")"
		}
	}
	r.FAQ = p.faq[:len(p.faq):len(p.faq)]
	if len(r.Related) == 0 {
		r.Related = p.related[:len(p.related):len(p.related)]
	} else {
		r.Related = append(r.Related, p.related...)
	}
}

// ReplyFor builds the reply for a known entry, as if a paste had matched it
// for certain: for a choice picked from autocomplete or from the "which of
// these" question, or a button that carries only the entry id ("Share in
// channel", "All steps"). The second result is false for an unknown id.
func (b *Bot) ReplyFor(entryID, tool string) (Reply, bool) {
	kb := b.KB()
	e, ok := kb.Get(entryID)
	if !ok {
		return Reply{}, false
	}
	r := Reply{Facts: knowledge.Facts{Tool: tool}}
	b.fillEntry(&r, kb, e, 1, High, tool)
	return r, true
}

func (b *Bot) link(e *knowledge.Entry, score float64) Link {
	return Link{ID: e.ID, Title: e.Title, URL: b.EntryURL(e.ID), Score: score}
}

// firstParagraph returns the first paragraph of Markdown text.
func firstParagraph(md string) string {
	md = strings.TrimSpace(md)
	if i := strings.Index(md, "\n\n"); i >= 0 {
		return md[:i]
	}
	return md
}
