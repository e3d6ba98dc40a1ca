package slack

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
)

// TestAllowedURL: a token or a response_url goes out over https to a Slack
// host only; the configured fake keeps its own scheme and exact host.
func TestAllowedURL(t *testing.T) {
	a, err := New(newBot(t, bot.Config{}), Config{SigningSecret: testSecret, BotToken: testBotToken, APIURL: "http://127.0.0.1:9999/api/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want bool
	}{
		{"https://slack.com/api/files.info", true},
		{"https://files.slack.com/files-pri/T1-F1/download/log.txt", true},
		{"https://hooks.slack.com/commands/T1/2/abc", true},
		{"https://hooks.slack-gov.com/actions/T1/2/abc", true},
		{"http://slack.com/api/files.info", false},
		{"http://files.slack.com/files-pri/T1-F1/download/log.txt", false},
		{"http://hooks.slack.com/commands/T1/2/abc", false},
		{"https://slack.com.evil.example/x", false},
		{"https://evilslack.com/x", false},
		{"https://user:pw@hooks.slack.com/commands/T1/2/abc", false},
		{"http://127.0.0.1:9999/api/files.info", true},
		{"http://127.0.0.1:9998/api/files.info", false},
		{"https://127.0.0.1:9999/x", false},
		{"//hooks.slack.com/x", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := a.allowedURL(tc.url); got != tc.want {
			t.Errorf("allowedURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

// TestReplayedInteractivity: the same signed button click sent twice
// within the window is refused the second time.
func TestReplayedInteractivity(t *testing.T) {
	a, err := New(newBot(t, bot.Config{}), Config{SigningSecret: testSecret}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	body := []byte("payload=" + url.QueryEscape(`{"type":"block_actions","user":{"id":"U1"},"actions":[]}`))
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	send := func() int {
		r := httptest.NewRequest(http.MethodPost, "/slack/interactivity", bytes.NewReader(body))
		r.Header.Set("Content-Type", formType)
		r.Header.Set("X-Slack-Request-Timestamp", stamp)
		r.Header.Set("X-Slack-Signature", signature(testSecret, stamp, body))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}
	if got := send(); got != http.StatusOK {
		t.Fatalf("first delivery: %d", got)
	}
	if got := send(); got != http.StatusConflict {
		t.Errorf("replay: %d, want 409", got)
	}
}
