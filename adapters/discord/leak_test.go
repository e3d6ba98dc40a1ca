package discord

import (
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// TestGatewayLeakUnwatchedChannel: a key leaked in a channel orfix can read
// but does not watch is removed like one in a watched channel (delete, DM,
// moderators), but the error in it is not answered there; chatter in that
// channel is still ignored.
func TestGatewayLeakUnwatchedChannel(t *testing.T) {
	const unwatched = "1300000000000000099"
	tests := []struct {
		name     string
		fixture  string
		withKey  bool
		removed  bool
		ignoreID string
	}{
		{"key in an unwatched channel is removed", "message_leak_unwatched.json", true, true, ""},
		{"chatter in an unwatched channel is ignored", "message_passive_chatter.json", false, false, "1900000000000000002"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := testutil.OpenRouterKeyFromSeed("unwatched")
			h := newHarness(t, nil, bot.Config{PassiveChannels: []string{testChannel}}, Config{Token: "test-bot-token", ModChannel: testMods}, nil)
			conn := h.startGateway(t)
			h.waitReady(t)
			body := string(fixture(t, tc.fixture, map[string]string{"KEY": key}))
			body = strings.ReplaceAll(body, `"channel_id": "`+testChannel+`"`, `"channel_id": "`+unwatched+`"`)
			if err := conn.dispatch("MESSAGE_CREATE", []byte(body)); err != nil {
				t.Fatal(err)
			}
			if !tc.removed {
				h.waitLog(t, `"msg":"message ignored","adapter":"discord","message":"`+h.ad.ids.Hash(tc.ignoreID)+`"`)
				for _, c := range h.fake.Calls() {
					if c.Method != "GET" {
						t.Errorf("acted on an ignored message: %s", c)
					}
				}
				return
			}
			h.fake.waitCall(t, "DELETE", "/channels/"+unwatched+"/messages/1900000000000000066", "")
			dm := h.fake.waitCall(t, "POST", "/channels/dm-"+testUser+"/messages", "sk-or-v1-…[redacted]…")
			if c := decodeSent(t, dm).Content; !strings.Contains(c, "https://openrouter.ai/settings/keys") || !strings.Contains(c, "I deleted your message in <#"+unwatched+">") {
				t.Errorf("the DM names how to rotate and what was done: %s", dm.Body)
			}
			if strings.Contains(string(dm.Body), "/kb/openrouter-401-invalid-key") {
				t.Errorf("an error in an unwatched channel is not answered: %s", dm.Body)
			}
			h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "<#"+unwatched+">")
			if n := h.fake.count("POST", "/channels/"+unwatched+"/messages"); n != 0 {
				t.Errorf("%d public posts in the unwatched channel, want none", n)
			}
			for _, c := range h.fake.Calls() {
				testutil.AssertNoSecret(t, c.String(), string(c.Body), key)
			}
		})
	}
}
