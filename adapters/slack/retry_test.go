package slack

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

// TestRetryAnswersAndWarnings: an answer or a leak warning that the fake
// Slack refuses with 429 (Retry-After: 1) or 5xx is sent again, honouring
// Retry-After, within the attempts and the time budget; a 4xx is final.
func TestRetryAnswersAndWarnings(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		path    string
		fail    []int
		retry   Option
		calls   int
		minWait time.Duration
		maxWait time.Duration
		wantLog string
		notice  bool // the warning failed for good: a public notice follows
	}{
		{"leak warning: 429 then 200 waits Retry-After", "event_message_key.json", "/api/chat.postEphemeral", []int{429}, nil, 2, time.Second, 10 * time.Second, "retrying", false},
		{"answer: 429 then 200 waits Retry-After", "event_message.json", "/api/chat.postMessage", []int{429}, nil, 2, time.Second, 10 * time.Second, "retrying", false},
		{"answer: 503, 502 then 200", "event_message.json", "/api/chat.postMessage", []int{503, 502}, WithRetry(4, 5*time.Second, 10*time.Millisecond), 3, 30 * time.Millisecond, 5 * time.Second, "retrying", false},
		{"answer: 500 for ever stops at the attempts", "event_message.json", "/api/chat.postMessage", []int{500, 500, 500, 500, 500}, WithRetry(3, 5*time.Second, time.Millisecond), 3, 0, 5 * time.Second, "chat.postMessage failed", false},
		{"leak warning: Retry-After past the budget is not waited", "event_message_key.json", "/api/chat.postEphemeral", []int{429, 429}, WithRetry(4, 500*time.Millisecond, time.Millisecond), 1, 0, 900 * time.Millisecond, "could not warn", true},
		{"answer: 404 is final", "event_message.json", "/api/chat.postMessage", []int{404}, nil, 1, 0, 5 * time.Second, "chat.postMessage failed", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.retry != nil {
				opts = append(opts, tc.retry)
			}
			e := newEnv(t, nil, Config{}, opts...)
			e.slack.failNext(tc.path, tc.fail...)
			key := testutil.FakeOpenRouterKey(t)
			start := time.Now()
			if w := e.eventWithKey(tc.fixture, key); w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			e.settle()
			took := time.Since(start)
			if n := len(e.slack.callsTo(tc.path)); n != tc.calls {
				t.Errorf("%d calls to %s, want %d", n, tc.path, tc.calls)
			}
			if took < tc.minWait || took > tc.maxWait {
				t.Errorf("took %v, want between %v and %v", took, tc.minWait, tc.maxWait)
			}
			if !strings.Contains(e.logs.String(), tc.wantLog) {
				t.Errorf("log lacks %q:\n%s", tc.wantLog, e.logs.String())
			}
			if tc.path == "/api/chat.postEphemeral" {
				notices := 0
				for _, c := range e.slack.callsTo("/api/chat.postMessage") {
					if strings.Contains(c.form().Get("text"), "could not send you the details privately") {
						notices++
					}
				}
				if (notices == 1) != tc.notice {
					t.Errorf("%d public notices, want one: %v", notices, tc.notice)
				}
			}
			assertClean(t, e, key)
		})
	}
}
