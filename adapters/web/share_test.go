package web

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// TestShareableAnswer: POST / answers 303 to a GET built from the masked
// paste; a planted key reaches neither the Location header, the page, nor
// the log; an address holding a key is moved to the masked one; a paste
// too long for an address is answered on the POST with a note.
func TestShareableAnswer(t *testing.T) {
	e := newEnv(t, envOpts{})
	key := testutil.FakeOpenRouterKey(t)
	paste := litellm402 + "\nOPENROUTER_API_KEY=" + key
	masked, _ := bot.Redact(paste)

	post := e.postFormRaw(t, paste, "cline")
	loc := post.header.Get("Location")
	if post.status != http.StatusSeeOther || loc != answerURL(masked, "cline") {
		t.Fatalf("POST: status %d, Location %q", post.status, loc)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Query().Get("q") != masked || u.Query().Get("tool") != "cline" {
		t.Fatalf("Location %q does not hold the masked paste and the tool (%v)", loc, err)
	}
	page := e.do(t, http.MethodGet, loc, "", nil)
	if page.status != http.StatusOK || !strings.Contains(page.body, "402 Insufficient credits") {
		t.Fatalf("GET %s: status %d", loc, page.status)
	}
	if !strings.Contains(page.body, "Secrets in this paste are masked.") {
		t.Error("the answer page does not say the paste's key is masked")
	}
	handMade := e.do(t, http.MethodGet, answerURL(paste, ""), "", nil)
	if handMade.status != http.StatusSeeOther || handMade.header.Get("Location") != answerURL(masked, "") {
		t.Errorf("an address holding a key: status %d, Location %q", handMade.status, handMade.header.Get("Location"))
	}
	for name, r := range map[string]response{"POST": post, "GET": page, "hand-made GET": handMade} {
		testutil.AssertNoSecret(t, name+" body", r.body, key)
		for k, vs := range r.header {
			testutil.AssertNoSecret(t, name+" header "+k, strings.Join(vs, " "), key)
		}
		if r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", name, r.header.Get("Cache-Control"))
		}
	}
	testutil.AssertNoSecret(t, "the log", e.logs.String(), key)

	long := litellm402 + "\n" + strings.Repeat("at frame 0x1234 in handler\n", 300) + key
	r := e.postFormRaw(t, long, "")
	if r.status != http.StatusOK || r.header.Get("Location") != "" {
		t.Fatalf("long paste: status %d, Location %q; want the answer on the POST", r.status, r.header.Get("Location"))
	}
	for _, w := range []string{"402 Insufficient credits", "too long to share by link", "Your paste contained a secret."} {
		if !strings.Contains(r.body, w) {
			t.Errorf("long paste: page lacks %q", w)
		}
	}
	testutil.AssertNoSecret(t, "long paste", r.body, key)
}

// scoreRe finds a raw score: a number with two or more decimals.
var scoreRe = regexp.MustCompile(`\b0\.\d{2,}\b|score`)

// TestConfidenceInWords: every level of answer says how sure it is in
// words and shows no raw score.
func TestConfidenceInWords(t *testing.T) {
	e := newEnv(t, envOpts{kb: fixtureKB(t)})
	tests := []struct{ paste, want string }{
		{`litellm.APIError: OpenrouterException - {"error":{"message":"fixture balance cannot pay for this request","code":402}}`, "<strong>This matches.</strong>"},
		{"fixture rate limit reached or credits exhausted", "<strong>Probably this one.</strong>"},
		{"request failed with an error rate limit", "<strong>Not sure — closest entries:</strong>"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			r := e.postForm(t, tc.paste, "")
			if !strings.Contains(r.body, tc.want) {
				t.Errorf("page lacks %s", tc.want)
			}
			main := r.body[strings.Index(r.body, "<main"):strings.Index(r.body, "</main>")]
			if m := scoreRe.FindString(main); m != "" {
				t.Errorf("page shows a raw score: %q", m)
			}
		})
	}
}

// TestWhichOfThese: a torn reply asks "Which of these matches?" and links
// every candidate.
func TestWhichOfThese(t *testing.T) {
	kb := fixtureKB(t)
	e429, _ := kb.Get("fixture-429-limit")
	reply := bot.Reply{
		Entry: e429, Level: bot.Middling, Link: bot.Link{ID: e429.ID, URL: "https://orfix.example/kb/" + e429.ID},
		Ambiguous: true,
		Candidates: []bot.Link{
			{ID: "fixture-429-limit", Title: "Fixture 429", Score: 0.41},
			{ID: "fixture-402-credits", Title: "Fixture 402", Score: 0.39},
		},
	}
	var buf bytes.Buffer
	if err := mustParsePages().answer.ExecuteTemplate(&buf, "answer", newMarkdown().answerView(reply)); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<strong>Which of these matches?</strong>", `<li><a href="/kb/fixture-429-limit">Fixture 429</a></li>`, `<li><a href="/kb/fixture-402-credits">Fixture 402</a></li>`} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("answer lacks %s:\n%s", w, buf.String())
		}
	}
	if strings.Contains(buf.String(), "0.41") {
		t.Error("the answer shows a candidate's score")
	}
}

// TestFeedback: the buttons vote through the bot core (counted once per
// person and entry) and the page thanks or offers what to try next.
func TestFeedback(t *testing.T) {
	e := newEnv(t, envOpts{})
	vote := func(entry, v string) response {
		return e.do(t, http.MethodPost, "/feedback", formType, strings.NewReader(url.Values{"entry": {entry}, "vote": {v}}.Encode()))
	}
	tests := []struct {
		entry, vote string
		status      int
		want        string
	}{
		{"openrouter-402-insufficient-credits", "fixed", 200, "Glad it is fixed"},
		{"openrouter-402-insufficient-credits", "fixed", 200, "You already marked this answer."},
		{"openrouter-429-free-limit", "not-yet", 200, `<ul class="links" id="next">`},
		{"openrouter-nope", "fixed", 200, "no longer in the knowledge base"},
		{"openrouter-429-free-limit", "", 400, "Choose “Fixed it” or “Not yet”"},
	}
	for _, tc := range tests {
		r := vote(tc.entry, tc.vote)
		if r.status != tc.status || !strings.Contains(r.body, tc.want) {
			t.Errorf("%s %s: status %d, body lacks %q", tc.entry, tc.vote, r.status, tc.want)
		}
		if r.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: Cache-Control %q", tc.entry, tc.vote, r.header.Get("Cache-Control"))
		}
	}
	metrics := e.do(t, http.MethodGet, "/metrics", "", nil).body
	if !regexp.MustCompile(`orfix_feedback_total\{vote="fixed"\} 1\b`).MatchString(metrics) {
		t.Errorf("the core did not count one fixed vote:\n%s", grepLines(metrics, "feedback"))
	}
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestSearchRanks: the search finds an entry by its title, its aliases or
// its message, in the top 3.
func TestSearchRanks(t *testing.T) {
	kb := testutil.DefaultKB(t)
	tests := []struct{ q, want string }{
		{"tools", "openrouter-404-tool-use"},
		{"No endpoints found that support tool use", "openrouter-404-tool-use"},
		{"credits", "openrouter-402-insufficient-credits"},
		{"insuficient credits", "openrouter-402-insufficient-credits"},
		{"User not found", "openrouter-401-invalid-key"},
		{"cors", "openrouter-cors-browser"},
		{"free-models-per-day", "openrouter-429-free-limit"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			hits := searchKB(kb, tc.q, 3)
			var ids []string
			for _, h := range hits {
				ids = append(ids, h.Entry.ID)
			}
			if !strings.Contains(strings.Join(ids, " "), tc.want) {
				t.Errorf("top 3 %v lacks %s", ids, tc.want)
			}
		})
	}
	if hits := searchKB(kb, "zzzzqqqq", 10); len(hits) != 0 {
		t.Errorf("nonsense finds %d entries", len(hits))
	}
}

// TestEntryNotFound: an unknown entry address is 404 with a search box and
// the entries it most likely meant.
func TestEntryNotFound(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct{ path, want string }{
		{"/kb/openrouter-401-invalid-kye", "openrouter-401-invalid-key"},
		{"/kb/openrouter-402", "openrouter-402-insufficient-credits"},
		{"/kb/tool-use", "openrouter-404-tool-use"},
	}
	for _, tc := range tests {
		r := e.do(t, http.MethodGet, tc.path, "", nil)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: status %d", tc.path, r.status)
		}
		_, closest, ok := strings.Cut(r.body, `id="closest"`)
		closest, _, _ = strings.Cut(closest, "</ul>")
		if !ok || !strings.Contains(closest, `href="/kb/`+tc.want+`"`) {
			t.Errorf("%s: did-you-mean lacks %s", tc.path, tc.want)
		}
		if !strings.Contains(r.body, `<form class="search" method="get" action="/kb/" role="search">`) {
			t.Errorf("%s: no search box", tc.path)
		}
	}
}

// TestArticleLeadsWithFix: the article's sections come in reading order
// (quick fixes first, the facts and sources last, Sources once), every
// contents link has its heading, and ?tool= adds that tool's checks after
// the quick fixes.
func TestArticleLeadsWithFix(t *testing.T) {
	e := newEnv(t, envOpts{})
	r := e.do(t, http.MethodGet, "/kb/openrouter-401-invalid-key?tool=cline", "", nil)
	if r.status != 200 || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, Cache-Control %q", r.status, r.header.Get("Cache-Control"))
	}
	order := []string{`<nav class="toc"`, `id="quick-fixes"`, `id="tool-checks">Checks for Cline`, `id="meaning"`, `id="why"`,
		`id="causes"`, `id="steps"`, `id="prevent"`, `id="faq"`, `id="related"`, `id="facts"`, `id="sources"`}
	last := -1
	for _, w := range order {
		i := strings.Index(r.body, w)
		if i < 0 {
			t.Errorf("article lacks %s", w)
			continue
		}
		if i < last {
			t.Errorf("%s is out of order", w)
		}
		last = i
	}
	if n := strings.Count(r.body, ">Sources</h2>"); n != 1 {
		t.Errorf("%d Sources headings, want 1", n)
	}
	for _, m := range regexp.MustCompile(`<a href="#([^"]+)">`).FindAllStringSubmatch(r.body, -1) {
		if !strings.Contains(r.body, `id="`+m[1]+`"`) {
			t.Errorf("contents link #%s has no target", m[1])
		}
	}
	_, fixes, _ := strings.Cut(r.body, `id="quick-fixes-body"`)
	fixes, _, _ = strings.Cut(fixes, "<h2")
	if strings.Contains(fixes, "[if ") || strings.Contains(fixes, "{{") {
		t.Error("a fix condition or placeholder shows as text")
	}
	if !strings.Contains(r.body, `<pre tabindex="0" role="region" aria-label="Code">`) {
		t.Error("code blocks are not focusable")
	}
	if e401, _ := e.bot.KB().Get("openrouter-401-invalid-key"); !strings.Contains(r.body, templateEscape(e401.Summary)) {
		t.Error("article lacks the summary")
	}
}
