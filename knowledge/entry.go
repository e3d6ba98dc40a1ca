package knowledge

import "strings"

// Entry is one knowledge-base article: the front matter plus the body sections.
type Entry struct {
	ID    string
	Title string
	// Summary is one sentence a chat reply can lead with.
	Summary string
	// Aliases are search-only phrasings (search, autocomplete, page
	// metadata); they never show as the title.
	Aliases []string
	// Paraphrases are how people describe the error in prose ("keeps
	// saying invalid key", "empty response"); the matcher weighs them below
	// signatures.
	Paraphrases []string
	// Facts are conditions on a paste's facts, in the syntax of a quick
	// fix's condition ("path_problem", "endpoint=embeddings"): a paste
	// whose facts meet one of them is evidence for the entry.
	Facts      []string
	Category   string
	Status     []int
	Signatures []string
	Tools      []string
	Related    []string
	Updated    string
	Sources    []string

	// File names where the entry came from, for messages ("kb/x.md" or a path).
	File string

	fieldLines fieldLines // front-matter key -> line, for lint messages
	factConds  [][]Cond   // Facts, parsed
	// The body (see Body, Sections and Fixes) and the examples are kept
	// one of two ways: plain, as parsed, or packed by Build for a large
	// knowledge base and decoded on demand. An entry made without a body
	// has neither.
	plain  *entryText
	packed packedBody
}

// FactsHold reports whether the paste's facts meet one of the entry's
// Facts conditions.
func (e *Entry) FactsHold(f Facts) bool {
	for _, cond := range e.factConds {
		if (Fix{When: cond}).Applies(f) {
			return true
		}
	}
	return false
}

// Section is a "##" section of an entry body, or a "###" block inside one.
type Section struct {
	Title string
	// Text is the Markdown between the heading and the first sub-heading
	// (or the next heading of the same or a higher level).
	Text string
	// Subsections are the "###" blocks of a "##" section.
	Subsections []Section
	Line        int
}

// Markdown returns the section's full Markdown without its own heading:
// the text followed by every subsection with its "###" heading.
func (s Section) Markdown() string {
	if len(s.Subsections) == 0 {
		return s.Text
	}
	var b strings.Builder
	b.WriteString(s.Text)
	for _, sub := range s.Subsections {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("### ")
		b.WriteString(sub.Title)
		b.WriteString("\n\n")
		b.WriteString(sub.Text)
	}
	return strings.TrimSpace(b.String())
}

// The required "##" sections of every entry, in order.
const (
	SecMeaning      = "What this error means"
	SecWhy          = "Why this happens"
	SecCauses       = "Common causes"
	SecQuickFixes   = "Quick fixes"
	SecToolChecks   = "Tool-specific checks"
	SecSteps        = "Step-by-step troubleshooting"
	SecPrevent      = "How to prevent it"
	SecFAQ          = "FAQ"
	minFAQQuestions = 3
)

// SecSources is the last required section: the sources, where they
// disagree, and dated notes for maintainers. Chat replies never show it.
const SecSources = "Sources"

// RequiredSections lists the body sections every entry must have, in order.
var RequiredSections = []string{SecMeaning, SecWhy, SecCauses, SecQuickFixes, SecToolChecks, SecSteps, SecPrevent, SecFAQ, SecSources}

// Section returns the "##" section with the given title, or nil.
func (e *Entry) Section(title string) *Section {
	secs := e.Sections()
	for i := range secs {
		if strings.EqualFold(secs[i].Title, title) {
			return &secs[i]
		}
	}
	return nil
}

// SectionText returns the Markdown of the named section, or "".
func (e *Entry) SectionText(title string) string {
	if s := e.Section(title); s != nil {
		return s.Markdown()
	}
	return ""
}

// ToolChecks returns the "Tool-specific checks" block for a tool id, or "".
func (e *Entry) ToolChecks(tool string) string {
	t, ok := toolByID(tool)
	if !ok {
		return ""
	}
	s := e.Section(SecToolChecks)
	if s == nil {
		return ""
	}
	for _, sub := range s.Subsections {
		if strings.EqualFold(strings.TrimSpace(sub.Title), t.Heading) {
			return sub.Text
		}
	}
	return ""
}

// QA is one FAQ question and its answer.
type QA struct{ Question, Answer string }

// FAQ returns the entry's FAQ in file order.
func (e *Entry) FAQ() []QA {
	s := e.Section(SecFAQ)
	if s == nil {
		return nil
	}
	out := make([]QA, 0, len(s.Subsections))
	for _, sub := range s.Subsections {
		out = append(out, QA{Question: sub.Title, Answer: sub.Text})
	}
	return out
}
