package slack

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
)

// click sends the thread fixture's button with another action id, value and
// clicker.
func (e *env) click(actionID, value, user string) {
	e.t.Helper()
	s := strings.ReplaceAll(string(e.fixture("block_actions_not_yet_thread.json")), "U2147483697", user)
	s = strings.Replace(s, `"action_id": "orfix_not_yet"`, `"action_id": "`+actionID+`"`, 1)
	s = strings.Replace(s, `"value": "{\"id\":\"openrouter-401-invalid-key\",\"tool\":\"cline\",\"shown\":[\"openrouter-401-missing-key\"]}"`, `"value": `+quoteJSON(value), 1)
	if w := e.post("/slack/interactivity", formType, []byte("payload="+url.QueryEscape(s))); w.Code != http.StatusOK {
		e.t.Fatalf("status %d", w.Code)
	}
}

func quoteJSON(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestButtonsEndToEnd clicks "All steps", the candidates of the question
// and of the hand-off, and votes as a bystander, against the fake Slack.
func TestButtonsEndToEnd(t *testing.T) {
	const asker, bystander = "U2147483697", "U0BYSTANDER"
	value := `{"id":"openrouter-402-insufficient-credits","tool":"cline","asker":"` + asker + `"}`
	tests := []struct {
		name, action, user string
		path               string // where the answer goes
		want               []string
	}{
		{"all steps go in the thread", actionSteps, bystander, "/api/chat.postMessage",
			[]string{"thread_ts=1700000000.000100", "All+steps", "Step+by+step"}},
		{"a bystander cannot choose", actionPick + "_0", bystander, "/response/", []string{"Only the person who asked"}},
		{"the asker's choice replaces the question", actionPick + "_1", asker, "/response/",
			[]string{"openrouter-402-insufficient-credits", `"replace_original":true`, "orfix_fixed"}},
		{"a candidate after not yet answers in the thread", actionNext + "_0", bystander, "/api/chat.postMessage",
			[]string{"thread_ts=1700000000.000100", "openrouter-402-insufficient-credits", "orfix_fixed"}},
		{"a bystander cannot vote", actionFixed, bystander, "/response/", []string{"Only the person who asked"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, newBot(t, bot.Config{}), Config{})
			e.click(tc.action, value, tc.user)
			got := e.slack.wait(tc.path, 1)[0]
			body, _ := url.QueryUnescape(string(got.Body))
			if strings.HasPrefix(tc.path, "/response/") {
				body = string(got.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) && !strings.Contains(string(got.Body), w) {
					t.Errorf("lacks %q: %s", w, body)
				}
			}
		})
	}
}
