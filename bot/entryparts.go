package bot

import (
	"sync"

	"github.com/orfix/orfix/knowledge"
)

// entryParts is what a reply carries of an entry that does not depend on
// the paste: made once per entry of a knowledge base, on first use, and
// shared by every reply that answers with the entry. Replies get the
// slices with their capacity cut to their length, so an append copies
// them and the shared ones never change.
type entryParts struct {
	url        string
	meaning    string
	summary    string
	quickFixes string
	steps      string
	faq        []knowledge.QA // at most faqInReply, links rewritten
	related    []Link
}

// entryCache holds the parts of one knowledge base's entries.
type entryCache struct {
	kb    *knowledge.KB
	parts sync.Map // *knowledge.Entry -> *entryParts
}

// entryParts returns e's parts, e being an entry of kb. A reloaded
// knowledge base starts a new cache.
func (b *Bot) entryParts(kb *knowledge.KB, e *knowledge.Entry) *entryParts {
	c := b.entries.Load()
	if c == nil || c.kb != kb {
		c = &entryCache{kb: kb}
		b.entries.Store(c)
	}
	if p, ok := c.parts.Load(e); ok {
		return p.(*entryParts)
	}
	p, _ := c.parts.LoadOrStore(e, b.makeEntryParts(kb, e))
	return p.(*entryParts)
}

// makeEntryParts renders e's parts: its sections with kb: links rewritten
// to the public URL, its first FAQ answers and its related entries' links.
func (b *Bot) makeEntryParts(kb *knowledge.KB, e *knowledge.Entry) *entryParts {
	links := b.links.Get
	p := &entryParts{
		url:        b.EntryURL(e.ID),
		meaning:    links(firstParagraph(e.SectionText(knowledge.SecMeaning))),
		quickFixes: links(e.SectionText(knowledge.SecQuickFixes)),
		steps:      links(e.SectionText(knowledge.SecSteps)),
	}
	p.summary = e.Summary
	if p.summary == "" {
		p.summary = firstSentence(p.meaning)
	}
	faq := e.FAQ()
	p.faq = faq[:min(len(faq), faqInReply)]
	for i := range p.faq {
		p.faq[i].Answer = links(p.faq[i].Answer)
	}
	for _, id := range e.Related {
		if rel, ok := kb.Get(id); ok {
			p.related = append(p.related, b.link(rel, 0))
		}
	}
	return p
}

// linkIn is b.link(e, score) with the URL made once per entry of kb.
func (b *Bot) linkIn(kb *knowledge.KB, e *knowledge.Entry, score float64) Link {
	return Link{ID: e.ID, Title: e.Title, URL: b.entryParts(kb, e).url, Score: score}
}
