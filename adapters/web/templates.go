package web

import (
	"bytes"
	"html/template"
	"log/slog"
	"net/http"
)

// pages are the parsed page templates. Each is the layout plus one page's
// "content"; answer.html (the "answer" fragment) is in every set.
type pages struct {
	home, kb, article, error, feedback, missing *template.Template
	// answer renders only the answer fragment (golden tests use it).
	answer *template.Template
}

func mustParsePages() pages {
	parse := func(files ...string) *template.Template {
		files = append([]string{"templates/layout.html", "templates/answer.html"}, files...)
		return template.Must(template.New("layout.html").ParseFS(templateFS, files...))
	}
	return pages{
		home:     parse("templates/home.html"),
		kb:       parse("templates/kb.html"),
		article:  parse("templates/article.html"),
		error:    parse("templates/error.html"),
		feedback: parse("templates/feedback.html"),
		missing:  parse("templates/missing.html"),
		answer:   template.Must(template.New("answer.html").ParseFS(templateFS, "templates/answer.html")),
	}
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 and never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "route", r.Pattern, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	page
	Heading string
	Message string
}

// errorPage answers with the error page: a heading, a sentence, and links
// back to the paste box and the knowledge base.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.render(w, r, status, s.pages.error, errorView{page: s.page(heading, ""), Heading: heading, Message: message})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Page not found",
		"There is no page at this address. Paste your error on the front page, or browse the knowledge base.")
}

func (s *Server) methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		s.errorPage(w, r, http.StatusMethodNotAllowed, "Method not allowed",
			"This page answers "+allow+" only.")
	}
}

// logErr logs an error without letting a secret through: the message is
// redacted first.
func (s *Server) logErr(r *http.Request, msg string, err error) {
	text, _ := redactString(err.Error())
	s.log.ErrorContext(r.Context(), msg, slog.String("route", r.Pattern), slog.String("err", text))
}
