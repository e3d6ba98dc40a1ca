package discord

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

const attachmentPath = "/attachments/1300000000000000003/1700000000000000002/message.txt"

// waitReady waits until the adapter reports the Gateway connected.
func (h *harness) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.ad.Ready() != nil {
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func dispatchFixture(t *testing.T, c *gwConn, event, name string, vars map[string]string) {
	t.Helper()
	if err := c.dispatch(event, fixture(t, name, vars)); err != nil {
		t.Fatalf("dispatch %s: %v", name, err)
	}
}

// sent is the part of a channel message the tests read.
type sent struct {
	Content string `json:"content"`
	Embeds  []struct {
		URL string `json:"url"`
	} `json:"embeds"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	AllowedMentions *struct {
		Parse       []string `json:"parse"`
		Users       []string `json:"users"`
		RepliedUser bool     `json:"replied_user"`
	} `json:"allowed_mentions"`
}

func decodeSent(t *testing.T, c call) sent {
	t.Helper()
	var s sent
	if err := json.Unmarshal(c.Body, &s); err != nil {
		t.Fatalf("%s: %v", c, err)
	}
	return s
}

// TestGatewayEndToEnd drives the real discordgo Session through a fake
// Gateway: IDENTIFY, READY, then MESSAGE_CREATE and INTERACTION_CREATE
// dispatches, each answered through the fake REST API.
func TestGatewayEndToEnd(t *testing.T) {
	key := testutil.OpenRouterKeyFromSeed("gateway")
	h := newHarness(t, nil, bot.Config{PassiveChannels: []string{testChannel}}, Config{Token: "test-bot-token", ModChannel: testMods},
		func(c Core) Core { return panicky{c} })
	if h.ad.Ready() == nil {
		t.Errorf("Ready must fail before the Gateway connects")
	}
	h.fake.setFile(attachmentPath, "Request failed:\n429 Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day\n")
	conn := h.startGateway(t)
	h.waitReady(t)

	h.fake.mu.Lock()
	identify := h.fake.identifies[0]
	h.fake.mu.Unlock()
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	_ = json.Unmarshal(identify, &id)
	if id.Token != "Bot test-bot-token" {
		t.Errorf("IDENTIFY token %q", id.Token)
	}
	for _, in := range []discordgo.Intent{discordgo.IntentsGuildMessages, discordgo.IntentsDirectMessages, discordgo.IntentMessageContent} {
		if discordgo.Intent(id.Intents)&in == 0 {
			t.Errorf("IDENTIFY intents %b lack %b", id.Intents, in)
		}
	}

	t.Run("passive answer", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_passive_high.json", nil)
		c := h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "/kb/openrouter-401-invalid-key")
		s := decodeSent(t, c)
		if s.Reference == nil || s.Reference.MessageID != "1900000000000000001" {
			t.Errorf("the answer must reply to the message: %+v", s.Reference)
		}
		if s.AllowedMentions == nil || s.AllowedMentions.RepliedUser || len(s.AllowedMentions.Parse) != 0 {
			t.Errorf("a passive answer pings nobody: %+v", s.AllowedMentions)
		}
	})
	t.Run("chatter and bots ignored", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_passive_chatter.json", nil)
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_from_bot.json", nil)
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_from_self.json", nil)
		h.waitLog(t, `"reason":"below-passive-threshold"`)
		h.waitLog(t, `"msg":"message ignored","adapter":"discord","message":"`+h.ad.ids.Hash("1900000000000000003")+`"`)
		h.waitLog(t, `"msg":"message ignored","adapter":"discord","message":"`+h.ad.ids.Hash("1900000000000000004")+`"`)
		for _, c := range h.fake.Calls() {
			for _, id := range []string{"1900000000000000002", "1900000000000000003", "1900000000000000004"} {
				if strings.Contains(string(c.Body), id) || strings.Contains(c.Path, id) {
					t.Errorf("answered an ignored message %s: %s", id, c)
				}
			}
		}
	})
	t.Run("mention outside the watched channels", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_mention_unwatched.json", nil)
		c := h.fake.waitCall(t, "POST", "/channels/1300000000000000099/messages", "/kb/openrouter-429-free-limit")
		if s := decodeSent(t, c); s.AllowedMentions == nil || !s.AllowedMentions.RepliedUser {
			t.Errorf("an explicit request pings its author")
		}
	})
	t.Run("message.txt attachment", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_attachment.json", nil)
		h.fake.waitCall(t, "GET", "/message.txt", "")
		c := h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "1900000000000000007")
		if !strings.Contains(string(c.Body), "/kb/openrouter-429-free-limit") {
			t.Errorf("the attachment was not matched: %s", c.Body)
		}
	})
	t.Run("direct message", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_dm.json", nil)
		h.fake.waitCall(t, "POST", "/channels/1300000000000000077/messages", "/kb/openrouter-402-insufficient-credits")
	})
	t.Run("key leak: delete, DM, moderators", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_leak.json", map[string]string{"KEY": key})
		h.fake.waitCall(t, "DELETE", "/channels/"+testChannel+"/messages/1900000000000000006", "")
		h.fake.waitCall(t, "POST", "/users/@me/channels", testUser)
		dm := h.fake.waitCall(t, "POST", "/channels/dm-"+testUser+"/messages", "sk-or-v1-…[redacted]…")
		if !strings.Contains(string(dm.Body), "OpenRouter API key") || !strings.Contains(string(dm.Body), "https://openrouter.ai/settings/keys") ||
			!strings.Contains(string(dm.Body), "/kb/openrouter-401-invalid-key") {
			t.Errorf("the DM names the kind, the masked key, how to rotate, and answers: %s", dm.Body)
		}
		h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "sk-or-v1-…[redacted]…")
		for _, c := range h.fake.Calls() {
			if c.Path == "/api/v9/channels/"+testChannel+"/messages" && strings.Contains(string(c.Body), "your message contained") {
				t.Errorf("no public notice is needed when the message was deleted and the DM sent: %s", c.Body)
			}
		}
	})
	t.Run("interaction over the gateway", func(t *testing.T) {
		dispatchFixture(t, conn, "INTERACTION_CREATE", "interaction_command_high.json", nil)
		h.fake.waitCall(t, "POST", "/interactions/1600000000000000002/aW50ZXJhY3Rpb246"+"1600000000000000002:fake-token/callback", "/kb/openrouter-401-invalid-key")
	})
	t.Run("bad events then a good one", func(t *testing.T) {
		if err := conn.dispatch("MESSAGE_CREATE", json.RawMessage(`{"id":"1900000000000000090","channel_id":"`+testChannel+`","author":"garbage","content":42}`)); err != nil {
			t.Fatal(err)
		}
		if err := conn.dispatch("MESSAGE_CREATE", json.RawMessage(`{"id":"1900000000000000091","channel_id":"`+testChannel+`","author":null}`)); err != nil {
			t.Fatal(err)
		}
		if err := conn.dispatch("MESSAGE_CREATE", json.RawMessage(`{"id":"1900000000000000092","channel_id":"`+testChannel+`","guild_id":"1","author":{"id":"5"},"content":"PANIC 401 User not found."}`)); err != nil {
			t.Fatal(err)
		}
		h.waitLog(t, `"msg":"event panicked"`)
		before := h.fake.count("POST", "/channels/1300000000000000099/messages")
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_mention_unwatched.json", nil)
		h.fake.waitCount(t, "POST", "/channels/1300000000000000099/messages", before+1)
	})
	t.Run("MESSAGE_CONTENT warning once", func(t *testing.T) {
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_empty_content.json", nil)
		dispatchFixture(t, conn, "MESSAGE_CREATE", "message_empty_content.json", nil)
		h.waitLog(t, "MESSAGE_CONTENT intent (Developer Portal")
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(h.logs.String(), `"reason":"empty"`) < 2 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond) // until both messages were handled
		}
		if strings.Count(h.logs.String(), `"reason":"empty"`) < 2 {
			t.Fatal("the empty messages were not both handled")
		}
		if n := strings.Count(h.logs.String(), "messages arrive without content"); n != 1 {
			t.Errorf("the warning was logged %d times, want once", n)
		}
	})
}

// TestGatewayLeakFallbacks: without Manage Messages and with DMs closed the
// author is told in the channel (pinging them, naming no key); the missing
// permission is logged once; answers go into a thread when configured.
func TestGatewayLeakFallbacks(t *testing.T) {
	key := testutil.OpenRouterKeyFromSeed("fallback")
	h := newHarness(t, nil, bot.Config{PassiveChannels: []string{testChannel}},
		Config{Token: "test-bot-token", ModChannel: testMods, ReplyInThread: true}, nil)
	h.fake.set(func(f *fakeDiscord) { f.deleteStatus, f.dmClosed = 403, true })
	conn := h.startGateway(t)
	h.waitReady(t)

	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_passive_high.json", nil)
	h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages/1900000000000000001/threads", "orfix: 401 Unauthorized")
	h.fake.waitCall(t, "POST", "/channels/thread-1900000000000000001/messages", "/kb/openrouter-401-invalid-key")

	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_leak.json", map[string]string{"KEY": key})
	notice := h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "<@"+testUser+">")
	s := decodeSent(t, notice)
	if !strings.Contains(s.Content, "Please delete it") || !strings.Contains(s.Content, "OpenRouter API key") || !strings.Contains(s.Content, "could not send you the details privately") {
		t.Errorf("notice: %q", s.Content)
	}
	if strings.Contains(string(notice.Body), "sk-or-") || strings.Contains(string(notice.Body), "[redacted]") {
		t.Errorf("a public notice must name no key, not even masked: %s", notice.Body)
	}
	if s.AllowedMentions == nil || len(s.AllowedMentions.Users) != 1 || s.AllowedMentions.Users[0] != testUser {
		t.Errorf("the notice pings the author only: %+v", s.AllowedMentions)
	}
	if s.Reference == nil || s.Reference.MessageID != "1900000000000000006" {
		t.Errorf("an undeleted message gets a reply: %+v", s.Reference)
	}
	alert := h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "sk-or-v1-…[redacted]…")
	if !strings.Contains(string(alert.Body), "could not be deleted") {
		t.Errorf("alert: %s", alert.Body)
	}

	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_leak2.json", map[string]string{"KEY": key})
	h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "1900000000000000010")
	if n := strings.Count(h.logs.String(), "grant orfix the Manage Messages permission"); n != 1 {
		t.Errorf("the missing permission was logged %d times, want once", n)
	}

}

// TestGatewayReconnect: after the connection drops, discordgo reconnects
// and resumes (op 6), and messages are answered again.
func TestGatewayReconnect(t *testing.T) {
	h := newHarness(t, nil, bot.Config{PassiveChannels: []string{testChannel}}, Config{Token: "test-bot-token"}, nil)
	first := h.startGateway(t)
	h.waitReady(t)
	_ = first.ws.Close()
	second := h.fake.waitConn(t)
	h.fake.mu.Lock()
	resumes := h.fake.resumes
	h.fake.mu.Unlock()
	if resumes != 1 {
		t.Errorf("want a RESUME after the drop, got %d", resumes)
	}
	h.waitReady(t)
	dispatchFixture(t, second, "MESSAGE_CREATE", "message_passive_high.json", nil)
	h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "/kb/openrouter-401-invalid-key")
}
