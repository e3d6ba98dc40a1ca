package web

import (
	"html"
	"slices"
	"strings"
	"testing"
)

// TestKBIndex: every entry is listed once, under its category, categories
// sorted.
func TestKBIndex(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.do(t, "GET", "/kb/", "", nil)
	var cats []string
	for _, part := range strings.Split(r.body, "<h2 id=\"")[1:] {
		_, rest, _ := strings.Cut(part, ">")
		name, _, _ := strings.Cut(rest, "</h2>")
		cats = append(cats, html.UnescapeString(name))
	}
	if len(cats) == 0 || !slices.IsSorted(cats) {
		t.Errorf("categories %q, want sorted", cats)
	}
	for _, en := range e.bot.KB().Entries() {
		link := `<a href="/kb/` + en.ID + `">`
		if n := strings.Count(r.body, link); n != 1 {
			t.Errorf("entry %s listed %d times", en.ID, n)
		}
		// The entry sits under its own category's heading.
		catAt := strings.Index(r.body, ">"+html.EscapeString(en.Category)+"</h2>")
		at := strings.Index(r.body, link)
		next := strings.Index(r.body[catAt+1:], "<h2 ")
		if catAt < 0 || at < catAt || (next >= 0 && at > catAt+1+next) {
			t.Errorf("entry %s is not under %q", en.ID, en.Category)
		}
	}
	if !strings.Contains(r.body, `<input type="search" id="q" name="q" value=""`) {
		t.Error("no search field")
	}
}

// TestKBSearch: ?q= filters server-side, ranked by the matcher and the
// titles and aliases.
func TestKBSearch(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct {
		q       string
		want    string // an entry id in the results
		notWant string
		none    bool
	}{
		{q: "credits", want: "openrouter-402-insufficient-credits"},
		{q: "free-models-per-day", want: "openrouter-429-free-limit"},
		{q: "User not found", want: "openrouter-401-invalid-key", notWant: "openrouter-502-bad-gateway"},
		{q: "zzzzqqqq", none: true},
		{q: "tools", want: "openrouter-404-tool-use"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			r := e.do(t, "GET", "/kb/?q="+urlQuery(tc.q), "", nil)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			if !strings.Contains(r.body, `value="`+templateEscape(tc.q)+`"`) {
				t.Errorf("the search field does not keep the query")
			}
			if tc.none {
				if !strings.Contains(r.body, "No entry matches.") {
					t.Errorf("no 'no match' message")
				}
				return
			}
			_, results, ok := strings.Cut(r.body, `<ul class="links results" id="results">`)
			if !ok {
				t.Fatalf("no results list:\n%s", r.body)
			}
			results, _, _ = strings.Cut(results, "</ul>")
			if !strings.Contains(results, `/kb/`+tc.want+`"`) {
				t.Errorf("results lack %s:\n%s", tc.want, results)
			}
			if tc.notWant != "" && strings.Contains(results, tc.notWant) {
				t.Errorf("results hold %s", tc.notWant)
			}
			if strings.Count(results, "<li>") >= e.bot.KB().Len() {
				t.Errorf("the search did not filter")
			}
		})
	}
}

// TestArticle renders a fixture entry: title, facts, the body from
// Markdown with raw HTML dropped and a javascript: link defused, external
// links with rel="noopener noreferrer", related links with titles, and
// sources as links or text.
func TestArticle(t *testing.T) {
	e := newEnv(t, envOpts{kb: fixtureKB(t)})
	r := e.do(t, "GET", "/kb/fixture-402-credits", "", nil)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	want := []string{
		`<title>Fixture 402: the balance cannot pay for the request · orfix</title>`,
		`<h1>Fixture 402: the balance cannot pay for the request</h1>`,
		`<dt>Category</dt><dd>Fixture / Credits</dd>`,
		`<dt>Status codes</dt><dd>402</dd>`,
		`<dt>Tools</dt><dd>LiteLLM, Cline</dd>`,
		`<dt>Updated</dt><dd><time datetime="2026-01-02">2026-01-02</time></dd>`,
		`<h2 id="meaning">What this error means</h2>`,
		`<h2 id="quick-fixes">Quick fixes</h2>`,
		`<h3>When the key is shared</h3>`,
		`<h3>Why does a small prompt fail?</h3>`,
		`<a href="https://openrouter.ai/docs/limits" rel="noopener noreferrer">the limits page</a>`,
		`<a href="https://openrouter.ai/settings/credits" rel="noopener noreferrer">https://openrouter.ai/settings/credits</a>`,
		`<a href="">Do not click</a>`,
		`<li><a href="/kb/fixture-429-limit">Fixture 429: too many requests per minute</a></li>`,
		`<li><a href="/kb/fixture-401-key">Fixture 401: the key is not valid</a></li>`,
		`<li><a href="https://github.com/orfix/fixtures/issues/12" rel="noopener noreferrer">orfix/fixtures#12</a></li>`,
		`<li><a href="https://openrouter.ai/docs/api/reference/errors-and-debugging" rel="noopener noreferrer">`,
		`<li>a talk in the support channel</li>`,
	}
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("article lacks %s", w)
		}
	}
	for _, bad := range []string{"<script>", "javascript:", "raw html in the knowledge base"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("article holds %q", bad)
		}
	}
}

func TestSource(t *testing.T) {
	tests := []struct{ in, text, url string }{
		{"cline/cline#813", "cline/cline#813", "https://github.com/cline/cline/issues/813"},
		{"Gitlawb/openclaude#43", "Gitlawb/openclaude#43", "https://github.com/Gitlawb/openclaude/issues/43"},
		{"https://openrouter.ai/docs", "https://openrouter.ai/docs", "https://openrouter.ai/docs"},
		{"http://insecure.example/x", "http://insecure.example/x", ""},
		{"javascript:alert(1)", "javascript:alert(1)", ""},
		{"a/b#c", "a/b#c", ""},
		{"../../x#1", "../../x#1", ""},
		{"support chat, 2026-03", "support chat, 2026-03", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := source(tc.in)
			if got.Text != tc.text || got.URL != tc.url {
				t.Errorf("source(%q) = %+v, want {%q %q}", tc.in, got, tc.text, tc.url)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"OpenRouter / Credits and limits": "cat-openrouter-credits-and-limits",
		"Fixture / Limits":                "cat-fixture-limits",
		"":                                "cat",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
