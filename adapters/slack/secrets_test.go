package slack

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/orfix/orfix/internal/testutil"
)

// assertNoKey fails if the key, or any 8 characters of its secret part,
// appear in any text (raw, or URL-decoded, or with JSON escapes undone).
func assertNoKey(t testing.TB, key string, where string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		forms := []string{s, strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(s)}
		if d, err := url.QueryUnescape(s); err == nil {
			forms = append(forms, d)
		}
		for _, f := range forms {
			testutil.AssertNoSecret(t, where, f, key)
		}
	}
}

// assertClean checks every request the fake Slack received, every answer
// the adapter gave and every log line.
func assertClean(t testing.TB, e *env, key string, answers ...*httptest.ResponseRecorder) {
	t.Helper()
	e.settle()
	for _, c := range e.slack.all() {
		assertNoKey(t, key, "the request to "+c.Path, string(c.Body))
	}
	for _, w := range answers {
		assertNoKey(t, key, "an HTTP answer", w.Body.String())
	}
	assertNoKey(t, key, "the log", e.logs.String())
	// Nor a raw user or channel id, nor a token-bearing URL.
	if ids := slackID.FindAllString(e.logs.String(), 3); len(ids) > 0 {
		t.Errorf("raw ids in the log: %v", ids)
	}
	for _, s := range []string{"hooks.slack.com/", "files-pri/", "xoxb-", "xoxp-"} {
		if strings.Contains(e.logs.String(), s) {
			t.Errorf("the log holds %q", s)
		}
	}
}

// slackID is a raw Slack user, channel or team id.
var slackID = regexp.MustCompile(`"[UCDGTW][0-9A-Z]{6,}"`)

func TestLeakedKeyInSlashCommand(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	e := newEnv(t, nil, Config{ModChannel: "C0MODS"})
	w := e.command("command_key.form", key)
	m := decodeMessage(t, w.Body.Bytes())
	body := unescaped(t, w.Body.Bytes())
	if m.ResponseType != "ephemeral" {
		t.Errorf("response_type %q, want ephemeral", m.ResponseType)
	}
	for _, s := range []string{"Your message contained a secret", "OpenRouter API key", "`sk-or-v1-…[redacted]…" + key[len(key)-4:] + "`",
		"https://openrouter.ai/settings/keys", "/kb/openrouter-401-invalid-key", "Before you paste"} {
		if !strings.Contains(body, s) {
			t.Errorf("answer lacks %q:\n%s", s, body)
		}
	}
	if strings.Contains(body, "orfix_share") {
		t.Errorf("an answer to a paste with a secret offers to share it")
	}
	assertClean(t, e, key, w)
	if n := len(e.slack.all()); n != 0 {
		t.Errorf("a slash command's secret reached %v (nothing is public to clean up)", e.slack.paths())
	}
}

func TestLeakedKeyInChannel(t *testing.T) {
	tests := []struct {
		name     string
		fixture  string
		cfg      Config
		deleted  bool
		channel  string
		answered bool // the warning carries the answer
	}{
		{"watched channel, bot token only", "event_message_key.json", Config{}, false, "C0WATCHED", true},
		{"watched channel, admin token and moderators", "event_message_key.json", Config{AdminToken: testAdminToken, ModChannel: "C0MODS"}, true, "C0WATCHED", true},
		{"channel not watched still flagged", "event_message_key_unwatched.json", Config{ModChannel: "C0MODS"}, false, "C0ELSEWHERE", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := testutil.FakeOpenRouterKey(t)
			e := newEnv(t, nil, tc.cfg)
			w := e.eventWithKey(tc.fixture, key)
			eph := e.slack.wait("/api/chat.postEphemeral", 1)[0].form()
			if eph.Get("channel") != tc.channel || eph.Get("user") != "U2147483697" {
				t.Errorf("warning sent to channel %q user %q", eph.Get("channel"), eph.Get("user"))
			}
			blocks := eph.Get("blocks")
			for _, s := range []string{"OpenRouter API key", "sk-or-v1-…[redacted]…" + key[len(key)-4:], "https://openrouter.ai/settings/keys", "Before you paste"} {
				if !strings.Contains(blocks, s) {
					t.Errorf("warning lacks %q: %s", s, blocks)
				}
			}
			wantAction := actionNotDeleted
			if tc.deleted {
				wantAction = actionDeleted
			}
			if !strings.Contains(blocks, wantAction) {
				t.Errorf("warning does not say %q: %s", wantAction, blocks)
			}
			if got := strings.Contains(blocks, "/kb/openrouter-401-invalid-key"); got != tc.answered {
				t.Errorf("answer in the warning: %v, want %v", got, tc.answered)
			}
			e.settle()
			dels := e.slack.callsTo("/api/chat.delete")
			if tc.deleted {
				if len(dels) != 1 {
					t.Fatalf("%d chat.delete calls, want 1", len(dels))
				}
				f := dels[0].form()
				if f.Get("token") != testAdminToken || f.Get("channel") != tc.channel || f.Get("ts") == "" {
					t.Errorf("chat.delete %v: want the admin token, channel and ts", redactForm(f))
				}
			} else if len(dels) != 0 {
				t.Errorf("chat.delete without an admin token")
			}
			posts := e.slack.callsTo("/api/chat.postMessage")
			if tc.cfg.ModChannel == "" {
				if len(posts) != 0 {
					t.Errorf("a public post about a leaked key: %v", e.slack.paths())
				}
			} else {
				if len(posts) != 1 || posts[0].form().Get("channel") != "C0MODS" {
					t.Fatalf("want one alert in C0MODS and nothing public, got %d posts", len(posts))
				}
				alert := posts[0].form().Get("text")
				for _, s := range []string{"<@U2147483697>", "<#" + tc.channel + ">", "OpenRouter API key", "…[redacted]…" + key[len(key)-4:]} {
					if !strings.Contains(alert, s) {
						t.Errorf("alert lacks %q: %s", s, alert)
					}
				}
			}
			assertClean(t, e, key, w)
		})
	}
}

func TestLeakedKeyInModal(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	e := newEnv(t, nil, Config{})
	body := strings.Replace(string(e.fixture("view_submission.json")), "Traceback (most recent call last):", "OPENROUTER_API_KEY="+key+" Traceback:", 1)
	w := e.post("/slack/interactivity", formType, []byte("payload="+url.QueryEscape(body)))
	post := e.slack.wait("/response/commands/T0001/1234/modal", 1)[0]
	text := unescaped(t, post.Body)
	if !strings.Contains(text, "Your message contained a secret") || strings.Contains(text, "orfix_share") {
		t.Errorf("modal answer: %s", text)
	}
	if decodeMessage(t, post.Body).ResponseType != "ephemeral" {
		t.Errorf("modal answer is not private")
	}
	assertClean(t, e, key, w)
}

// redactForm drops the token from a form for a failure message.
func redactForm(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		if k != "token" {
			c[k] = vs
		}
	}
	return c
}

// tbRecorder records an Errorf or a Fatalf instead of failing the test.
type tbRecorder struct {
	testing.TB
	failed bool
}

func (r *tbRecorder) Helper()               {}
func (r *tbRecorder) Errorf(string, ...any) { r.failed = true }
func (r *tbRecorder) Fatalf(string, ...any) { r.failed = true }

func TestAssertNoKeyCatchesLeaks(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	secret := strings.TrimPrefix(key, "sk-or-v1-")
	tests := []struct {
		name string
		text string
		leak bool
	}{
		{"the key", "token=" + key, true},
		{"8 characters of it", "…" + secret[17:25] + "…", true},
		{"url-encoded", url.QueryEscape("k=" + key), true},
		{"the masked form", "sk-or-v1-…[redacted]…" + key[len(key)-4:], false},
		{"7 characters", secret[3:10], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &tbRecorder{TB: t}
			assertNoKey(rec, key, "text", tc.text)
			if rec.failed != tc.leak {
				t.Errorf("flagged %v, want %v", rec.failed, tc.leak)
			}
		})
	}
}

func TestConfigNeverPrintsSecrets(t *testing.T) {
	cfg := Config{BotToken: testBotToken, SigningSecret: testSecret, AppToken: testAppToken, AdminToken: testAdminToken, ModChannel: "C0MODS"}
	var logs strings.Builder
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "slack", cfg)
	for _, out := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), logs.String()} {
		for _, secret := range []string{testBotToken, testSecret, testAppToken, testAdminToken} {
			if strings.Contains(out, secret) {
				t.Errorf("printed a secret: %s", out)
			}
		}
		if !strings.Contains(out, "C0MODS") {
			t.Errorf("lost the harmless fields: %s", out)
		}
	}
}
