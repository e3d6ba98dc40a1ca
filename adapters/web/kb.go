package web

import (
	"cmp"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// kbView is the data of the knowledge-base index.
type kbView struct {
	page
	// Query is the search as shown back, with any secret masked.
	Query    string
	Searched bool
	Results  []entryLink
	Groups   []categoryGroup
	Count    int
	Warning  string
}

type categoryGroup struct {
	Category string
	// Slug is the category as an HTML id ("cat-openrouter-credits-and-limits").
	Slug    string
	Entries []entryLink
}

type entryLink struct {
	ID, Title, URL string
	Status         string
}

// maxQuery is the longest search the index page shows back (the bot's
// suggestions read at most 200 bytes too).
const maxQuery = 200

// kbIndex is GET /kb/: every entry grouped by category, or the entries a
// search (?q=) finds through the bot's suggestions.
func (s *Server) kbIndex(w http.ResponseWriter, r *http.Request) {
	kb := s.core.KB()
	v := kbView{page: s.page("Knowledge base", "kb"), Count: kb.Len()}
	// The query is redacted by the bot before it is cut for display: a
	// key cut in half would no longer be recognised.
	q, err := cleanText(r.URL.Query().Get("q"))
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Bad search", "The search holds NUL bytes. Type words from the error message.")
		return
	}
	if strings.TrimSpace(q) == "" {
		v.Groups = groupByCategory(kb.Entries())
		s.render(w, r, http.StatusOK, s.pages.kb, v)
		return
	}
	reply, err := s.core.Handle(r.Context(), bot.Request{
		Platform: bot.Web, Mode: bot.Autocomplete, Channel: "web", User: s.clientKey(r), Text: q,
	})
	if err != nil {
		s.logErr(r, "search", err)
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "The search failed. Try again in a moment.")
		return
	}
	v.Searched, v.Query = true, clip(reply.Redacted, maxQuery)
	v.Title = "Search: " + v.Query
	if reply.HasSecrets() {
		v.Warning = "Your search held a secret; it is masked here. Treat it as leaked and rotate it."
	}
	for _, sg := range reply.Suggestions {
		if e, ok := kb.Get(sg.ID); ok {
			v.Results = append(v.Results, linkTo(e))
		}
	}
	s.render(w, r, http.StatusOK, s.pages.kb, v)
}

func linkTo(e *knowledge.Entry) entryLink {
	return entryLink{ID: e.ID, Title: e.Title, URL: entryPath(e.ID), Status: statusList(e.Status)}
}

// groupByCategory groups entries by category (categories sorted, entries
// by title within one).
func groupByCategory(entries []*knowledge.Entry) []categoryGroup {
	byCat := map[string][]*knowledge.Entry{}
	for _, e := range entries {
		byCat[e.Category] = append(byCat[e.Category], e)
	}
	var out []categoryGroup
	for cat, es := range byCat {
		slices.SortFunc(es, func(a, b *knowledge.Entry) int {
			return cmp.Or(strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
		})
		g := categoryGroup{Category: cat, Slug: slug(cat)}
		for _, e := range es {
			g.Entries = append(g.Entries, linkTo(e))
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b categoryGroup) int { return strings.Compare(a.Category, b.Category) })
	return out
}

func statusList(codes []int) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ", ")
}

// articleView is the data of an entry's page.
type articleView struct {
	page
	ID       string
	Category string
	Status   string
	Tools    []string
	Updated  string
	Body     template.HTML
	Related  []entryLink
	Sources  []sourceView
}

// sourceView is one source: a link when it is an https URL or an issue
// reference ("owner/repo#123"), text otherwise.
type sourceView struct{ Text, URL string }

// articleTop is the level of the entry body's "##" sections: under the h1.
const articleTop = 2

// article is GET /kb/{id}: the full entry.
func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	kb := s.core.KB()
	e, ok := kb.Get(r.PathValue("id"))
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "No such entry",
			"The knowledge base has no entry at this address. Search it, or paste your error on the front page.")
		return
	}
	v := articleView{
		page: s.page(e.Title, "kb"), ID: e.ID, Category: e.Category, Status: statusList(e.Status),
		Updated: e.Updated, Body: s.md.render(knowledge.RewriteKBLinks(e.Body, ""), articleTop),
	}
	for _, t := range e.Tools {
		v.Tools = append(v.Tools, knowledge.ToolName(t))
	}
	for _, id := range e.Related {
		if rel, ok := kb.Get(id); ok {
			v.Related = append(v.Related, linkTo(rel))
		}
	}
	for _, src := range e.Sources {
		v.Sources = append(v.Sources, source(src))
	}
	s.render(w, r, http.StatusOK, s.pages.article, v)
}

// issueRef is "owner/repo#123" as the knowledge base writes issue sources.
var issueRef = regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})#([0-9]{1,9})$`)

func source(src string) sourceView {
	src = strings.TrimSpace(src)
	if m := issueRef.FindStringSubmatch(src); m != nil {
		return sourceView{Text: src, URL: "https://github.com/" + m[1] + "/" + m[2] + "/issues/" + m[3]}
	}
	if strings.HasPrefix(src, "https://") && !strings.ContainsAny(src, " \t\n\"'<>") {
		return sourceView{Text: src, URL: src}
	}
	return sourceView{Text: src}
}

// slug makes an HTML id from a category: "cat-" and its lower-case words
// joined by '-'.
func slug(s string) string {
	var b strings.Builder
	b.WriteString("cat")
	dash := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
