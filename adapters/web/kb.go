package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	// Summary is the entry's one sentence, shown under search results.
	Summary string
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
	q, leaked := redactString(q)
	v.Searched, v.Query = true, clip(q, maxQuery)
	v.Title = "Search: " + v.Query
	w.Header().Set("Cache-Control", "no-store") // the page reflects the query
	if leaked {
		v.Warning = "Your search held a secret; it is masked here. Treat it as leaked and rotate it."
	}
	for _, h := range searchKB(kb, q, maxResults) {
		v.Results = append(v.Results, linkTo(h.Entry))
	}
	s.render(w, r, http.StatusOK, s.pages.kb, v)
}

// maxResults is the most entries a search lists.
const maxResults = 10

// missingView is the data of the page for an unknown entry id.
type missingView struct {
	page
	// Query is the id as words, secrets masked: the search box starts
	// with it.
	Query   string
	Closest []entryLink
}

// entryNotFound answers GET /kb/{id} for an unknown id: 404, a search box
// and the entries the address most likely meant.
func (s *Server) entryNotFound(w http.ResponseWriter, r *http.Request) {
	kb := s.core.KB()
	id, _ := redactString(r.PathValue("id")) // redact first: a cut key is no longer recognised
	id = clip(id, maxQuery)
	v := missingView{page: s.page("No such entry", "kb"), Query: strings.Join(strings.FieldsFunc(id, splitWord), " ")}
	for _, e := range closestEntries(kb, strings.ToLower(id), 5) {
		v.Closest = append(v.Closest, linkTo(e))
	}
	s.render(w, r, http.StatusNotFound, s.pages.missing, v)
}

func linkTo(e *knowledge.Entry) entryLink {
	return entryLink{ID: e.ID, Title: e.Title, URL: entryPath(e.ID), Status: statusList(e.Status), Summary: e.Summary}
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
