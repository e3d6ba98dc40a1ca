package slack

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
)

// The two workspaces the OAuth tests install, with the codes Slack's
// authorize page would hand back for them.
var (
	teamOne = fakeGrant{Team: "T0001", Name: "Example One", Token: "xoxb-11111111111-22222222222-TeamOneTokenAbcdefgh", BotUser: "UBOT"}
	teamTwo = fakeGrant{Team: "T0002", Name: "Example Two", Token: "xoxb-33333333333-44444444444-TeamTwoTokenIjklmnop", BotUser: "UBOT2"}
)

const (
	codeOne = "1111.code-for-team-one"
	codeTwo = "2222.code-for-team-two"
)

// oauthEnv is an adapter with OAuth installs on (and no bot token of its
// own) against the fake Slack, storing installations in an SQLite file.
type oauthEnv struct {
	*env
	db   *store.SQLite
	path string
}

func newOAuthEnv(t *testing.T, cfg Config) *oauthEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "orfix.db")
	db, err := store.OpenSQLite(context.Background(), path, []byte("0123456789abcdef-test-salt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return newOAuthEnvWith(t, cfg, db, path)
}

func newOAuthEnvWith(t *testing.T, cfg Config, db *store.SQLite, path string) *oauthEnv {
	t.Helper()
	if cfg.BotToken == "" {
		cfg.BotToken = "-"
	}
	cfg.ClientID, cfg.ClientSecret = testClientID, testClientSecret
	if cfg.SecretKey == "" {
		cfg.SecretKey = testSecretKey
	}
	e := newEnv(t, nil, cfg, WithInstallations(db))
	e.slack.grant(codeOne, teamOne)
	e.slack.grant(codeTwo, teamTwo)
	return &oauthEnv{env: e, db: db, path: path}
}

// get sends a GET through the adapter's routes with the cookies given.
func (e *oauthEnv) get(target string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

// start runs GET /slack/install and returns the state Slack would get and
// the cookie the browser keeps.
func (e *oauthEnv) start() (state string, cookie *http.Cookie) {
	e.t.Helper()
	w := e.get(installPath)
	if w.Code != http.StatusFound {
		e.t.Fatalf("install: status %d: %s", w.Code, w.Body)
	}
	loc, err := url.Parse(w.Header().Get("Location"))
	if err != nil {
		e.t.Fatal(err)
	}
	q := loc.Query()
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != e.slack.srv.URL+"/oauth/v2/authorize" {
		e.t.Errorf("authorize URL %s", got)
	}
	if q.Get("client_id") != testClientID || q.Get("redirect_uri") != publicURL+callbackPath || q.Get("scope") != strings.Join(botScopes, ",") || q.Get("state") == "" {
		e.t.Errorf("authorize query %v", q)
	}
	cs := w.Result().Cookies()
	if len(cs) != 1 || cs[0].Name != stateCookie {
		e.t.Fatalf("cookies %v", cs)
	}
	c := cs[0]
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 || c.MaxAge > 600 {
		e.t.Errorf("cookie %+v: want HttpOnly, Secure, SameSite=Lax, at most 10 minutes", c)
	}
	return q.Get("state"), &http.Cookie{Name: c.Name, Value: c.Value}
}

// callback is Slack sending the browser back with code and state.
func (e *oauthEnv) callback(code, state string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	return e.get(callbackPath+"?"+url.Values{"code": {code}, "state": {state}}.Encode(), cookies...)
}

// install runs the whole flow for code and checks it succeeded.
func (e *oauthEnv) install(code string, want fakeGrant) {
	e.t.Helper()
	state, cookie := e.start()
	w := e.callback(code, state, cookie)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "orfix is now in "+want.Name) {
		e.t.Fatalf("callback: status %d: %s", w.Code, w.Body)
	}
	if e.installed(want.Team) != nil {
		e.t.Fatalf("%s not stored", want.Team)
	}
}

// installed is nil when team has an installation, else the store's error.
func (e *oauthEnv) installed(team string) error {
	_, err := e.db.Installation(context.Background(), team)
	return err
}

// forTeamTwo rewrites a fixture from team one's to team two's.
func forTeamTwo(b []byte, eventID string) []byte {
	s := strings.NewReplacer("T0001", teamTwo.Team, "UBOT", teamTwo.BotUser, "Ev0MENTION01", eventID,
		"U2147483697", "U0TEAMTWO1", "C2147483705", "C0TEAMTWO1").Replace(string(b))
	return []byte(s)
}

// TestOAuthTwoWorkspaces is the target: two workspaces installed through
// OAuth on one deployment, each answered with its own token, for events,
// slash commands and interactions.
func TestOAuthTwoWorkspaces(t *testing.T) {
	e := newOAuthEnv(t, Config{})
	e.install(codeOne, teamOne)
	e.install(codeTwo, teamTwo)

	// A mention in each workspace: answered with that workspace's token.
	e.event("event_app_mention.json")
	e.post("/slack/events", jsonType, forTeamTwo(e.fixture("event_app_mention.json"), "Ev0MENTION02"))
	// /orfix with nothing opens the paste box, through views.open.
	e.command("command_empty.form")
	e.post("/slack/commands", formType, forTeamTwo(e.fixture("command_empty.form"), ""))
	// "Not yet" in a thread posts the hand-off there.
	e.interact("block_actions_not_yet_thread.json")
	e.post("/slack/interactivity", formType, []byte("payload="+url.QueryEscape(string(forTeamTwo(e.fixture("block_actions_not_yet_thread.json"), "")))))
	e.settle()

	for _, c := range []struct {
		path string
		n    int
	}{{"/api/chat.postMessage", 4}, {"/api/views.open", 2}} {
		calls := e.slack.wait(c.path, c.n)
		byToken := map[string]int{}
		for _, call := range calls {
			byToken[call.token()]++
		}
		if byToken[teamOne.Token] != c.n/2 || byToken[teamTwo.Token] != c.n/2 || len(byToken) != 2 {
			t.Errorf("%s: calls per token %v, want %d with each workspace's token", c.path, redactTokens(byToken), c.n/2)
		}
	}
	// Each answer went to its own workspace: the mention in team two was
	// recognised as one (its bot user is UBOT2), so both were answered.
	for _, call := range e.slack.callsTo("/api/chat.postMessage") {
		if call.form().Get("thread_ts") == "" {
			t.Errorf("an answer outside a thread: %v", redactForm(call.form()))
		}
	}
	assertNoSecretsLogged(t, e.env)
}

// redactTokens shows which tokens were used without printing them.
func redactTokens(m map[string]int) map[string]int {
	out := map[string]int{}
	for tok, n := range m {
		name := "other"
		switch tok {
		case teamOne.Token:
			name = "team one"
		case teamTwo.Token:
			name = "team two"
		case "":
			name = "none"
		}
		out[name] += n
	}
	return out
}

// TestOAuthRefused: a forged, expired, replayed or foreign state, a
// missing or wrong cookie, and a cancelled install store nothing and never
// reach oauth.v2.access.
func TestOAuthRefused(t *testing.T) {
	e := newOAuthEnv(t, Config{})
	otherKey := []byte("not the key the adapter signs with")
	tests := []struct {
		name string
		// req builds the callback from a fresh, valid state and cookie.
		req  func(state string, cookie *http.Cookie) *httptest.ResponseRecorder
		code int
	}{
		{"forged signature", func(_ string, c *http.Cookie) *httptest.ResponseRecorder {
			nonce, _ := decodeNonce(c.Value)
			return e.callback(codeOne, signState(otherKey, nonce, time.Now().Add(time.Minute)), c)
		}, http.StatusForbidden},
		{"altered state", func(s string, c *http.Cookie) *httptest.ResponseRecorder {
			// A character of the nonce changed: the signature no longer fits.
			b := []byte(s)
			b[20] = map[bool]byte{true: 'B', false: 'A'}[b[20] == 'A']
			return e.callback(codeOne, string(b), c)
		}, http.StatusForbidden},
		{"expired state", func(_ string, c *http.Cookie) *httptest.ResponseRecorder {
			nonce, _ := decodeNonce(c.Value)
			return e.callback(codeOne, signState(e.a.stateKey, nonce, time.Now().Add(-time.Second)), c)
		}, http.StatusForbidden},
		{"no cookie", func(s string, _ *http.Cookie) *httptest.ResponseRecorder {
			return e.callback(codeOne, s)
		}, http.StatusForbidden},
		{"another browser's cookie", func(s string, _ *http.Cookie) *httptest.ResponseRecorder {
			_, other := e.start()
			return e.callback(codeOne, s, other)
		}, http.StatusForbidden},
		{"no state", func(_ string, c *http.Cookie) *httptest.ResponseRecorder {
			return e.get(callbackPath+"?code="+codeOne, c)
		}, http.StatusForbidden},
		{"garbage state", func(_ string, c *http.Cookie) *httptest.ResponseRecorder {
			return e.callback(codeOne, "%%%.###", c)
		}, http.StatusForbidden},
		{"access denied", func(s string, c *http.Cookie) *httptest.ResponseRecorder {
			return e.get(callbackPath+"?"+url.Values{"error": {"access_denied"}, "state": {s}}.Encode(), c)
		}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			state, cookie := e.start()
			w := tc.req(state, cookie)
			if w.Code != tc.code {
				t.Errorf("status %d, want %d: %s", w.Code, tc.code, w.Body)
			}
			if !strings.Contains(w.Body.String(), "/slack/install") || strings.Contains(w.Body.String(), "orfix is now in") {
				t.Errorf("page does not offer a new start: %s", w.Body)
			}
		})
	}
	if n := len(e.slack.callsTo("/api/oauth.v2.access")); n != 0 {
		t.Errorf("oauth.v2.access called %d times for refused callbacks", n)
	}
	if err := e.installed(teamOne.Team); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an installation was stored: %v", err)
	}

	// A state works once: the replay is refused before any exchange, even
	// with the same cookie.
	e.slack.grant("4444.fresh-code", teamOne)
	state, cookie := e.start()
	if w := e.callback("4444.fresh-code", state, cookie); w.Code != http.StatusOK {
		t.Fatalf("first use: %d %s", w.Code, w.Body)
	}
	e.slack.grant("3333.another-code", teamTwo)
	if w := e.callback("3333.another-code", state, cookie); w.Code != http.StatusForbidden {
		t.Errorf("replayed state: status %d, want 403", w.Code)
	}
	if n := len(e.slack.callsTo("/api/oauth.v2.access")); n != 1 {
		t.Errorf("oauth.v2.access called %d times, want 1 (the replay must not reach it)", n)
	}
	if err := e.installed(teamTwo.Team); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the replay installed a workspace: %v", err)
	}

	// A code Slack refuses: nothing stored, a failure page.
	state, cookie = e.start()
	if w := e.callback("9999.unknown", state, cookie); w.Code != http.StatusBadGateway || !strings.Contains(w.Body.String(), "Not installed") {
		t.Errorf("unknown code: status %d: %s", w.Code, w.Body)
	}
	assertNoSecretsLogged(t, e.env)
}

// decodeNonce reads a cookie's nonce.
func decodeNonce(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

// TestOAuthUninstall: app_uninstalled and tokens_revoked delete the
// workspace's token; its later events are not answered with it, and the
// other workspace is untouched.
func TestOAuthUninstall(t *testing.T) {
	e := newOAuthEnv(t, Config{})
	e.install(codeOne, teamOne)
	e.install(codeTwo, teamTwo)
	e.event("event_app_mention.json")
	e.slack.wait("/api/chat.postMessage", 1)

	e.post("/slack/events", jsonType, lifecycleEvent(teamOne.Team, "Ev0UNINST01", `{"type":"app_uninstalled","event_ts":"1700000200.000100"}`))
	e.settle()
	if err := e.installed(teamOne.Team); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after app_uninstalled: %v", err)
	}
	// A later event from team one: no token to answer with.
	e.post("/slack/events", jsonType, []byte(strings.ReplaceAll(string(e.fixture("event_app_mention.json")), "Ev0MENTION01", "Ev0MENTION03")))
	e.settle()
	if n := len(e.slack.callsTo("/api/chat.postMessage")); n != 1 {
		t.Errorf("%d answers; want only the one before the uninstall", n)
	}
	if !strings.Contains(e.logs.String(), "no bot token to answer with") {
		t.Errorf("the unanswered event is not logged")
	}

	// Team two still answers; then its bot token is revoked.
	e.post("/slack/events", jsonType, forTeamTwo(e.fixture("event_app_mention.json"), "Ev0MENTION04"))
	calls := e.slack.wait("/api/chat.postMessage", 2)
	if calls[1].token() != teamTwo.Token {
		t.Errorf("team two answered with another token")
	}
	// A user token revoked leaves the bot's alone.
	e.post("/slack/events", jsonType, lifecycleEvent(teamTwo.Team, "Ev0REVOKE01", `{"type":"tokens_revoked","tokens":{"oauth":["U2147483697"]},"event_ts":"1700000300.000100"}`))
	e.settle()
	if err := e.installed(teamTwo.Team); err != nil {
		t.Fatalf("a revoked user token removed the installation: %v", err)
	}
	e.post("/slack/events", jsonType, lifecycleEvent(teamTwo.Team, "Ev0REVOKE02", `{"type":"tokens_revoked","tokens":{"bot":["UBOT2"]},"event_ts":"1700000400.000100"}`))
	e.settle()
	if err := e.installed(teamTwo.Team); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after tokens_revoked: %v", err)
	}
	e.post("/slack/events", jsonType, forTeamTwo(e.fixture("event_app_mention.json"), "Ev0MENTION05"))
	e.settle()
	if n := len(e.slack.callsTo("/api/chat.postMessage")); n != 2 {
		t.Errorf("%d answers; team two answered after its token was revoked", n)
	}
	assertNoSecretsLogged(t, e.env)
}

// lifecycleEvent is an event callback for team with inner event ev.
func lifecycleEvent(team, id, ev string) []byte {
	return fmt.Appendf(nil, `{"token":"ZZZZZZWSxiZZZ2yIvs3peJ","team_id":%q,"api_app_id":"A123456","event":%s,"type":"event_callback","event_id":%q,"event_time":1700000200}`, team, ev, id)
}

// TestOAuthWrongKey: tokens sealed under one ORFIX_SECRET_KEY do not open
// under another; the event goes unanswered and the log says why.
func TestOAuthWrongKey(t *testing.T) {
	e := newOAuthEnv(t, Config{})
	e.install(codeOne, teamOne)

	other := newOAuthEnvWith(t, Config{SecretKey: "a different secret key, long enough to derive from"}, e.db, e.path)
	other.event("event_app_mention.json")
	other.settle()
	if n := len(other.slack.callsTo("/api/chat.postMessage")); n != 0 {
		t.Errorf("answered %d times with a token that should not open", n)
	}
	if log := other.logs.String(); !strings.Contains(log, "cannot load the workspace's token") || !strings.Contains(log, "ORFIX_SECRET_KEY") {
		t.Errorf("the log does not say the key is wrong:\n%s", log)
	}
	assertNoSecretsLogged(t, other.env)
}

// TestOAuthMixed: with a bot token of its own too, a workspace without an
// installation is answered with that token, an installed one with its own.
func TestOAuthMixed(t *testing.T) {
	e := newOAuthEnv(t, Config{BotToken: testBotToken})
	e.install(codeTwo, teamTwo)
	e.event("event_app_mention.json")
	e.post("/slack/events", jsonType, forTeamTwo(e.fixture("event_app_mention.json"), "Ev0MENTION02"))
	calls := e.slack.wait("/api/chat.postMessage", 2)
	got := map[string]bool{}
	for _, c := range calls {
		got[c.token()] = true
	}
	if !got[testBotToken] || !got[teamTwo.Token] {
		t.Errorf("tokens used %v", redactTokens(map[string]int{calls[0].token(): 1, calls[1].token(): 1}))
	}
}

// TestOAuthNeedsSecretKey: the install flow does not start without a
// usable ORFIX_SECRET_KEY or a store, and says which is missing.
func TestOAuthNeedsSecretKey(t *testing.T) {
	core := newBot(t, bot.Config{})
	db, err := store.OpenSQLite(context.Background(), ":memory:", []byte("0123456789abcdef-test-salt"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	base := Config{SigningSecret: testSecret, ClientID: testClientID, ClientSecret: testClientSecret, SecretKey: testSecretKey}
	tests := []struct {
		name string
		cfg  func(c *Config)
		opts []Option
		want string
	}{
		{"no key", func(c *Config) { c.SecretKey = "" }, []Option{WithInstallations(db)}, "ORFIX_SECRET_KEY"},
		{"short key", func(c *Config) { c.SecretKey = "hunter2" }, []Option{WithInstallations(db)}, "ORFIX_SECRET_KEY"},
		{"no store", func(*Config) {}, nil, "store"},
		{"no secret", func(c *Config) { c.ClientSecret = "" }, []Option{WithInstallations(db)}, "SLACK_CLIENT_SECRET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.cfg(&cfg)
			_, err := New(core, cfg, nil, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: %v, want an error naming %s", err, tc.want)
			}
			for _, secret := range []string{testClientSecret, "hunter2"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error quotes a secret: %v", err)
				}
			}
		})
	}
	if _, err := New(core, base, nil, WithInstallations(db)); err != nil {
		t.Fatalf("New with everything: %v", err)
	}
	// Without OAuth, no install routes.
	e := newEnv(t, nil, Config{})
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, installPath, nil))
	if w.Code != http.StatusNotFound {
		t.Errorf("install route without OAuth: %d", w.Code)
	}
}

// assertNoSecretsLogged checks the log for every token, code, secret and
// state of the OAuth tests.
func assertNoSecretsLogged(t *testing.T, e *env) {
	t.Helper()
	log := e.logs.String()
	for _, s := range []string{teamOne.Token, teamTwo.Token, testClientSecret, testSecretKey, codeOne, codeTwo, "TeamOneToken", "TeamTwoToken", "3333.another-code", "4444.fresh-code"} {
		if strings.Contains(log, s) {
			t.Errorf("the log holds a secret (%.12s…)", s)
		}
	}
	if strings.Contains(log, "state=") || strings.Contains(log, stateCookie+"=") {
		t.Errorf("the log holds an OAuth state or cookie")
	}
}
