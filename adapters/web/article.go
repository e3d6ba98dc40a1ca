package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/orfix/orfix/knowledge"
)

// articleView is the data of an entry's page. The page leads with the fix:
// title, summary, contents, quick fixes, the checks for the reader's tool;
// then the explanation sections; the facts and the sources at the bottom.
type articleView struct {
	page
	ID       string
	Category string
	Summary  string
	Status   string
	Tools    []string
	Updated  string

	TOC   []tocItem
	Fixes template.HTML
	// ToolOptions is the tool picker; ToolName and ToolChecks are the
	// picked tool's checks (?tool=), "" when none is picked.
	ToolOptions []toolOption
	ToolName    string
	ToolChecks  template.HTML
	Sections    []articleSection
	Related     []entryLink
	Sources     []sourceView
	SourceNotes template.HTML
}

// tocItem is one line of the table of contents.
type tocItem struct{ ID, Title string }

// articleSection is one "##" section of the body, in reading order.
type articleSection struct {
	ID, Title string
	Body      template.HTML
}

// sourceView is one source: a link when it is an https URL or an issue
// reference ("owner/repo#123"), text otherwise.
type sourceView struct{ Text, URL string }

// sectionTop of an article: the body's "###" headings under its h2s.
const articleSectionTop = 3

// articleOrder is the reading order of the explanation sections and their
// HTML ids. Quick fixes lead the page and Sources close it, so neither is
// here; a section the list does not know follows the FAQ.
func articleOrder() []tocItem {
	return []tocItem{
		{"meaning", knowledge.SecMeaning},
		{"why", knowledge.SecWhy},
		{"causes", knowledge.SecCauses},
		{"steps", knowledge.SecSteps},
		{"tool-checks-all", knowledge.SecToolChecks},
		{"prevent", knowledge.SecPrevent},
		{"faq", knowledge.SecFAQ},
	}
}

// article is GET /kb/{id}: the full entry; ?tool= adds that tool's checks
// after the quick fixes.
func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	kb := s.core.KB()
	e, ok := kb.Get(r.PathValue("id"))
	if !ok {
		s.entryNotFound(w, r)
		return
	}
	tool := r.URL.Query().Get("tool")
	if r.URL.RawQuery != "" {
		w.Header().Set("Cache-Control", "no-store") // the page reflects its query
	}
	if !knownTool(tool) {
		tool = ""
	}
	v := s.articleView(kb, e, tool)
	s.render(w, r, http.StatusOK, s.pages.article, v)
}

// articleView builds an entry's page; tool is a known tool id or "".
func (s *Server) articleView(kb *knowledge.KB, e *knowledge.Entry, tool string) articleView {
	v := articleView{
		page: s.page(e.Title, "kb"), ID: e.ID, Category: e.Category, Summary: e.Summary,
		Status: statusList(e.Status), Updated: e.Updated, ToolOptions: toolOptions(tool),
	}
	render := func(md string) template.HTML {
		return s.md.render(knowledge.RewriteKBLinks(md, ""), articleSectionTop)
	}
	v.TOC = append(v.TOC, tocItem{"quick-fixes", knowledge.SecQuickFixes})
	// The fixes with their conditions dropped and placeholders filled,
	// then any "###" notes under them.
	fixes := fixesMarkdown(renderFixes(e, knowledge.Facts{Tool: tool}))
	if sec := e.Section(knowledge.SecQuickFixes); sec != nil && len(sec.Subsections) > 0 {
		fixes += "\n" + knowledge.Section{Subsections: sec.Subsections}.Markdown()
	}
	v.Fixes = render(fixes)
	if tool != "" {
		md, used := e.ToolChecksFor(tool)
		if strings.TrimSpace(md) != "" {
			v.ToolName = knowledge.ToolName(tool)
			if used != "" && used != tool {
				v.ToolName = knowledge.ToolName(used) + " (closest to " + knowledge.ToolName(tool) + ")"
			}
			v.ToolChecks = render(md)
			v.TOC = append(v.TOC, tocItem{"tool-checks", "Checks for " + v.ToolName})
		}
	}
	known := map[string]bool{strings.ToLower(knowledge.SecQuickFixes): true, strings.ToLower(knowledge.SecSources): true}
	add := func(id, title, md string) {
		if strings.TrimSpace(md) == "" {
			return
		}
		v.Sections = append(v.Sections, articleSection{ID: id, Title: title, Body: render(md)})
		v.TOC = append(v.TOC, tocItem{id, title})
	}
	for _, sec := range articleOrder() {
		known[strings.ToLower(sec.Title)] = true
		add(sec.ID, sec.Title, e.SectionText(sec.Title))
	}
	for _, sec := range e.Sections() {
		if !known[strings.ToLower(sec.Title)] {
			add(slug("sec "+sec.Title), sec.Title, sec.Markdown())
		}
	}
	for _, id := range e.Related {
		if rel, ok := kb.Get(id); ok {
			v.Related = append(v.Related, linkTo(rel))
		}
	}
	if len(v.Related) > 0 {
		v.TOC = append(v.TOC, tocItem{"related", "Related errors"})
	}
	for _, t := range e.Tools {
		v.Tools = append(v.Tools, knowledge.ToolName(t))
	}
	v.TOC = append(v.TOC, tocItem{"facts", "About this entry"})
	for _, src := range e.Sources {
		v.Sources = append(v.Sources, source(src))
	}
	v.SourceNotes = render(e.SectionText(knowledge.SecSources))
	if len(v.Sources) > 0 || v.SourceNotes != "" {
		v.TOC = append(v.TOC, tocItem{"sources", knowledge.SecSources})
	}
	return v
}

func source(src string) sourceView {
	src = strings.TrimSpace(src)
	if owner, repo, num, ok := issueRef(src); ok {
		return sourceView{Text: src, URL: "https://github.com/" + owner + "/" + repo + "/issues/" + num}
	}
	if strings.HasPrefix(src, "https://") && !strings.ContainsAny(src, " \t\n\"'<>") {
		return sourceView{Text: src, URL: src}
	}
	return sourceView{Text: src}
}
