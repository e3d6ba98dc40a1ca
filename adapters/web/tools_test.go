package web

import (
	"strings"
	"testing"

	"github.com/orfix/orfix/knowledge"
)

func TestToolsRoutes(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct {
		method, target string
		status         int
		want           []string
	}{
		{"GET", "/tools/", 200, []string{"<h1>Tools</h1>", `<a href="/tools/cline">Cline</a>`, `<a href="/tools/" aria-current="page">Tools</a>`}},
		{"GET", "/tools", 301, nil},
		{"POST", "/tools/", 405, []string{"Method not allowed"}},
		{"GET", "/tools/cline", 200, []string{"<h1>Cline and OpenRouter</h1>", `<h2 id="key">Where the key goes</h2>`, `<a href="/tools/">Tools</a>`, `href="https://github.com/cline/cline/issues/5301"`}},
		{"DELETE", "/tools/cline", 405, nil},
		{"GET", "/tools/emacs", 404, []string{"No such tool", `<a href="/kb/">`}},
		{"GET", "/tools/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404, nil},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			r := e.do(t, tc.method, tc.target, "", nil)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d", r.status, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Count(r.body, "<script") != strings.Count(r.body, `<script src="/static/copy.js?v=`) {
				t.Errorf("page holds a script tag other than static/copy.js")
			}
		})
	}
}

// Every profile is listed once, under its group, and has its own page
// with every section.
func TestToolsEveryProfile(t *testing.T) {
	e := newEnv(t, envOpts{})
	list := e.do(t, "GET", "/tools/", "", nil).body
	for _, p := range knowledge.Profiles() {
		t.Run(p.ID, func(t *testing.T) {
			link := `<a href="/tools/` + p.ID + `">`
			if n := strings.Count(list, link); n != 1 {
				t.Errorf("listed %d times", n)
			}
			r := e.do(t, "GET", "/tools/"+p.ID, "", nil)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			for _, title := range knowledge.ProfileSections {
				if !strings.Contains(r.body, ">"+title+"</h2>") {
					t.Errorf("no %q heading", title)
				}
			}
		})
	}
}

// Markdown from a profile is escaped: "<key>" in a code span stays text.
func TestToolPageEscapes(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.do(t, "GET", "/tools/aider", "", nil)
	if !strings.Contains(r.body, "OPENROUTER_API_KEY=&lt;key&gt;") {
		t.Errorf("code span not escaped:\n%s", r.body)
	}
	if strings.Contains(r.body, "<key>") {
		t.Errorf("raw <key> in the page")
	}
}

// A tool page links the entries that carry checks written for it, and
// only those.
func TestToolPageLinksEntries(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.do(t, "GET", "/tools/cline", "", nil)
	for _, en := range e.bot.KB().Entries() {
		has := strings.Contains(r.body, `<a href="/kb/`+en.ID+`">`)
		if want := en.ToolChecks("cline") != ""; has != want {
			t.Errorf("entry %s linked %v, want %v", en.ID, has, want)
		}
	}
}

// The site header links the tools list from every page.
func TestNavLinksTools(t *testing.T) {
	e := newEnv(t, envOpts{})
	for _, target := range []string{"/", "/kb/", "/kb/openrouter-401-invalid-key"} {
		r := e.do(t, "GET", target, "", nil)
		if !strings.Contains(r.body, `<a href="/tools/">Tools</a>`) {
			t.Errorf("%s: no Tools link in the header", target)
		}
	}
}
