package web

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// textareaValue returns the textarea's content, unescaped.
func textareaValue(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<textarea id="text"`)
	if !ok {
		t.Fatal("no textarea")
	}
	_, rest, _ = strings.Cut(rest, ">")
	val, _, ok := strings.Cut(rest, "</textarea>")
	if !ok {
		t.Fatal("textarea not closed")
	}
	return html.UnescapeString(val)
}

// TestPasteAnswer posts a real LiteLLM paste and checks that the page holds
// the answer the chat gets: the entry, its meaning, quick fixes, FAQ,
// related links to this site's pages, and the reminder.
func TestPasteAnswer(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.postForm(t, litellm402, "")
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	reply, err := e.bot.Handle(t.Context(), bot.Request{Platform: bot.Web, Mode: bot.Explicit, User: "test", Text: litellm402})
	if err != nil || reply.Entry == nil {
		t.Fatalf("bot: %v, %+v", err, reply)
	}
	want := []string{
		`<h1 id="answer-title">` + html.EscapeString(reply.Entry.Title) + `</h1>`,
		"<title>" + html.EscapeString(reply.Entry.Title) + " · orfix</title>",
		`<strong>This matches.</strong> ` + html.EscapeString(reply.Summary),
		`<h2 id="meaning">What it means</h2>`,
		`<h2 id="quick-fixes">Quick fixes</h2>`,
		`Add credits at <a href="https://openrouter.ai/settings/credits" rel="noopener noreferrer">`,
		`<h2 id="faq">FAQ</h2>`,
		`<h3>` + html.EscapeString(reply.FAQ[0].Question) + `</h3>`,
		`<summary>Step-by-step troubleshooting</summary>`,
		`<h2 id="related-heading">Related errors</h2>`,
		`<a href="/kb/` + reply.Related[0].ID + `">`,
		`Tool: LiteLLM`,
		`<a href="/kb/openrouter-402-insufficient-credits">All fixes in the full article</a>`,
		`<button type="submit" name="vote" value="fixed"`,
		`<input type="hidden" name="entry" value="openrouter-402-insufficient-credits">`,
		`<a href="` + templateEscape(answerURL(litellm402, "")) + `" id="share">`,
		html.EscapeString(bot.RedactReminder),
	}
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("answer lacks %s", w)
		}
	}
	if strings.Contains(r.body, bot.DefaultPublicURL) {
		t.Error("the page links to the public URL; links must be site-relative")
	}
	if got := textareaValue(t, r.body); got != litellm402 {
		t.Errorf("textarea holds %q, want the paste back", got)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", r.header.Get("Cache-Control"))
	}
}

// TestPasteToolChecks: a chosen tool shows that tool's checks and stays
// selected.
func TestPasteToolChecks(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.postForm(t, litellm402, "cline")
	for _, w := range []string{`<h2 id="tool-checks">Checks for Cline</h2>`, `<option value="cline" selected>Cline</option>`} {
		if !strings.Contains(r.body, w) {
			t.Errorf("answer lacks %s", w)
		}
	}
}

// TestPasteNotSure: an unknown paste gets "not sure", the closest entries
// and the general triage steps.
func TestPasteNotSure(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.postForm(t, "my sandwich is cold and the printer is out of toner", "")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	for _, w := range []string{"I’m not sure which error this is", `<h2 id="triage">General triage</h2>`, "https://status.openrouter.ai", html.EscapeString(bot.RedactReminder)} {
		if !strings.Contains(r.body, w) {
			t.Errorf("answer lacks %s", w)
		}
	}
	if strings.Count(r.body, "<li>") < len(bot.TriageSteps) {
		t.Errorf("fewer list items than triage steps")
	}
}

// TestHostilePaste: markup in a paste comes back as text, never as markup.
func TestHostilePaste(t *testing.T) {
	e := newEnv(t, envOpts{})
	pastes := []string{
		`<script>alert(1)</script>`,
		`"><img src=x onerror=alert(1)>`,
		`</textarea><script>alert(1)</script>`,
		"Error code: 402 <svg/onload=alert(1)> Insufficient credits",
	}
	for _, p := range pastes {
		t.Run(p, func(t *testing.T) {
			for _, r := range []response{e.postForm(t, p, ""), e.do(t, "GET", "/kb/?q="+urlQuery(p), "", nil)} {
				for _, bad := range []string{"<script>alert", "<img src=x", "<svg/onload", "</textarea><script>"} {
					if strings.Contains(r.body, bad) {
						t.Errorf("page holds raw %q", bad)
					}
				}
				if !strings.Contains(r.body, html.EscapeString(p)) && !strings.Contains(r.body, templateEscape(p)) {
					t.Errorf("page does not show the paste as text")
				}
			}
			api := e.postJSON(t, `{"text":`+jsonString(p)+`}`)
			if strings.Contains(api.body, "<") {
				t.Errorf("API answer holds a raw '<': %s", api.body)
			}
		})
	}
}

// TestTextareaShowsRedacted: after submit the textarea holds the paste with
// its key masked.
func TestTextareaShowsRedacted(t *testing.T) {
	e := newEnv(t, envOpts{})
	key := testutil.FakeOpenRouterKey(t)
	paste := "Error code: 401 - User not found.\nAuthorization: Bearer " + key
	r := e.postForm(t, paste, "")
	got := textareaValue(t, r.body)
	want, _ := bot.Redact(paste)
	if got != want {
		t.Errorf("textarea holds %q, want %q", got, want)
	}
	if !strings.Contains(r.body, "Secrets in this paste are masked.") {
		t.Errorf("no note on the masked key")
	}
}

// TestPasteLimits: over 1 MiB is 413, NUL bytes are 400, invalid UTF-8 is
// repaired.
func TestPasteLimits(t *testing.T) {
	e := newEnv(t, envOpts{})
	big := strings.Repeat("a", MaxBody+1)
	t.Run("too large", func(t *testing.T) {
		r := e.postForm(t, big, "")
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "Paste too large") {
			t.Fatalf("status %d, want 413 with a clear page", r.status)
		}
	})
	t.Run("too large without length", func(t *testing.T) {
		req := strings.NewReader(formBody(big, ""))
		r := e.do(t, http.MethodPost, "/", formType, struct{ *strings.Reader }{req}) // hides Len: no Content-Length
		if r.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", r.status)
		}
	})
	t.Run("just under the limit", func(t *testing.T) {
		text := "Insufficient credits " + strings.Repeat("a", MaxBody-200)
		r := e.postForm(t, text, "")
		if r.status != http.StatusOK {
			t.Fatalf("status %d, want 200", r.status)
		}
		if !strings.Contains(r.body, "only the first part was read") {
			t.Errorf("no note that the paste was cut")
		}
	})
	t.Run("binary", func(t *testing.T) {
		r := e.postForm(t, "PK\x03\x04\x00\x00binary", "")
		if r.status != http.StatusBadRequest || !strings.Contains(r.body, "binary file") {
			t.Fatalf("status %d, want 400 with a clear page", r.status)
		}
	})
	t.Run("invalid utf-8", func(t *testing.T) {
		r := e.postForm(t, "Insufficient credits \xff\xfe here", "")
		if r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
		if got := textareaValue(t, r.body); got != "Insufficient credits \uFFFD here" {
			t.Errorf("textarea %q", got)
		}
	})
	t.Run("multipart", func(t *testing.T) {
		body := "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + litellm402 + "\r\n--b--\r\n"
		r := e.do(t, http.MethodPost, "/", "multipart/form-data; boundary=b", strings.NewReader(body))
		if r.status != http.StatusSeeOther || r.header.Get("Location") != answerURL(litellm402, "") {
			t.Fatalf("status %d, Location %q", r.status, r.header.Get("Location"))
		}
	})
}

// limitedCore is the real bot behind a rate limit that answers every
// request after the first n with the bot's "rate-limited" reply. The core
// rate-limits only chat platforms today; the adapter still turns that reply
// into a 429 should it ever come.
type limitedCore struct {
	Core
	n int
}

func (c *limitedCore) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	if c.n--; c.n >= 0 {
		return c.Core.Handle(ctx, req)
	}
	redacted, secrets := bot.Redact(req.Text)
	return bot.Reply{Silent: true, Reason: "rate-limited", Redacted: redacted, Secrets: secrets}, nil
}

// TestRateLimited: a rate-limited reply is a 429 with Retry-After, on the
// page (which keeps the paste) and on the API.
func TestRateLimited(t *testing.T) {
	e := newEnv(t, envOpts{})
	h := New(&limitedCore{Core: e.bot, n: 1}, nil, nil, nil).Handler()
	le := &env{handler: h}
	if r := le.postForm(t, litellm402, ""); r.status != 200 {
		t.Fatalf("first paste: %d", r.status)
	}
	r := le.postForm(t, litellm402, "")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "60" {
		t.Errorf("second paste: status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if !strings.Contains(r.body, "Wait a minute") || textareaValue(t, r.body) != litellm402 {
		t.Errorf("the 429 page should explain and keep the paste")
	}
	a := le.postJSON(t, `{"text":"402"}`)
	if a.status != http.StatusTooManyRequests || !strings.Contains(a.body, `"error":"rate limited`) || a.header.Get("Retry-After") != "60" {
		t.Errorf("API: status %d, %s", a.status, a.body)
	}
}

// TestWebNotRateLimited: the bot core leaves the web and the API to the
// operator's proxy, so many pastes from one address are all answered.
func TestWebNotRateLimited(t *testing.T) {
	e := newEnv(t, envOpts{cfg: bot.Config{UserRate: 1}})
	for i := range 5 {
		if r := e.postJSON(t, `{"text":"Insufficient credits"}`); r.status != 200 || !strings.Contains(r.body, `"matched":true`) {
			t.Fatalf("request %d: status %d: %s", i, r.status, r.body)
		}
	}
}

func urlQuery(s string) string {
	return strings.ReplaceAll(encodeForm(map[string][]string{"q": {s}}), "q=", "")
}

// templateEscape is html/template's escaping of text, which differs from
// html.EscapeString in the entities it picks.
func templateEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}
