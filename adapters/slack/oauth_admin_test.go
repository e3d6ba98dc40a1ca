package slack

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// TestOAuthAdminCommand: /orfix admin in a workspace installed through
// OAuth asks users.info with that workspace's token and posts the change
// log with it, to the moderator channel its admin picked.
func TestOAuthAdminCommand(t *testing.T) {
	e := incidentEnv(t)
	e.install(codeTwo, teamTwo)
	e.slack.mux.HandleFunc("POST /api/users.info", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id := r.PostForm.Get("user")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"team_id":"T0002","name":"someone","is_admin":%t,"is_owner":false,"is_primary_owner":false,"is_bot":false}}`, id, id == adminUser)
	})
	form := url.Values{"token": {"x"}, "team_id": {teamTwo.Team}, "team_domain": {"example-two"}, "channel_id": {"C0TEAMTWO1"},
		"channel_name": {"general"}, "user_id": {adminUser}, "user_name": {"someone"}, "command": {"/orfix"}, "text": {"admin modchannel <#C0MODSTWO|mods>"},
		"api_app_id": {"A123456"}, "response_url": {e.slack.srv.URL + "/response/commands/T0002/1/2"}, "trigger_id": {"1.2.3"}}
	w := e.post("/slack/commands", formType, []byte(form.Encode()))
	if m := decodeMessage(t, w.Body.Bytes()); w.Code != http.StatusOK || m.ResponseType != ephemeral || !strings.HasPrefix(m.Text, "Done.") {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	e.settle()
	info := e.slack.wait("/api/users.info", 1)
	if len(info) != 1 || info[0].token() != teamTwo.Token {
		t.Errorf("users.info: %d calls, tokens %v; want one with team two's", len(info), redactTokens(map[string]int{info[0].token(): 1}))
	}
	log := e.slack.wait("/api/chat.postMessage", 1)
	if len(log) != 1 || log[0].token() != teamTwo.Token || log[0].form().Get("channel") != "C0MODSTWO" ||
		!strings.Contains(log[0].form().Get("text"), "<@"+adminUser+"> changed Moderator channel from none to <#C0MODSTWO>") {
		t.Errorf("change log: %d posts, first %v with %v; want one in C0MODSTWO with team two's token", len(log), redactForm(log[0].form()), redactTokens(map[string]int{log[0].token(): 1}))
	}
	assertNoSecretsLogged(t, e.env)
}

// TestSocketModeOAuthWorkspace: over Socket Mode, with no bot token of
// its own, a mention in a workspace installed through OAuth is answered
// with that workspace's token.
func TestSocketModeOAuthWorkspace(t *testing.T) {
	e := newOAuthEnv(t, Config{AppToken: testAppToken})
	e.install(codeTwo, teamTwo)
	e.slack.socketServer(func(conn *websocket.Conn) {
		for _, b := range [][]byte{e.fixture("socket_hello.json"), envelope("env-two-1", "events_api", forTeamTwo(e.fixture("event_app_mention.json"), "Ev0MENTION02"), 0)} {
			if err := conn.WriteMessage(websocket.TextMessage, b); err != nil {
				t.Errorf("write: %v", err)
			}
		}
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})
	runAdapter(t, e.a)
	post := e.slack.wait("/api/chat.postMessage", 1)[0]
	if post.token() != teamTwo.Token || post.form().Get("channel") != "C0TEAMTWO1" {
		t.Errorf("answered %v with %v; want in C0TEAMTWO1 with team two's token", redactForm(post.form()), redactTokens(map[string]int{post.token(): 1}))
	}
}

// TestAdminHistory: /orfix admin history shows the workspace's last
// changes privately, newest first, the asking admin as "you" and any
// other as "an admin".
func TestAdminHistory(t *testing.T) {
	e := adminEnv(t, Config{Admins: []string{"U0LISTED"}})
	if got := e.adminCommand(adminUser, "history"); got != "No settings of this workspace were changed from chat yet." {
		t.Errorf("empty history: %q", got)
	}
	e.adminCommand("U0LISTED", "threads off")
	e.adminCommand(adminUser, "eagerness quiet")
	if got := e.adminCommand(adminUser, "history extra"); !strings.HasPrefix(got, "History takes no argument.") {
		t.Errorf("history with an argument: %q", got)
	}
	lines := strings.Split(e.adminCommand(adminUser, "history"), "\n")
	if len(lines) != 3 || lines[0] != "Last changes of orfix settings for this workspace:" ||
		!strings.HasSuffix(lines[1], "UTC, you: Passive eagerness normal → quiet") ||
		!strings.HasSuffix(lines[2], "UTC, an admin: Answers in threads on → off") {
		t.Errorf("history:\n%s", strings.Join(lines, "\n"))
	}
}
