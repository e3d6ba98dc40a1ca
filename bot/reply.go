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
	r.Tool = tool
	if tool != "" {
		r.ToolName = knowledge.ToolName(tool)
	}
	top, ok := res.Top()
	if !ok || top.Score < th.Floor {
		r.Level = Low
		if ok {
			r.Confidence = top.Score
		}
		for _, m := range res.Matches {
			if m.Score >= th.Floor/3 && len(r.Alternatives) < 3 {
				r.Alternatives = append(r.Alternatives, b.link(m.Entry, m.Score))
			}
		}
		return
	}
	e := top.Entry
	r.Entry, r.Confidence, r.Link = e, top.Score, b.link(e, top.Score)
	r.Level = Middling
	if top.Score >= th.Passive {
		r.Level = High
	}
	r.Meaning = firstParagraph(e.SectionText(knowledge.SecMeaning))
	r.QuickFixes = e.SectionText(knowledge.SecQuickFixes)
	r.Steps = e.SectionText(knowledge.SecSteps)
	if tool != "" {
		var used string
		r.ToolChecks, used = e.ToolChecksFor(tool)
		if used != "" && used != tool {
			r.ToolName = knowledge.ToolName(used) + " (closest to " + knowledge.ToolName(tool) + ")"
		}
	}
	faq := e.FAQ()
	r.FAQ = faq[:min(len(faq), faqInReply)]
	for _, id := range e.Related {
		if rel, ok := kb.Get(id); ok {
			r.Related = append(r.Related, b.link(rel, 0))
		}
	}
	if r.Level == Middling {
		for _, m := range res.Matches[1:] {
			if m.Score >= th.Floor/2 && len(r.Alternatives) < 3 {
				r.Alternatives = append(r.Alternatives, b.link(m.Entry, m.Score))
			}
		}
	}
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
