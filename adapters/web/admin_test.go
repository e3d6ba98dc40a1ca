package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/knowledge"
)

func TestAdminOffWithoutToken(t *testing.T) {
	e := newEnv(t, envOpts{})
	for _, tc := range []struct{ method, path string }{
		{"GET", "/admin"}, {"GET", "/admin/login"}, {"POST", "/admin/login"}, {"POST", "/admin/logout"}, {"GET", "/admin/gaps/abc"},
	} {
		if r := e.do(t, tc.method, tc.path, formType, strings.NewReader("token=x")); r.status != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", tc.method, tc.path, r.status)
		}
	}
	// WithAdmin with an empty token keeps it off as well.
	if s := New(e.bot, nil, nil, nil, WithAdmin(AdminConfig{})); s.admin != nil {
		t.Error("an empty token turned the dashboard on")
	}
}

func TestAdminNeedsLogin(t *testing.T) {
	e := newAdminEnv(t, adminOpts{})
	for _, path := range []string{"/admin", "/admin?days=7", "/admin/gaps/0123456789ab"} {
		resp := e.do(t, request{method: "GET", path: path})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login" {
			t.Errorf("GET %s: %d to %q, want 303 to /admin/login", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp := e.do(t, request{method: "GET", path: "/admin/login"})
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, `name="token"`) || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("login page: %d, cache %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
}

// TestAdminWrongTokens refuses every wrong token with the very same
// response, however long it is or however close to the right one: the
// comparison runs on HMACs of both, so nothing returns early on length.
func TestAdminWrongTokens(t *testing.T) {
	wrong := []string{
		"",
		"x",
		adminToken[:len(adminToken)-1],
		adminToken + "x",
		"X" + adminToken[1:],
		strings.Repeat("a", 1000),
		" " + adminToken,
	}
	var first string
	for i, tok := range wrong {
		e := newAdminEnv(t, adminOpts{}) // fresh limiter
		resp, c := e.login(t, tok)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnauthorized || c != nil {
			t.Errorf("token %q: status %d, cookie %v; want 401 and no cookie", tok, resp.StatusCode, c)
		}
		if !strings.Contains(body, "That token is not right.") {
			t.Errorf("token %q: no error message", tok)
		}
		if i == 0 {
			first = body
		} else if body != first {
			t.Errorf("token %q: the response differs from the one for the empty token", tok)
		}
		if strings.Contains(body, tok) && tok != "" && tok != "x" {
			t.Errorf("token %q is echoed", tok)
		}
	}
}

func TestAdminSessionCookie(t *testing.T) {
	tests := []struct {
		name       string
		trustXFP   bool
		tls        bool
		xfp        string
		wantSecure bool
	}{
		{"plain http", false, false, "", false},
		{"tls", false, true, "", true},
		{"trusted proxy says https", true, false, "https", true},
		{"untrusted proxy header", false, false, "https", false},
		{"trusted proxy says http", true, false, "http", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newAdminEnv(t, adminOpts{trustXFP: tc.trustXFP})
			h := map[string]string{}
			if tc.xfp != "" {
				h["X-Forwarded-Proto"] = tc.xfp
			}
			resp := e.do(t, request{method: "POST", path: "/admin/login", form: url.Values{"token": {adminToken}}, header: h, tls: tc.tls})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
				t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			cs := resp.Cookies()
			if len(cs) != 1 {
				t.Fatalf("%d cookies", len(cs))
			}
			c := cs[0]
			if c.Name != adminCookie || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/admin" || c.Secure != tc.wantSecure {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/admin, Secure=%v", c, tc.wantSecure)
			}
			if c.MaxAge != int(DefaultSessionTTL.Seconds()) {
				t.Errorf("MaxAge %d", c.MaxAge)
			}
			if strings.Contains(c.Value, adminToken) || strings.Contains(c.Value, url.QueryEscape(adminToken)) {
				t.Error("the cookie holds the token")
			}
			page := e.do(t, request{method: "GET", path: "/admin", cookie: c})
			if page.StatusCode != 200 {
				t.Errorf("dashboard with the cookie: %d", page.StatusCode)
			}
		})
	}
}

func TestAdminSessionRefused(t *testing.T) {
	e := newAdminEnv(t, adminOpts{})
	_, c := e.login(t, adminToken)
	if c == nil {
		t.Fatal("no cookie")
	}
	payload, sig, _ := strings.Cut(c.Value, ".")
	other := newAdminEnv(t, adminOpts{})
	other.handler = New(nil, nil, nil, nil, WithAdmin(AdminConfig{Token: "another-token-entirely-xyz", Now: func() time.Time { return adminStart }})).Handler()
	tests := []struct {
		name  string
		env   *adminEnv
		value string
		after time.Duration
	}{
		{"expired", e, c.Value, DefaultSessionTTL},
		{"signature of another payload", e, "djF8OTk5OTk5OTk5OXxhYmM." + sig, 0},
		{"payload without signature", e, payload, 0},
		{"flipped signature", e, payload + "." + flip(sig), 0},
		{"garbage", e, "%%%.%%%", 0},
		{"another token's server", other, c.Value, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.env.now = adminStart.Add(tc.after)
			defer func() { tc.env.now = adminStart }()
			resp := tc.env.do(t, request{method: "GET", path: "/admin", cookie: &http.Cookie{Name: adminCookie, Value: tc.value}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("status %d, want 303 to the login", resp.StatusCode)
			}
		})
	}
	// Control: the same cookie just before it expires is accepted.
	e.now = adminStart.Add(DefaultSessionTTL - time.Second)
	if resp := e.do(t, request{method: "GET", path: "/admin", cookie: c}); resp.StatusCode != 200 {
		t.Errorf("a live session: status %d", resp.StatusCode)
	}
}

func flip(s string) string {
	b := []byte(s)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}

func TestAdminCSRF(t *testing.T) {
	e := newAdminEnv(t, adminOpts{})
	_, c := e.login(t, adminToken)
	page := readBody(t, e.do(t, request{method: "GET", path: "/admin", cookie: c}))
	_, rest, ok := strings.Cut(page, `name="csrf" value="`)
	if !ok {
		t.Fatal("no CSRF field on the dashboard")
	}
	csrf, _, _ := strings.Cut(rest, `"`)
	if len(csrf) != 32 {
		t.Fatalf("CSRF token %q", csrf)
	}
	_, c2 := e.login(t, adminToken)
	page2 := readBody(t, e.do(t, request{method: "GET", path: "/admin", cookie: c2}))
	if strings.Contains(page2, csrf) {
		t.Error("two sessions share a CSRF token")
	}

	tests := []struct {
		name   string
		form   url.Values
		cookie *http.Cookie
		header map[string]string
		want   int
	}{
		{"no token", url.Values{}, c, nil, http.StatusForbidden},
		{"wrong token", url.Values{"csrf": {strings.Repeat("0", 32)}}, c, nil, http.StatusForbidden},
		{"another session's token", url.Values{"csrf": {csrf}}, c2, nil, http.StatusForbidden},
		{"no session", url.Values{"csrf": {csrf}}, nil, nil, http.StatusForbidden},
		{"cross-site origin", url.Values{"csrf": {csrf}}, c, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"cross-site fetch", url.Values{"csrf": {csrf}}, c, map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"null origin alone", url.Values{"csrf": {csrf}}, c, map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"same-site but another origin", url.Values{"csrf": {csrf}}, c, map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://example.com"}, http.StatusForbidden},
		{"right token, as a browser sends it", url.Values{"csrf": {csrf}}, c, map[string]string{"Origin": "null", "Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := e.do(t, request{method: "POST", path: "/admin/logout", form: tc.form, cookie: tc.cookie, header: tc.header})
			if resp.StatusCode != tc.want {
				t.Fatalf("logout: status %d, want %d", resp.StatusCode, tc.want)
			}
			if tc.want == http.StatusSeeOther {
				cs := resp.Cookies()
				if len(cs) != 1 || cs[0].MaxAge >= 0 || cs[0].Value != "" {
					t.Errorf("logout does not clear the cookie: %+v", cs)
				}
			}
		})
	}
	resp := e.do(t, request{method: "POST", path: "/admin/login", form: url.Values{"token": {adminToken}}, header: map[string]string{"Origin": "https://evil.example"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: status %d, want 403", resp.StatusCode)
	}
}

func TestAdminLoginRateLimit(t *testing.T) {
	e := newAdminEnv(t, adminOpts{})
	for i := range loginTries {
		if resp, _ := e.login(t, "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("try %d: status %d", i+1, resp.StatusCode)
		}
	}
	resp, c := e.login(t, adminToken)
	if resp.StatusCode != http.StatusTooManyRequests || c != nil || resp.Header.Get("Retry-After") == "" {
		t.Errorf("try %d with the right token: status %d, cookie %v; want 429 with Retry-After", loginTries+1, resp.StatusCode, c)
	}
	bearer := map[string]string{"Authorization": "Bearer " + adminToken}
	if resp := e.do(t, request{method: "GET", path: "/admin", header: bearer}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("bearer while limited: status %d, want 429", resp.StatusCode)
	}
	other := e.do(t, request{method: "POST", path: "/admin/login", form: url.Values{"token": {adminToken}}, remote: "192.0.2.99:1234"})
	if other.StatusCode != http.StatusSeeOther {
		t.Errorf("another address: status %d, want 303", other.StatusCode)
	}
	e.now = e.now.Add(loginWindow + time.Second)
	if resp, c := e.login(t, adminToken); resp.StatusCode != http.StatusSeeOther || c == nil {
		t.Errorf("after the window: status %d", resp.StatusCode)
	}
}

func TestAdminBearer(t *testing.T) {
	e := newAdminEnv(t, adminOpts{seed: 300})
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"right", "Bearer " + adminToken, 200},
		{"lower-case scheme", "bearer " + adminToken, 200},
		{"wrong", "Bearer nope", 401},
		{"basic scheme", "Basic " + adminToken, 401},
		{"token alone", adminToken, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.now = e.now.Add(loginWindow) // no limit across cases
			resp := e.do(t, request{method: "GET", path: "/admin", header: map[string]string{"Authorization": tc.header}})
			body := readBody(t, resp)
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.want)
			}
			switch tc.want {
			case 200:
				if !strings.Contains(body, `<svg class="chart"`) || strings.Contains(body, `name="csrf"`) || len(resp.Cookies()) != 0 {
					t.Error("bearer page: want the chart, no logout form, no cookie")
				}
			case 401:
				if resp.Header.Get("WWW-Authenticate") == "" || strings.Contains(body, "chart") {
					t.Error("401 without WWW-Authenticate, or with the page")
				}
			}
		})
	}
}

func TestAdminDashboardContent(t *testing.T) {
	e := newAdminEnv(t, adminOpts{seed: 400})
	_, c := e.login(t, adminToken)
	resp := e.do(t, request{method: "GET", path: "/admin", cookie: c})
	body := readBody(t, resp)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		`<svg class="chart" viewBox="0 0 640 240"`,
		`<desc id="chart-desc">400 answers over 30 days`,
		`<dd id="fig-answers">400</dd>`,
		`href="/kb/openrouter-402-insufficient-credits"`,
		`<code>retired-entry</code>`,
		`id="communities-table"`,
		`Stream idle for`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`href="/static/admin.css?v=`,
		`Incident detection is not connected`,
		`id="tools-table"`,
		`<a href="/tools/cline">Cline</a></td><td class="num">100</td><td class="num">25%</td>`,
		`<td>not-a-known-tool</td>`,
		`<td>Not named</td><td class="num">100</td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "chan-1") || strings.Contains(body, "server-1") {
		t.Error("the page holds a raw script tag or a raw channel or server id")
	}
	if n := strings.Count(body, `<rect class="bar"`); n != 30 {
		t.Errorf("%d bars, want 30", n)
	}

	// Each gap's draft downloads as a knowledge-base file.
	_, rest, ok := strings.Cut(body, `href="/admin/gaps/`)
	if !ok {
		t.Fatal("no draft link")
	}
	link, _, _ := strings.Cut(rest, `"`)
	link = "/admin/gaps/" + strings.ReplaceAll(link, "&amp;", "&")
	dl := e.do(t, request{method: "GET", path: link, cookie: c})
	md := readBody(t, dl)
	if dl.StatusCode != 200 || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), `attachment; filename="openrouter-`) {
		t.Fatalf("draft %s: %d %q", link, dl.StatusCode, dl.Header.Get("Content-Disposition"))
	}
	name := strings.TrimSuffix(strings.TrimPrefix(dl.Header.Get("Content-Disposition"), `attachment; filename="`), `"`)
	if _, err := knowledge.Parse(name, []byte(md)); err == nil {
		t.Error("a draft full of TODOs passes the parser")
	} else if !strings.Contains(err.Error(), "TODO") {
		t.Errorf("draft problems: %v", err)
	}
	if resp := e.do(t, request{method: "GET", path: "/admin/gaps/000000000000", cookie: c}); resp.StatusCode != 404 {
		t.Errorf("unknown gap: %d", resp.StatusCode)
	}
}

func TestAdminWithoutStore(t *testing.T) {
	e := newAdminEnv(t, adminOpts{noStore: true})
	resp := e.do(t, request{method: "GET", path: "/admin", header: map[string]string{"Authorization": "Bearer " + adminToken}})
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, "No statistics are kept") {
		t.Errorf("status %d; want the page saying no statistics are kept", resp.StatusCode)
	}
}
