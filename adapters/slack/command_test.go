package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// unescaped re-encodes JSON without HTML escaping (slack-go's block
// marshaller writes < as \u003c), for substring checks.
func unescaped(t testing.TB, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b)
	}
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// decodeMessage decodes a slash command answer (HTTP body or response_url post).
func decodeMessage(t testing.TB, b []byte) slackapi.WebhookMessage {
	t.Helper()
	var m slackapi.WebhookMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a Slack message: %v\n%s", err, b)
	}
	return m
}

func TestSlashCommand(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		// want are substrings of the answer; wantNot must not appear.
		want, wantNot []string
		responseType  string
	}{
		{
			name:         "paste answered in the response",
			fixture:      "command_paste.form",
			responseType: "ephemeral",
			want: []string{publicURL + "/kb/openrouter-401-invalid-key", `"action_id":"orfix_share"`,
				`"action_id":"orfix_fixed"`, `"action_id":"orfix_not_yet"`, "All steps", "Before you paste, remove API keys"},
		},
		{
			name:         "help",
			fixture:      "command_help.form",
			responseType: "ephemeral",
			want:         []string{"/orfix &lt;error&gt;", publicURL + "/kb/", "opens a box"},
			wantNot:      []string{"orfix_share"},
		},
		{
			name:         "nothing recognised",
			fixture:      "command_unknown.form",
			responseType: "ephemeral",
			want:         []string{"not sure which error", "General triage", "Before you paste"},
			wantNot:      []string{"orfix_share"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, Config{})
			w := e.command(tc.fixture)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			m := decodeMessage(t, w.Body.Bytes())
			if m.ResponseType != tc.responseType {
				t.Errorf("response_type %q, want %q", m.ResponseType, tc.responseType)
			}
			body := unescaped(t, w.Body.Bytes())
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("answer lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tc.wantNot {
				if strings.Contains(body, s) {
					t.Errorf("answer has %q:\n%s", s, body)
				}
			}
			e.settle()
			if calls := e.slack.all(); len(calls) != 0 {
				t.Errorf("an answer ready in time also went to Slack: %v", e.slack.paths())
			}
		})
	}
}

func TestSlashCommandEmptyOpensModal(t *testing.T) {
	e := newEnv(t, nil, Config{})
	w := e.command("command_empty.form")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("want an empty 200, got %d %q", w.Code, w.Body)
	}
	c := e.slack.wait("/api/views.open", 1)[0]
	var req struct {
		TriggerID string                    `json:"trigger_id"`
		View      slackapi.ModalViewRequest `json:"view"`
	}
	if err := json.Unmarshal(c.Body, &req); err != nil {
		t.Fatalf("views.open body: %v\n%s", err, c.Body)
	}
	if req.TriggerID != "13345224609.738474920.8088930838d88f008e0" {
		t.Errorf("trigger_id %q", req.TriggerID)
	}
	if req.View.CallbackID != modalCallback || !strings.Contains(req.View.PrivateMetadata, e.slack.srv.URL+"/response/commands/T0001/1234/5678") {
		t.Errorf("view %+v", req.View)
	}
	if !strings.Contains(string(c.Body), `"multiline":true`) {
		t.Errorf("the modal input is not multi-line: %s", c.Body)
	}
}

func TestSlashCommandEmptyWithoutBotToken(t *testing.T) {
	e := newEnv(t, nil, Config{BotToken: "-"})
	w := e.command("command_empty.form")
	m := decodeMessage(t, w.Body.Bytes())
	if !strings.Contains(unescaped(t, w.Body.Bytes()), "/orfix &lt;error&gt;") || m.ResponseType != "ephemeral" {
		t.Errorf("without a bot token an empty /orfix should explain usage: %s", w.Body)
	}
	if strings.Contains(w.Body.String(), "opens a box") {
		t.Errorf("help offers the modal without a bot token: %s", w.Body)
	}
}

// slowCore delays every Handle, to push a slash command past the ack budget.
type slowCore struct {
	Core
	delay time.Duration
}

func (s slowCore) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	time.Sleep(s.delay)
	return s.Core.Handle(ctx, req)
}

// gateCore holds every Handle until the gate is closed.
type gateCore struct {
	Core
	gate chan struct{}
}

func (g gateCore) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
	}
	return g.Core.Handle(ctx, req)
}

func TestSlashCommandLateAnswerGoesToResponseURL(t *testing.T) {
	core := gateCore{Core: newBot(t, bot.Config{}), gate: make(chan struct{})}
	e := newEnv(t, core, Config{}, WithAckBudget(50*time.Millisecond))
	// The answer cannot be ready before the gate opens, so this returns
	// only because the budget ran out.
	w := e.command("command_paste.form")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("want an empty 200 acknowledgement, got %d %q", w.Code, w.Body)
	}
	if n := len(e.slack.all()); n != 0 {
		t.Fatalf("posted before the answer was ready: %v", e.slack.paths())
	}
	close(core.gate)
	c := e.slack.wait("/response/commands/T0001/1234/5678", 1)[0]
	m := decodeMessage(t, c.Body)
	if m.ResponseType != "ephemeral" || !strings.Contains(string(c.Body), "/kb/openrouter-401-invalid-key") {
		t.Errorf("late answer: %s", c.Body)
	}
	e.settle()
	if n := len(e.slack.callsTo("/response/")); n != 1 {
		t.Errorf("%d response_url posts, want 1", n)
	}
}

func TestSlashCommandAnswerAtTheEdgeIsSentOnce(t *testing.T) {
	// Handle finishes right around the budget: whichever side wins, the
	// answer goes out exactly once.
	for i := 0; i < 20; i++ {
		core := slowCore{Core: newBot(t, bot.Config{}), delay: 5 * time.Millisecond}
		e := newEnv(t, core, Config{}, WithAckBudget(5*time.Millisecond))
		w := e.command("command_paste.form")
		e.settle()
		inResponse := w.Body.Len() > 0
		posts := len(e.slack.callsTo("/response/"))
		if inResponse == (posts == 1) || posts > 1 {
			t.Fatalf("run %d: answered in the response %v and %d time(s) through response_url", i, inResponse, posts)
		}
	}
}

func TestConcurrentCommands(t *testing.T) {
	e := newEnv(t, newBot(t, bot.Config{UserRate: 1 << 20}), Config{})
	bodies := []string{"command_paste.form", "command_help.form", "command_unknown.form"}
	errs := make(chan string, 30)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			w := e.command(bodies[i%len(bodies)])
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Before you paste") {
				errs <- fmt.Sprintf("%d %s", w.Code, w.Body)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSlashCommandPanicStillAnswers(t *testing.T) {
	e := newEnv(t, panicCore{newBot(t, bot.Config{})}, Config{})
	w := e.command("command_paste.form") // panicCore panics on "User not found"
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Something went wrong") {
		t.Fatalf("want an apology, got %d %s", w.Code, w.Body)
	}
	if w := e.command("command_help.form"); !strings.Contains(w.Body.String(), "orfix: how to ask") {
		t.Errorf("the next command was not answered: %s", w.Body)
	}
}
