package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
)

// click builds a button interaction on message msg in channel, by user with
// the given member permissions.
func click(tb testing.TB, customID, msg, channel, user, perms string) []byte {
	tb.Helper()
	i := map[string]any{
		"id": "1900000000000000009", "application_id": testAppID, "type": 3, "token": "tok-" + msg + user,
		"version": 1, "guild_id": "1200000000000000002", "channel_id": channel,
		"data":    map[string]any{"component_type": 2, "custom_id": customID},
		"member":  map[string]any{"user": map[string]any{"id": user, "username": "u" + user}, "permissions": perms, "roles": []string{}},
		"message": map[string]any{"id": msg, "channel_id": channel, "type": 20, "flags": 0, "embeds": []any{map[string]any{"title": "OpenRouter 401", "url": testPublic + "/kb/openrouter-401-invalid-key"}}},
	}
	b, err := json.Marshal(i)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Permissions of a member: none, and MANAGE_MESSAGES.
const (
	permsNone   = "0"
	permsManage = "8192"
	bystander   = "1400000000000000077"
	moderator   = "1400000000000000088"
	moderator2  = "1400000000000000099"
)

// TestVotesAndHandoffEndToEnd clicks the buttons of an answer as the asker,
// a bystander and moderators, through the HTTP endpoint and the fake
// Discord: only the asker and moderators vote, once each; a vote replaces
// the buttons; "not yet" asks for a human in a thread on the answer,
// mentioning the support role once per thread and offering the next
// candidates as buttons that answer.
func TestVotesAndHandoffEndToEnd(t *testing.T) {
	h := newHarness(t, nil, bot.Config{Support: testSupport}, Config{}, nil)
	const entry, msg = "openrouter-401-invalid-key", "1800000000000000031"
	notYet := customID(actNotYet, entry, testUser)
	fixed := customID(actFixed, entry, testUser)
	steps := []struct {
		name       string
		id, user   string
		perms      string
		wantType   int
		wantInText string
	}{
		{"a bystander cannot vote", notYet, bystander, permsNone, 4, "Only the person who asked"},
		{"the asker says not yet", notYet, testUser, permsNone, 7, "marked this answer as not fixed yet"},
		{"the asker cannot vote twice", fixed, testUser, permsNone, 4, "already marked"},
		{"a moderator votes", notYet, moderator, permsManage, 7, "<@" + moderator + "> marked this answer as not fixed yet"},
	}
	for _, s := range steps {
		w := h.post(t, click(t, s.id, msg, testChannel, s.user, s.perms))
		var r response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v: %s", s.name, err, w.Body)
		}
		if r.Type != s.wantType || !strings.Contains(r.Data.Content, s.wantInText) {
			t.Errorf("%s: type %d %q, want type %d with %q", s.name, r.Type, r.Data.Content, s.wantType, s.wantInText)
		}
		if s.wantType == 4 && (r.Data.Flags&64 == 0 || strings.Contains(r.Data.Content, bot.RedactReminder)) {
			t.Errorf("%s: a refusal is private and carries no redact reminder: %+v", s.name, r.Data)
		}
		if s.wantType == 7 {
			checkLimits(t, w.Body.Bytes())
		}
	}
	// Two hand-offs went to the thread on the answer; only the first
	// mentions the support role.
	h.fake.waitCount(t, "POST", "/channels/thread-"+msg+"/messages", 2)
	var posts []call
	for _, c := range h.fake.Calls() {
		if c.Method == "POST" && strings.HasSuffix(c.Path, "/channels/thread-"+msg+"/messages") {
			posts = append(posts, c)
		}
	}
	var first, second struct {
		Content         string `json:"content"`
		AllowedMentions struct {
			Roles []string `json:"roles"`
		} `json:"allowed_mentions"`
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(posts[0].Body, &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(posts[1].Body, &second); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.Content, testSupport) || len(first.AllowedMentions.Roles) != 1 {
		t.Errorf("first hand-off must mention the support role: %q %+v", first.Content, first.AllowedMentions)
	}
	if strings.Contains(second.Content, testSupport) || len(second.AllowedMentions.Roles) != 0 {
		t.Errorf("second hand-off in the thread mentions support again: %q", second.Content)
	}
	if strings.Contains(first.Content, bot.RedactReminder) {
		t.Errorf("a hand-off is not an answer to a paste: no redact reminder")
	}
	if len(first.Components) != 1 || len(first.Components[0].Components) < 2 || !strings.HasPrefix(first.Components[0].Components[0].CustomID, idPrefix+actNext+":") {
		t.Fatalf("the hand-off offers the next candidates as buttons: %+v", first.Components)
	}

	// A next candidate answers in a new message; any member may click it.
	next := first.Components[0].Components[0].CustomID
	w := h.post(t, click(t, next, "2100000000000000001", "thread-"+msg, bystander, permsNone))
	var r response
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Type != 4 || len(r.Data.Embeds) != 1 || !hasButton(r, "orfix:fixed") {
		t.Errorf("a next candidate answers with a short reply: type %d %s", r.Type, w.Body)
	}
}

// TestPickAnswersTheQuestion: a candidate of the "which of these" question
// replaces the question with that entry's short reply; only the asker (or
// a moderator) may choose.
func TestPickAnswersTheQuestion(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	pick := customID(actPick, "openrouter-429-free-limit", testUser, "cline")
	tests := []struct {
		name, user, perms string
		wantType          int
	}{
		{"a bystander cannot choose", bystander, permsNone, 4},
		{"the asker chooses", testUser, permsNone, 7},
		{"a moderator chooses", moderator2, permsManage, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := h.post(t, click(t, pick, "1800000000000000041", testChannel, tc.user, tc.perms))
			var r response
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if r.Type != tc.wantType {
				t.Fatalf("type %d, want %d: %s", r.Type, tc.wantType, w.Body)
			}
			if tc.wantType != 7 {
				return
			}
			checkLimits(t, w.Body.Bytes())
			if len(r.Data.Embeds) != 1 || r.Data.Embeds[0].URL != testPublic+"/kb/openrouter-429-free-limit" || !hasButton(r, "orfix:fixed:openrouter-429-free-limit:"+testUser) {
				t.Errorf("the pick renders the entry's short reply, votes kept for the asker: %s", w.Body)
			}
		})
	}
}
