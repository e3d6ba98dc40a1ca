package contract

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps the errors instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// The validators must reject what the platforms reject: a check that
// passes everything proves nothing.
func TestDiscordContract(t *testing.T) {
	d := NewDiscord(t)
	tests := []struct {
		name, method, path, body string
		bad                      bool
	}{
		{"a message", "POST", "/api/v9/channels/1/messages", `{"content":"hi","allowed_mentions":{"parse":[]}}`, false},
		{"content over the spec's 4000", "POST", "/api/v9/channels/1/messages", `{"content":"` + strings.Repeat("x", 4001) + `"}`, true},
		{"a button without a style", "POST", "/api/v9/channels/1/messages", `{"components":[{"type":1,"components":[{"type":2,"label":"x","custom_id":"a"}]}]}`, true},
		{"six buttons in a row", "POST", "/api/v9/channels/1/messages", `{"components":[{"type":1,"components":[` + strings.Repeat(`{"type":2,"style":1,"label":"x","custom_id":"a"},`, 5) + `{"type":2,"style":1,"label":"x","custom_id":"b"}]}]}`, true},
		{"an update", "POST", "/api/v9/interactions/1/t/callback", `{"type":7,"data":{"content":"voted","components":[]}}`, false},
		{"an update with a bad embed", "POST", "/api/v9/interactions/1/t/callback", `{"type":7,"data":{"embeds":[{"title":"` + strings.Repeat("x", 257) + `"}]}}`, true},
		{"a modal without a title", "POST", "/api/v9/interactions/1/t/callback", `{"type":9,"data":{"custom_id":"m","components":[]}}`, true},
		{"a thread", "POST", "/api/v9/channels/1/messages/2/threads", `{"name":"orfix: x","auto_archive_duration":1440}`, false},
		{"a thread with a bad archive duration", "POST", "/api/v9/channels/1/messages/2/threads", `{"name":"x","auto_archive_duration":5}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			if !d.REST(r, tc.method, tc.path, []byte(tc.body)) {
				t.Fatalf("no contract for %s %s", tc.method, tc.path)
			}
			if bad := len(r.errs) > 0; bad != tc.bad {
				t.Errorf("rejected %v, want %v: %v", bad, tc.bad, r.errs)
			}
		})
	}
}

func TestSlackContract(t *testing.T) {
	s := NewSlack(t)
	section := `{"type":"section","text":{"type":"mrkdwn","text":"hi"}}`
	tests := []struct {
		name, path, ctype, body string
		bad                     bool
	}{
		{"a post", "/api/chat.postMessage", "application/x-www-form-urlencoded", url.Values{"channel": {"C1"}, "text": {"x"}, "blocks": {"[" + section + "]"}}.Encode(), false},
		{"a post without a channel", "/api/chat.postMessage", "application/x-www-form-urlencoded", url.Values{"text": {"x"}}.Encode(), true},
		{"an unknown argument", "/api/chat.postMessage", "application/x-www-form-urlencoded", url.Values{"channel": {"C1"}, "colour": {"red"}}.Encode(), true},
		{"an ephemeral post without a user", "/api/chat.postEphemeral", "application/x-www-form-urlencoded", url.Values{"channel": {"C1"}, "text": {"x"}}.Encode(), true},
		{"a header over 150", "/response/x", "application/json", `{"blocks":[{"type":"header","text":{"type":"plain_text","text":"` + strings.Repeat("x", 151) + `"}}]}`, true},
		{"a block of an unknown type", "/response/x", "application/json", `{"blocks":[{"type":"tabla"}]}`, true},
		{"a replace", "/response/x", "application/json", `{"replace_original":true,"text":"x","blocks":[` + section + `]}`, false},
		{"a button value over 2000", "/response/x", "application/json", `{"blocks":[{"type":"actions","elements":[{"type":"button","action_id":"a","text":{"type":"plain_text","text":"x"},"value":"` + strings.Repeat("v", 2001) + `"}]}]}`, true},
		{"a modal title over 24", "/api/views.open", "application/json", `{"trigger_id":"t","view":{"type":"modal","title":{"type":"plain_text","text":"` + strings.Repeat("x", 25) + `"},"blocks":[]}}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			s.Request(r, tc.path, tc.ctype, []byte(tc.body), true)
			if bad := len(r.errs) > 0; bad != tc.bad {
				t.Errorf("rejected %v, want %v: %v", bad, tc.bad, r.errs)
			}
		})
	}
}
