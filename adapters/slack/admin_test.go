package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/contract"
	"github.com/orfix/orfix/internal/testutil"
)

func TestParseAdmin(t *testing.T) {
	tests := []struct {
		text    string
		want    bot.AdminCommand
		wantErr string
	}{
		{"listen <#C0SUPPORT|support>", bot.AdminCommand{Op: bot.AdminListen, Channel: "C0SUPPORT"}, ""},
		{"LISTEN <#C0SUPPORT>", bot.AdminCommand{Op: bot.AdminListen, Channel: "C0SUPPORT"}, ""},
		{"listen C0SUPPORT", bot.AdminCommand{Op: bot.AdminListen, Channel: "C0SUPPORT"}, ""},
		{"listen #support", bot.AdminCommand{}, "picked from Slack's list"},
		{"listen", bot.AdminCommand{}, "picked from Slack's list"},
		{"stop <#G0PRIVATE|secret>", bot.AdminCommand{Op: bot.AdminStop, Channel: "G0PRIVATE"}, ""},
		{"support <!subteam^S0HELPERS|@helpers>", bot.AdminCommand{Op: bot.AdminSupport, Mention: "<!subteam^S0HELPERS>"}, ""},
		{"support <@U0PERSON|pat>", bot.AdminCommand{Op: bot.AdminSupport, Mention: "<@U0PERSON>"}, ""},
		{"support none", bot.AdminCommand{Op: bot.AdminSupport}, ""},
		{"support @helpers", bot.AdminCommand{}, "user group"},
		{"support <!channel>", bot.AdminCommand{}, "user group"},
		{"modchannel <#C0MODS|mods>", bot.AdminCommand{Op: bot.AdminModChannel, Channel: "C0MODS"}, ""},
		{"modchannel none", bot.AdminCommand{Op: bot.AdminModChannel}, ""},
		{"threads off", bot.AdminCommand{Op: bot.AdminThreads}, ""},
		{"threads on", bot.AdminCommand{Op: bot.AdminThreads, On: true}, ""},
		{"threads maybe", bot.AdminCommand{}, "on or off"},
		{"eagerness quiet", bot.AdminCommand{Op: bot.AdminEagerness, Eagerness: bot.EagerQuiet}, ""},
		{"eagerness loud", bot.AdminCommand{}, "unknown eagerness"},
		{"show", bot.AdminCommand{Op: bot.AdminShow}, ""},
		{"show everything", bot.AdminCommand{}, "no argument"},
		{"listen <#C1> <#C2>", bot.AdminCommand{}, "one argument"},
		{"", bot.AdminCommand{}, errNoAdmin.Error()},
		{"reset", bot.AdminCommand{}, errNoAdmin.Error()},
	}
	for _, tc := range tests {
		got, err := parseAdmin(tc.text)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: err %v, want %q", tc.text, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v; want %+v", tc.text, got, err, tc.want)
		}
	}
	if rest, ok := adminText("Admin listen <#C1>"); !ok || rest != "listen <#C1>" {
		t.Errorf("adminText: %q %v", rest, ok)
	}
	if _, ok := adminText("administrator keys leaked 401"); ok {
		t.Error("a paste starting with another word is an admin command")
	}
}

const (
	adminUser = "U0ADMIN"
	listUser  = "U0LISTED"
	plainUser = "U0PLAIN"
)

// adminEnv is an adapter whose core keeps settings in SQLite, against a
// fake Slack whose users.info says U0ADMIN is a workspace admin.
func adminEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "orfix.db"), []byte("0123456789abcdef-test-salt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := newEnv(t, newBot(t, bot.Config{PassiveChannels: []string{}}, bot.WithSettings(st)), cfg)
	e.slack.mux.HandleFunc("POST /api/users.info", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id := r.PostForm.Get("user")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"team_id":"T0001","name":"someone","is_admin":%t,"is_owner":false,"is_primary_owner":false,"is_bot":false}}`, id, id == adminUser)
	})
	return e
}

// adminCommand posts /orfix admin <text> by user and returns the answer.
func (e *env) adminCommand(user, text string) string {
	e.t.Helper()
	return decodeMessage(e.t, e.adminPayload(user, text)).Text
}

// adminPayload posts /orfix admin <text> by user and returns the raw
// private answer.
func (e *env) adminPayload(user, text string) []byte {
	e.t.Helper()
	form := url.Values{"token": {"x"}, "team_id": {"T0001"}, "team_domain": {"example"}, "channel_id": {"C2147483705"},
		"channel_name": {"general"}, "user_id": {user}, "user_name": {"someone"}, "command": {"/orfix"}, "text": {"admin " + text},
		"api_app_id": {"A123456"}, "response_url": {e.slack.srv.URL + "/response/commands/T0001/1/2"}, "trigger_id": {"1.2.3"}}
	w := e.post("/slack/commands", formType, []byte(form.Encode()))
	if w.Code != http.StatusOK {
		e.t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if m := decodeMessage(e.t, w.Body.Bytes()); m.ResponseType != ephemeral {
		e.t.Errorf("an admin reply must be ephemeral: %s", w.Body)
	}
	return w.Body.Bytes()
}

// TestAdminRepliesGolden pins the admin replies people read and checks them
// against Slack's published message contract.
func TestAdminRepliesGolden(t *testing.T) {
	e := adminEnv(t, Config{ModChannel: "C0MODS"})
	specs := contract.SlackIfPresent(t)
	for _, tc := range []struct{ name, user, text string }{
		{"admin_listen.json", adminUser, "listen <#C0WATCHED|support>"},
		{"admin_show.json", adminUser, "show"},
		{"admin_refused.json", plainUser, "support <!subteam^S0HELPERS|@helpers>"},
		{"admin_usage.json", adminUser, "frobnicate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal(e.adminPayload(tc.user, tc.text), &v); err != nil {
				t.Fatal(err)
			}
			got := pretty(t, v)
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.name), got)
			checkLimits(t, got)
			checkContract(t, specs, got)
		})
	}
}

// TestAdminPermissions: workspace admins (users.info) and listed users may
// change settings; anyone else is refused and nothing changes.
func TestAdminPermissions(t *testing.T) {
	tests := []struct {
		user, want string
	}{
		{adminUser, "Done."},
		{listUser, "Done."},
		{plainUser, noticeNotAdmin},
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			e := adminEnv(t, Config{Admins: []string{listUser}})
			if got := e.adminCommand(tc.user, "listen <#C0SUPPORT|support>"); !strings.Contains(got, tc.want) {
				t.Errorf("reply %q, want %q", got, tc.want)
			}
			listening := e.core.Settings(t.Context(), bot.Slack, "T0001", e.a.fileSettings(t.Context())).Listens("C0SUPPORT", "")
			if listening != (tc.want == "Done.") {
				t.Errorf("listening %v after %q", listening, tc.want)
			}
		})
	}
}

// TestAdminThreeCommandsEndToEnd is the target on Slack: three commands
// from a fresh workspace to listening in #support with @helpers as the
// support group; each change logged to the moderator channel; then a paste
// in #support is answered unasked and "Not yet" calls @helpers.
func TestAdminThreeCommandsEndToEnd(t *testing.T) {
	e := adminEnv(t, Config{ModChannel: "C0MODS"})
	// Before: a paste in the channel is not answered.
	e.event("event_message.json")
	e.settle()
	if n := len(e.slack.callsTo("/api/chat.postMessage")); n != 0 {
		t.Fatalf("answered %d times before listening", n)
	}
	replies := []struct{ text, want string }{
		{"listen <#C0WATCHED|support>", "Listening in: <#C0WATCHED> (was no channel)"},
		{"support <!subteam^S0HELPERS|@helpers>", `"Not yet" calls: <!subteam^S0HELPERS> (was no one)`},
		{"show", "orfix settings for this workspace:\n• Listening in: <#C0WATCHED>\n• \"Not yet\" calls: <!subteam^S0HELPERS>\n• Moderator channel: <#C0MODS>\n• Answers in threads: on\n• Passive eagerness: normal"},
	}
	for _, r := range replies {
		if got := e.adminCommand(adminUser, r.text); !strings.Contains(got, r.want) {
			t.Errorf("%q: reply %q, want %q", r.text, got, r.want)
		}
	}
	logs := e.slack.callsTo("/api/chat.postMessage")
	if len(logs) != 2 {
		t.Fatalf("%d change logs, want 2", len(logs))
	}
	for i, want := range []string{"Settings: <@U0ADMIN> changed Listening in from no channel to <#C0WATCHED>.", `Settings: <@U0ADMIN> changed "Not yet" calls from no one to <!subteam^S0HELPERS>.`} {
		f := logs[i].form()
		if f.Get("channel") != "C0MODS" || f.Get("text") != want {
			t.Errorf("change log %d: channel %q text %q, want %q", i, f.Get("channel"), f.Get("text"), want)
		}
	}
	// After: the paste is answered, in a thread.
	again := strings.Replace(string(e.fixture("event_message.json")), "Ev0MESSAGE01", "Ev0MESSAGE02", 1)
	e.post("/slack/events", jsonType, []byte(again))
	answers := e.slack.wait("/api/chat.postMessage", 3)
	if f := answers[2].form(); f.Get("channel") != "C0WATCHED" || f.Get("thread_ts") != "1700000200.000200" || !strings.Contains(f.Get("blocks"), "openrouter-402") {
		t.Errorf("passive answer: %v", f)
	}
	// "Not yet" calls @helpers in the thread.
	e.click(actionNotYet, `{"id":"openrouter-401-invalid-key","asker":"U2147483697"}`, "U2147483697")
	handoff := e.slack.wait("/api/chat.postMessage", 4)[3].form()
	if !strings.Contains(handoff.Get("text")+handoff.Get("blocks"), "<!subteam^S0HELPERS>") {
		t.Errorf("the hand-off does not call @helpers: %v", handoff)
	}
}
