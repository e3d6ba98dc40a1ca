package slack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/socketmode"

	"github.com/orfix/orfix/bot"
)

// socketServer adds Socket Mode to a fake Slack: apps.connections.open
// answers with its own ws:// URL, and /ws runs script on each connection.
func (f *fakeSlack) socketServer(script func(conn *websocket.Conn)) {
	f.mux.HandleFunc("POST /api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"ok":true,"url":"ws://%s/ws"}`, r.Host)
	})
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // slack-go sends Origin: https://api.slack.com
	f.mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		script(conn)
	})
}

// ack is a Socket Mode acknowledgement as read back by the fake.
type ack struct {
	EnvelopeID string          `json:"envelope_id"`
	Payload    json.RawMessage `json:"payload"`
}

// envelope wraps an Events API or interaction body as Slack does over the socket.
func envelope(id, typ string, payload []byte, retry int) []byte {
	b, _ := json.Marshal(map[string]any{
		"envelope_id": id, "type": typ, "payload": json.RawMessage(payload),
		"accepts_response_payload": typ == "slash_commands", "retry_attempt": retry, "retry_reason": map[bool]string{true: "timeout"}[retry > 0],
	})
	return b
}

func TestSocketMode(t *testing.T) {
	e := newEnv(t, nil, Config{AppToken: testAppToken})
	acks := make(chan ack, 16)
	sent := make(chan []string, 1)
	e.slack.socketServer(func(conn *websocket.Conn) {
		var ids []string
		write := func(b []byte) {
			var env struct {
				ID string `json:"envelope_id"`
			}
			_ = json.Unmarshal(b, &env)
			if env.ID != "" {
				ids = append(ids, env.ID)
			}
			if err := conn.WriteMessage(websocket.TextMessage, b); err != nil {
				t.Errorf("write: %v", err)
			}
		}
		write(e.fixture("socket_hello.json"))
		// A malformed envelope first: everything after it is still handled.
		write([]byte(`{"type":"events_api","envelope_id":"env-bad-1","payload":{"type":"event_callback","event":{"type":"message","ts":7}}}`))
		write(envelope("env-mention-1", "events_api", e.fixture("event_app_mention.json"), 0))
		write(envelope("env-mention-2", "events_api", e.fixture("event_app_mention.json"), 1)) // a retry
		write(e.fixture("socket_slash_commands.json"))
		write(envelope("env-fixed-1", "interactive", e.fixture("block_actions_fixed.json"), 0))
		write(envelope("env-modal-1", "interactive", e.fixture("view_submission_empty.json"), 0))
		sent <- ids
		for {
			var a ack
			if err := conn.ReadJSON(&a); err != nil {
				return
			}
			acks <- a
		}
	})
	runAdapter(t, e.a)
	ids := <-sent
	got := map[string]ack{}
	deadline := time.After(waitLimit)
	for len(got) < len(ids) {
		select {
		case a := <-acks:
			if _, dup := got[a.EnvelopeID]; dup {
				t.Errorf("envelope %s acknowledged twice", a.EnvelopeID)
			}
			got[a.EnvelopeID] = a
		case <-deadline:
			var have []string
			for id := range got {
				have = append(have, id)
			}
			t.Fatalf("acknowledged %v of %v", have, ids)
		}
	}

	for _, id := range []string{"env-mention-1", "env-mention-2", "env-fixed-1"} {
		if p := got[id].Payload; len(p) != 0 && string(p) != "null" {
			t.Errorf("%s acknowledged with a payload: %s", id, p)
		}
	}
	slash := got["1d3c2a5e-7b4f-4d3e-9a21-5c6b7d8e9f01"].Payload
	if !strings.Contains(string(slash), "/kb/openrouter-401-invalid-key") || !strings.Contains(string(slash), `"response_type":"ephemeral"`) {
		t.Errorf("the slash command is answered in its acknowledgement: %s", slash)
	}
	if len(slash) >= 20<<10 {
		t.Errorf("slash ack payload is %d bytes", len(slash))
	}
	if p := string(got["env-modal-1"].Payload); !strings.Contains(p, `"response_action":"errors"`) {
		t.Errorf("empty modal ack: %s", p)
	}

	post := e.slack.wait("/api/chat.postMessage", 1)[0].form()
	if post.Get("channel") != "C2147483705" || post.Get("thread_ts") != "1700000100.000100" {
		t.Errorf("mention answered in %v", redactForm(post))
	}
	e.slack.wait("/response/actions/", 1)
	open := e.slack.callsTo("/api/apps.connections.open")
	if len(open) == 0 || open[0].Header.Get("Authorization") != "Bearer "+testAppToken {
		t.Errorf("apps.connections.open was not called with the app token")
	}
	waitReady(t, e.a)
	e.settle()
	if n := len(e.slack.callsTo("/api/chat.postMessage")); n != 1 {
		t.Errorf("%d answers to one mention delivered twice over the socket, want 1", n)
	}
}

// waitReady waits until Ready reports nil.
func waitReady(t testing.TB, a *Adapter) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for a.Ready() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("not ready: %v", a.Ready())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSocketModeLargeAnswerGoesToResponseURL(t *testing.T) {
	e := newEnv(t, nil, Config{AppToken: testAppToken})
	big := message(ephemeral, "big", nil)
	big.Text = strings.Repeat("x", maxAckPayload)
	acks := make(chan ack, 1)
	e.slack.socketServer(func(conn *websocket.Conn) {
		_ = conn.WriteMessage(websocket.TextMessage, e.fixture("socket_hello.json"))
		var a ack
		if err := conn.ReadJSON(&a); err == nil {
			acks <- a
		}
		_, _, _ = conn.ReadMessage() // hold the connection until the test ends
	})
	runAdapter(t, e.a)
	waitReady(t, e.a)
	// Reach into the loop the way a slash command envelope does.
	c := e.a.socketClient()
	if c == nil {
		t.Fatal("no Socket Mode client")
	}
	env := &socketmode.Request{EnvelopeID: "env-big"}
	e.a.ackCommand(t.Context(), c, env, e.slack.srv.URL+"/response/commands/T0001/1234/big", big)
	select {
	case a := <-acks:
		if a.EnvelopeID != "env-big" || (len(a.Payload) != 0 && string(a.Payload) != "null") {
			t.Errorf("a too-large answer must be acknowledged empty: %+v", a)
		}
	case <-time.After(waitLimit):
		t.Fatal("no ack")
	}
	post := e.slack.wait("/response/commands/T0001/1234/big", 1)[0]
	if len(post.Body) < maxAckPayload {
		t.Errorf("response_url got %d bytes", len(post.Body))
	}
}

func TestReadyAndAuthRetry(t *testing.T) {
	e := newEnv(t, nil, Config{})
	e.slack.authFail = 3
	if err := e.a.Ready(); err == nil {
		t.Fatal("ready before auth.test")
	}
	runAdapter(t, e.a)
	waitReady(t, e.a)
	if n := len(e.slack.callsTo("/api/auth.test")); n != 4 {
		t.Errorf("%d auth.test calls, want 4 (three failures, then success)", n)
	}
	if id := e.a.identity(); id.UserID != botUser || id.BotID != botID {
		t.Errorf("identity %+v", id)
	}
	if !strings.Contains(e.logs.String(), "auth.test failed") {
		t.Errorf("failures were not logged")
	}
}

func TestStartWithSlackUnreachable(t *testing.T) {
	// Nothing listens on the API URL: New and Run still start, Ready says why.
	f := newFakeSlack(t)
	dead := f.srv.URL + "/api/"
	f.srv.Close()
	a, err := New(newBot(t, bot.Config{}), Config{SigningSecret: testSecret, BotToken: testBotToken, APIURL: dead}, nil,
		WithAuthBackoff(time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	runAdapter(t, a)
	deadline := time.Now().Add(waitLimit)
	for {
		err := a.Ready()
		if err != nil && strings.Contains(err.Error(), "auth.test failed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Ready: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"nothing to receive with", Config{BotToken: testBotToken}},
		{"bot token of the wrong kind", Config{SigningSecret: testSecret, BotToken: testAppToken}},
		{"app token of the wrong kind", Config{AppToken: testBotToken, BotToken: testBotToken}},
		{"admin token of the wrong kind", Config{SigningSecret: testSecret, BotToken: testBotToken, AdminToken: testBotToken}},
		{"Socket Mode without a bot token", Config{AppToken: testAppToken}},
		{"moderators without a bot token", Config{SigningSecret: testSecret, ModChannel: "C0MODS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(newBot(t, bot.Config{}), tc.cfg, nil)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, tok := range []string{testBotToken, testAppToken, testAdminToken} {
				if strings.Contains(err.Error(), tok) {
					t.Errorf("the error repeats a token: %v", err)
				}
			}
		})
	}
}
