package web

import (
	"html/template"
	"net/http"

	"github.com/orfix/orfix/knowledge"
)

// toolsPages are the parsed templates of the tool pages.
type toolsPages struct{ list, profile *template.Template }

// toolLink is one tool in the list.
type toolLink struct{ ID, Name, URL string }

// toolGroupView is one group of the tools list.
type toolGroupView struct {
	Title string
	// Slug is the group as an HTML id ("cat-coding-agents-and-editors").
	Slug  string
	Tools []toolLink
}

// toolsView is the data of GET /tools/.
type toolsView struct {
	page
	Groups []toolGroupView
	Count  int
}

// toolSection is one rendered section of a profile page.
type toolSection struct {
	ID, Title string
	Body      template.HTML
}

// toolView is the data of GET /tools/{id}.
type toolView struct {
	page
	ID, Name, Group   string
	Homepage, Repo    string
	SameAs            []toolLink
	Sections          []toolSection
	EntriesWithBlocks []entryLink
}

// toolPath is the address of a tool's page.
func toolPath(id string) string { return "/tools/" + id }

// toolSectionTop is the level of a profile section's own sub-headings: the
// sections are h2 under the h1, so their Markdown starts at h3.
const toolSectionTop = 3

// registerTools adds GET /tools/ and GET /tools/{id} to mux.
func (s *Server) registerTools(mux *http.ServeMux) {
	parse := func(file string) *template.Template {
		return template.Must(template.New("layout.html").ParseFS(templateFS, "templates/layout.html", "templates/answer.html", file))
	}
	tp := toolsPages{list: parse("templates/tools.html"), profile: parse("templates/tool.html")}
	mux.HandleFunc("GET /tools", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/tools/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /tools/{$}", func(w http.ResponseWriter, r *http.Request) { s.toolsIndex(w, r, tp.list) })
	mux.HandleFunc("/tools/{$}", s.methodNotAllowed("GET, HEAD"))
	mux.HandleFunc("GET /tools/{id}", func(w http.ResponseWriter, r *http.Request) { s.toolPage(w, r, tp.profile) })
	mux.HandleFunc("/tools/{id}", s.methodNotAllowed("GET, HEAD"))
}

// toolsIndex is GET /tools/: every tool profile, grouped.
func (s *Server) toolsIndex(w http.ResponseWriter, r *http.Request, t *template.Template) {
	v := toolsView{page: s.page("Tools", "tools"), Count: len(knowledge.Profiles())}
	for _, g := range knowledge.ToolGroups {
		gv := toolGroupView{Title: g.Title, Slug: slug(g.Title)}
		for _, p := range knowledge.Profiles() {
			if p.Group == g.ID {
				gv.Tools = append(gv.Tools, toolLink{ID: p.ID, Name: p.Name, URL: toolPath(p.ID)})
			}
		}
		if len(gv.Tools) > 0 {
			v.Groups = append(v.Groups, gv)
		}
	}
	s.render(w, r, http.StatusOK, t, v)
}

// toolPage is GET /tools/{id}: one tool's profile and the entries that
// carry checks written for it.
func (s *Server) toolPage(w http.ResponseWriter, r *http.Request, t *template.Template) {
	p, ok := knowledge.Profile(r.PathValue("id"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "No such tool",
			"orfix has no profile for a tool at this address. See the list of tools, or paste your error on the front page.")
		return
	}
	v := toolView{page: s.page(p.Name+" and OpenRouter", "tools"), ID: p.ID, Name: p.Name, Homepage: p.Homepage, Repo: p.Repo}
	for _, g := range knowledge.ToolGroups {
		if g.ID == p.Group {
			v.Group = g.Title
		}
	}
	for _, id := range p.SameAs {
		v.SameAs = append(v.SameAs, toolLink{ID: id, Name: knowledge.ToolName(id), URL: toolPath(id)})
	}
	for _, sec := range []struct{ id, title, md string }{
		{"key", knowledge.ProfKeyWhere, p.KeyWhere},
		{"base-url", knowledge.ProfBaseURL, p.BaseURL},
		{"model-id", knowledge.ProfModelID, p.ModelID},
		{"raw-error", knowledge.ProfRawError, p.RawError},
		{"checks", knowledge.ProfGeneralChecks, p.GeneralChecks},
		{"problems", knowledge.ProfKnownProblems, p.KnownProblems},
		{"sources", knowledge.ProfSources, p.Sources},
	} {
		v.Sections = append(v.Sections, toolSection{ID: sec.id, Title: sec.title, Body: s.md.render(sec.md, toolSectionTop)})
	}
	for _, e := range s.core.KB().Entries() {
		if e.ToolChecks(p.ID) != "" {
			v.EntriesWithBlocks = append(v.EntriesWithBlocks, linkTo(e))
		}
	}
	s.render(w, r, http.StatusOK, t, v)
}
