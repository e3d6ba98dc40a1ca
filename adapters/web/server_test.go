package web

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRoutes sends good and bad requests to every route and checks the
// status, the content type, a piece of the body, and the security headers
// every response must carry.
func TestRoutes(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct {
		name, method, target, ctype, body string
		wantStatus                        int
		wantType                          string // prefix of Content-Type
		wantBody                          string
		wantHeader                        map[string]string
	}{
		{name: "paste box", method: "GET", target: "/", wantStatus: 200, wantType: "text/html", wantBody: `<label for="text">`},
		{name: "paste box head", method: "HEAD", target: "/", wantStatus: 200, wantType: "text/html"},
		{name: "paste", method: "POST", target: "/", ctype: formType, body: formBody(litellm402, ""), wantStatus: 303, wantHeader: map[string]string{"Location": answerURL(litellm402, ""), "Cache-Control": "no-store"}},
		{name: "answer", method: "GET", target: answerURL(litellm402, ""), wantStatus: 200, wantType: "text/html", wantBody: "402 Insufficient credits", wantHeader: map[string]string{"Cache-Control": "no-store"}},
		{name: "feedback", method: "POST", target: "/feedback", ctype: formType, body: "entry=openrouter-402-insufficient-credits&vote=fixed", wantStatus: 200, wantType: "text/html", wantBody: "Glad it is fixed"},
		{name: "feedback bad vote", method: "POST", target: "/feedback", ctype: formType, body: "entry=openrouter-402-insufficient-credits&vote=maybe", wantStatus: 400, wantType: "text/html"},
		{name: "feedback wrong method", method: "GET", target: "/feedback", wantStatus: 405, wantType: "text/html", wantHeader: map[string]string{"Allow": "POST"}},
		{name: "paste empty", method: "POST", target: "/", ctype: formType, body: formBody("  \n", ""), wantStatus: 400, wantType: "text/html", wantBody: "Paste an error message first."},
		{name: "paste no form", method: "POST", target: "/", wantStatus: 400, wantType: "text/html", wantBody: "Paste an error message first."},
		{name: "paste bad form", method: "POST", target: "/", ctype: formType, body: "text=%zz", wantStatus: 400, wantType: "text/html", wantBody: "The form could not be read"},
		{name: "paste unknown tool", method: "POST", target: "/", ctype: formType, body: formBody("402", "emacs"), wantStatus: 400, wantType: "text/html", wantBody: "Choose a tool from the list"},
		{name: "paste wrong method", method: "PUT", target: "/", wantStatus: 405, wantType: "text/html", wantBody: "Method not allowed", wantHeader: map[string]string{"Allow": "GET, HEAD, POST"}},
		{name: "kb index", method: "GET", target: "/kb/", wantStatus: 200, wantType: "text/html", wantBody: "OpenRouter / Credits and limits"},
		{name: "kb without slash", method: "GET", target: "/kb", wantStatus: 301, wantHeader: map[string]string{"Location": "/kb/"}},
		{name: "kb search", method: "GET", target: "/kb/?q=credits", wantStatus: 200, wantType: "text/html", wantBody: `href="/kb/openrouter-402-insufficient-credits"`},
		{name: "kb wrong method", method: "POST", target: "/kb/", wantStatus: 405, wantType: "text/html", wantHeader: map[string]string{"Allow": "GET, HEAD"}},
		{name: "article", method: "GET", target: "/kb/openrouter-402-insufficient-credits", wantStatus: 200, wantType: "text/html", wantBody: `<h2 id="quick-fixes">Quick fixes</h2>`},
		{name: "article unknown", method: "GET", target: "/kb/openrouter-999-nothing", wantStatus: 404, wantType: "text/html", wantBody: "No such entry"},
		{name: "article wrong method", method: "DELETE", target: "/kb/openrouter-402-insufficient-credits", wantStatus: 405, wantType: "text/html"},
		{name: "unknown page", method: "GET", target: "/wp-login.php", wantStatus: 404, wantType: "text/html", wantBody: "Page not found"},
		{name: "deep unknown page", method: "GET", target: "/kb/a/b", wantStatus: 404, wantType: "text/html"},
		{name: "api match", method: "POST", target: "/api/v1/match", ctype: "application/json", body: `{"text":"Insufficient credits. Add more using https://openrouter.ai/settings/credits"}`, wantStatus: 200, wantType: "application/json", wantBody: `"matched":true`},
		{name: "api malformed", method: "POST", target: "/api/v1/match", ctype: "application/json", body: `{"text":`, wantStatus: 400, wantType: "application/json", wantBody: `"error":"malformed JSON`},
		{name: "api wrong method", method: "GET", target: "/api/v1/match", wantStatus: 405, wantType: "application/json", wantBody: `"error"`, wantHeader: map[string]string{"Allow": "POST"}},
		{name: "healthz", method: "GET", target: "/healthz", wantStatus: 200, wantType: "text/plain", wantBody: "ok"},
		{name: "readyz", method: "GET", target: "/readyz", wantStatus: 200, wantType: "text/plain", wantBody: "ready"},
		{name: "metrics", method: "GET", target: "/metrics", wantStatus: 200, wantType: "text/plain", wantBody: "orfix_"},
		{name: "stylesheet", method: "GET", target: "/static/orfix.css", wantStatus: 200, wantType: "text/css", wantBody: "max-width"},
		{name: "copy script", method: "GET", target: "/static/copy.js", wantStatus: 200, wantType: "text/javascript", wantBody: "clipboard"},
		{name: "icon", method: "GET", target: "/static/favicon.svg", wantStatus: 200, wantType: "image/svg+xml"},
		{name: "no directory listing", method: "GET", target: "/static/", wantStatus: 404, wantType: "text/html"},
		{name: "no static file", method: "GET", target: "/static/nope.js", wantStatus: 404, wantType: "text/html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body *strings.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			} else {
				body = strings.NewReader("")
			}
			r := e.do(t, tc.method, tc.target, tc.ctype, body)
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d; body:\n%s", r.status, tc.wantStatus, clip(r.body, 2000))
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type %q, want %q", ct, tc.wantType)
			}
			if !strings.Contains(r.body, tc.wantBody) {
				t.Errorf("body lacks %q:\n%s", tc.wantBody, clip(r.body, 2000))
			}
			for k, v := range tc.wantHeader {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			checkSecurityHeaders(t, r.header)
		})
	}
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	want := map[string]string{
		"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Frame-Options":         "DENY",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
}

// TestPagesAccessible checks the rules every page follows: lang, viewport,
// one h1, headings that never skip a level, a skip link, labelled fields,
// and nothing the Content-Security-Policy would refuse (scripts, inline
// styles, event handlers).
func TestPagesAccessible(t *testing.T) {
	e := newEnv(t, envOpts{})
	pages := []struct {
		name string
		get  func(t *testing.T) response
	}{
		{"paste box", func(t *testing.T) response { return e.do(t, "GET", "/", "", nil) }},
		{"answer", func(t *testing.T) response { return e.postForm(t, litellm402, "") }},
		{"answer with tool", func(t *testing.T) response { return e.postForm(t, litellm402, "cline") }},
		{"not sure", func(t *testing.T) response { return e.postForm(t, "my sandwich is cold", "") }},
		{"kb index", func(t *testing.T) response { return e.do(t, "GET", "/kb/", "", nil) }},
		{"kb search", func(t *testing.T) response { return e.do(t, "GET", "/kb/?q=rate+limit", "", nil) }},
		{"error page", func(t *testing.T) response { return e.do(t, "GET", "/nope", "", nil) }},
		{"no such entry", func(t *testing.T) response { return e.do(t, "GET", "/kb/openrouter-402-credit", "", nil) }},
		{"article with tool", func(t *testing.T) response {
			return e.do(t, "GET", "/kb/openrouter-402-insufficient-credits?tool=cline", "", nil)
		}},
		{"feedback", func(t *testing.T) response {
			return e.do(t, "POST", "/feedback", formType, strings.NewReader("entry=openrouter-402-insufficient-credits&vote=not-yet"))
		}},
	}
	for _, id := range entryIDs(e) {
		pages = append(pages, struct {
			name string
			get  func(t *testing.T) response
		}{"article " + id, func(t *testing.T) response { return e.do(t, "GET", "/kb/"+id, "", nil) }})
	}
	headingRe := regexp.MustCompile(`<h([1-6])[ >]`)
	idRe := regexp.MustCompile(` id="([^"]*)"`)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			body := p.get(t).body
			for _, want := range []string{`<html lang="en">`, `<meta name="viewport" content="width=device-width, initial-scale=1">`, `<a class="skip" href="#main">`, `<main id="main"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			levels := headingRe.FindAllStringSubmatch(body, -1)
			h1 := 0
			prev := 0
			for _, m := range levels {
				l := int(m[1][0] - '0')
				if l == 1 {
					h1++
				}
				if l > prev+1 {
					t.Errorf("heading h%d follows h%d", l, prev)
				}
				prev = l
			}
			if h1 != 1 {
				t.Errorf("%d h1 headings, want 1", h1)
			}
			// One script, the copy buttons' file; nothing inline.
			if n := strings.Count(body, "<script"); n != 1 || !strings.Contains(body, `<script src="/static/copy.js?v=`) {
				t.Errorf("%d scripts, want only static/copy.js", n)
			}
			for _, bad := range []string{"<script>", " style=", "onerror=", "onclick=", "javascript:"} {
				if strings.Contains(strings.ToLower(body), bad) {
					t.Errorf("page holds %q", bad)
				}
			}
			seen := map[string]bool{}
			for _, m := range idRe.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Errorf("duplicate id %q", m[1])
				}
				seen[m[1]] = true
			}
			for _, field := range []string{`<textarea id="text"`, `<select id="tool"`, `<input type="search" id="q"`} {
				if strings.Contains(body, field) {
					id := strings.TrimSuffix(strings.SplitN(field, `id="`, 2)[1], `"`)
					if !strings.Contains(body, `<label for="`+id+`">`) {
						t.Errorf("field %s has no label", id)
					}
				}
			}
		})
	}
}

func entryIDs(e *env) []string {
	var ids []string
	for _, en := range e.bot.KB().Entries() {
		ids = append(ids, en.ID)
	}
	return ids
}

// TestReadyz runs the owner's checks: all passing is 200, a failing or
// panicking one is 503 and named.
func TestReadyz(t *testing.T) {
	ok := Check{Name: "discord", Fn: func(context.Context) error { return nil }}
	down := Check{Name: "slack", Fn: func(context.Context) error { return errors.New("socket mode not connected") }}
	boom := Check{Name: "store", Fn: func(context.Context) error { panic("disk on fire") }}
	tests := []struct {
		name       string
		checks     []Check
		wantStatus int
		want       []string
	}{
		{"no checks", nil, 200, []string{"ready", "ok knowledge-base"}},
		{"all pass", []Check{ok}, 200, []string{"ready", "ok knowledge-base", "ok discord"}},
		{"one fails", []Check{ok, down}, 503, []string{"not ready: 1 of 3 checks failed", "ok discord", "failed slack: socket mode not connected"}},
		{"one panics", []Check{boom, ok}, 503, []string{"failed store: check panicked: disk on fire", "ok discord"}},
		{"nil func", []Check{{Name: "nothing"}}, 503, []string{"failed nothing: no check function"}},
		{"store down degrades only", []Check{ok, {Name: "store", Fn: down.Fn, Degrades: true}}, 200, []string{"ready", "ok discord", "degraded store: socket mode not connected"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, envOpts{checks: tc.checks})
			r := e.doFrom(t, "127.0.0.1:4711", "/readyz", "")
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d:\n%s", r.status, tc.wantStatus, r.body)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("body lacks %q:\n%s", w, r.body)
				}
			}
		})
	}
}

// TestMetrics checks that /metrics serves the owner's gatherer: after one
// answered paste the bot's orfix_ series are there.
func TestMetrics(t *testing.T) {
	e := newEnv(t, envOpts{})
	if r := e.postForm(t, litellm402, ""); r.status != 200 {
		t.Fatalf("paste: status %d", r.status)
	}
	r := e.do(t, "GET", "/metrics", "", nil)
	for _, want := range []string{
		`orfix_answers_total{entry="openrouter-402-insufficient-credits",mode="explicit",platform="web"} 1`,
		`orfix_handle_seconds_count{mode="explicit",platform="web"} 1`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestNoMetricsWithoutGatherer: a nil gatherer means no /metrics route.
func TestNoMetricsWithoutGatherer(t *testing.T) {
	e := newEnv(t, envOpts{})
	s := New(e.bot, nil, nil, nil)
	h := s.Handler()
	r := (&env{handler: h}).do(t, "GET", "/metrics", "", nil)
	if r.status != 404 {
		t.Fatalf("status %d, want 404", r.status)
	}
}
