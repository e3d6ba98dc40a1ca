package slack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/contract"
	"github.com/orfix/orfix/internal/testutil"
)

// fakeSlack is a local Slack: the Web API methods orfix calls, response_url
// and file downloads, speaking Slack's wire format, recording every request.
type fakeSlack struct {
	t   testing.TB
	srv *httptest.Server
	mux *http.ServeMux
	// contract validates every request against Slack's published specs.
	contract *contract.Slack

	mu       sync.Mutex
	calls    []call
	changed  chan struct{} // closed and replaced on every call
	authFail int           // auth.test fails this many more times
	files    map[string]string
	// fail holds, per path, the statuses the next calls get instead of
	// the answer (429 with Retry-After: 1).
	fail map[string][]int
	// grants are the OAuth codes oauth.v2.access exchanges, once each;
	// issued holds every bot token it gave out.
	grants map[string]fakeGrant
	issued map[string]bool
}

// fakeGrant is what oauth.v2.access answers for one code: a workspace and
// the bot token and bot user it gets.
type fakeGrant struct {
	Team, Name, Token, BotUser string
}

// grant makes code exchangeable for g at oauth.v2.access.
func (f *fakeSlack) grant(code string, g fakeGrant) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.grants[code] = g
}

// oauthAccess is oauth.v2.access: the app's client id and secret and a
// code granted before, used once, give a bot token.
func (f *fakeSlack) oauthAccess(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.PostFormValue("client_id") != testClientID || r.PostFormValue("client_secret") != testClientSecret {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_client_id"}`)
		return
	}
	if r.PostFormValue("redirect_uri") != publicURL+"/slack/oauth/callback" {
		fmt.Fprint(w, `{"ok":false,"error":"bad_redirect_uri"}`)
		return
	}
	f.mu.Lock()
	g, found := f.grants[r.PostFormValue("code")]
	delete(f.grants, r.PostFormValue("code"))
	if found {
		f.issued[g.Token] = true
	}
	f.mu.Unlock()
	if !found {
		fmt.Fprint(w, `{"ok":false,"error":"invalid_code"}`)
		return
	}
	fmt.Fprintf(w, `{"ok":true,"access_token":%q,"token_type":"bot","scope":"commands,chat:write","bot_user_id":%q,"app_id":"A123456",`+
		`"team":{"id":%q,"name":%q},"enterprise":null,"is_enterprise_install":false,"authed_user":{"id":"U2147483697"}}`, g.Token, g.BotUser, g.Team, g.Name)
}

// validToken reports whether an Authorization header carries a token the
// fake knows.
func (f *fakeSlack) validToken(auth string) bool {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	f.mu.Lock()
	defer f.mu.Unlock()
	return ok && (tok == testBotToken || f.issued[tok])
}

// failNext makes the next calls to path fail with codes, in order.
func (f *fakeSlack) failNext(path string, codes ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[path] = append(f.fail[path], codes...)
}

// call is one request the fake received.
type call struct {
	Path   string
	Header http.Header
	Body   []byte
}

// form parses a form-encoded call body.
func (c call) form() url.Values {
	v, _ := url.ParseQuery(string(c.Body))
	return v
}

// token is the token a Web API call was made with: the bearer token, or
// the form's token argument.
func (c call) token() string {
	if t, ok := strings.CutPrefix(c.Header.Get("Authorization"), "Bearer "); ok {
		return t
	}
	return c.form().Get("token")
}

const (
	botUser = "UBOT"
	botID   = "BBOT"
)

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{t: t, mux: http.NewServeMux(), changed: make(chan struct{}), files: map[string]string{}, fail: map[string][]int{}, grants: map[string]fakeGrant{}, issued: map[string]bool{}, contract: contract.SlackIfPresent(t)}
	ok := func(extra string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"ok":true%s}`, extra)
		}
	}
	f.mux.HandleFunc("POST /api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		fail := f.authFail > 0
		if fail {
			f.authFail--
		}
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"url":"https://example.slack.com/","team":"Example","user":"orfix","team_id":"T0001","user_id":%q,"bot_id":%q}`, botUser, botID)
	})
	f.mux.HandleFunc("POST /api/chat.postMessage", ok(`,"channel":"C2147483705","ts":"1700009999.000100","message":{"type":"message","text":"","user":"UBOT","bot_id":"BBOT","ts":"1700009999.000100"}`))
	f.mux.HandleFunc("POST /api/chat.postEphemeral", ok(`,"message_ts":"1700009999.000200"`))
	f.mux.HandleFunc("POST /api/chat.delete", ok(`,"channel":"C0WATCHED","ts":"1700000600.000600"`))
	f.mux.HandleFunc("POST /api/chat.getPermalink", ok(`,"channel":"C0WATCHED","permalink":"https://example.slack.com/archives/C0WATCHED/p1700000600000600"`))
	f.mux.HandleFunc("POST /api/chat.update", ok(`,"channel":"C0WATCHED","ts":"1700009999.000100"`))
	f.mux.HandleFunc("POST /api/views.open", ok(`,"view":{"id":"V0PASTE001","type":"modal","callback_id":"orfix_paste"}`))
	f.mux.HandleFunc("POST /api/oauth.v2.access", f.oauthAccess)
	f.mux.HandleFunc("POST /response/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok"))
	})
	f.mux.HandleFunc("GET /files/", func(w http.ResponseWriter, r *http.Request) {
		if !f.validToken(r.Header.Get("Authorization")) {
			// What Slack does without a valid token: its login page.
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<!DOCTYPE html><title>Slack</title>"))
			return
		}
		f.mu.Lock()
		body, found := f.files[r.URL.Path]
		f.mu.Unlock()
		if !found {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(body))
	})
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// serve records the request, then routes it.
func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if r.Method == http.MethodPost {
		f.contract.Request(f.t, r.URL.Path, r.Header.Get("Content-Type"), body, r.Header.Get("Authorization") != "")
	}
	f.mu.Lock()
	f.calls = append(f.calls, call{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	close(f.changed)
	f.changed = make(chan struct{})
	fail := 0
	if q := f.fail[r.URL.Path]; len(q) > 0 {
		fail, f.fail[r.URL.Path] = q[0], q[1:]
	}
	f.mu.Unlock()
	if fail != 0 {
		if fail == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(fail)
		return
	}
	f.mux.ServeHTTP(w, r)
}

// apiURL is the Web API base for slack.OptionAPIURL.
func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api/" }

// callsTo returns the calls whose path starts with prefix.
func (f *fakeSlack) callsTo(prefix string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// all returns every call.
func (f *fakeSlack) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// waitLimit bounds every wait for background work: generous, because the
// machine may be shared and busy; a passing test never waits that long.
const waitLimit = 20 * time.Second

// wait waits until n calls to prefix have arrived and returns them.
func (f *fakeSlack) wait(prefix string, n int) []call {
	f.t.Helper()
	deadline := time.After(waitLimit)
	for {
		f.mu.Lock()
		ch := f.changed
		f.mu.Unlock()
		if got := f.callsTo(prefix); len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-deadline:
			f.t.Fatalf("waited %v for %d call(s) to %s; got %d; all calls: %v", waitLimit, n, prefix, len(f.callsTo(prefix)), f.paths())
		}
	}
}

func (f *fakeSlack) paths() []string {
	var p []string
	for _, c := range f.all() {
		p = append(p, c.Path)
	}
	return p
}

// Test credentials: fakes, shaped like the real ones.
const (
	testSecret     = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotToken   = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
	testAppToken   = "xapp-1-A123456-1700000000000-0123456789abcdef"
	testAdminToken = "xoxp-17653672481-19874698323-1987469832300-a1b2c3d4"
	// The OAuth app's credentials and ORFIX_SECRET_KEY.
	testClientID     = "17653672481.19874698323"
	testClientSecret = "3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f"
	testSecretKey    = "qZ3vX8rT1uY6wB4nM9kP2sD7fG5hJ0lA-cE3iO8uQ1w"
	publicURL        = "https://orfix.example.com"
)

// newBot returns a bot core on the default knowledge base that listens
// passively in C0WATCHED.
func newBot(t testing.TB, cfg bot.Config, opts ...bot.Option) *bot.Bot {
	t.Helper()
	kb := testutil.DefaultKB(t)
	cfg.PublicURL = publicURL
	if cfg.PassiveChannels == nil {
		cfg.PassiveChannels = []string{"C0WATCHED"}
	}
	return bot.New(kb, cfg, opts...)
}

// env is one adapter wired to a fake Slack and a real bot core.
type env struct {
	t     testing.TB
	slack *fakeSlack
	a     *Adapter
	core  Core
	logs  *testutil.SyncBuffer // slog output, for the secret checks
	mux   *http.ServeMux
}

// newEnv builds an HTTP-mode adapter with a bot token against a fake Slack.
// cfg fields left empty get the test credentials.
func newEnv(t testing.TB, core Core, cfg Config, opts ...Option) *env {
	t.Helper()
	f := newFakeSlack(t)
	if cfg.SigningSecret == "" && cfg.AppToken == "" {
		cfg.SigningSecret = testSecret
	}
	if cfg.BotToken == "" {
		cfg.BotToken = testBotToken
	}
	if cfg.BotToken == "-" {
		cfg.BotToken = ""
	}
	cfg.APIURL = f.apiURL()
	logs := &testutil.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if core == nil {
		core = newBot(t, bot.Config{}, bot.WithLogger(log))
	}
	a, err := New(core, cfg, log, append([]Option{WithAuthBackoff(time.Millisecond, 5*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	t.Cleanup(a.inflight.Wait)
	return &env{t: t, slack: f, a: a, core: core, logs: logs, mux: mux}
}

// fixture reads testdata/name with {{server}} (and {{key}}) filled in.
func (e *env) fixture(name string, key ...string) []byte {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		e.t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "{{server}}", e.slack.srv.URL)
	if len(key) > 0 {
		s = strings.ReplaceAll(s, "{{key}}", key[0])
	}
	return []byte(s)
}

// interactionBody wraps an interaction fixture as Slack posts it.
func (e *env) interactionBody(name string) []byte {
	return []byte("payload=" + url.QueryEscape(string(e.fixture(name))))
}

// signed returns a request signed like Slack signs one, at time ts.
func signed(path, contentType string, body []byte, secret string, ts time.Time) *http.Request {
	if strings.HasPrefix(contentType, formType) {
		// Each request is a new one, not a replay of the last (Slack adds
		// nothing like it, but a fresh timestamp would do the same).
		body = append(append([]byte(nil), body...), fmt.Sprintf("&test_nonce=%d", nonce.Add(1))...)
	}
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", signature(secret, stamp, body))
	return r
}

// nonce makes every signed test request unique.
var nonce atomic.Int64

// signature is Slack's v0 signature: HMAC-SHA256 of "v0:ts:body".
func signature(secret, stamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "v0:%s:", stamp)
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// post sends a signed request through the adapter's routes.
func (e *env) post(path, contentType string, body []byte, header ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := signed(path, contentType, body, testSecret, time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	if path == "/slack/commands" && w.Code == http.StatusOK && w.Body.Len() > 0 {
		e.slack.contract.Message(e.t, w.Body.Bytes())
	}
	return w
}

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
)

func (e *env) command(name string, key ...string) *httptest.ResponseRecorder {
	return e.post("/slack/commands", formType, e.fixture(name, key...))
}

func (e *env) event(name string, header ...string) *httptest.ResponseRecorder {
	return e.post("/slack/events", jsonType, e.fixture(name), header...)
}

func (e *env) eventWithKey(name, key string) *httptest.ResponseRecorder {
	return e.post("/slack/events", jsonType, e.fixture(name, key))
}

func (e *env) interact(name string) *httptest.ResponseRecorder {
	return e.post("/slack/interactivity", formType, e.interactionBody(name))
}

// settle waits for the adapter's background work to finish.
func (e *env) settle() {
	e.a.inflight.Wait()
}

// runAdapter runs a.Run until the test ends.
func runAdapter(t testing.TB, a *Adapter) {
	t.Helper()
	testutil.RunUntilCleanup(t, a.Run, waitLimit)
}
