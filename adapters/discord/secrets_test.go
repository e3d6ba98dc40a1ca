package discord

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// TestKeyNeverRepeated plants a fresh OpenRouter key in every path a paste
// can take (slash command, modal, autocomplete, a file, a watched-channel
// message, a mention, a DM, an interaction over the Gateway, with deletion
// and DMs working and failing) and greps every outgoing request, every
// response to Discord and the whole log for the key and for any 8-character
// piece of its secret part.
func TestKeyNeverRepeated(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	vars := map[string]string{"KEY": key}

	h := newHarness(t, nil, bot.Config{PassiveChannels: []string{testChannel}}, Config{Token: "test-bot-token", ModChannel: testMods}, nil)
	var responses []string

	// HTTP interactions.
	mention := strings.NewReplacer(`"value": "user not fou"`, `"value": "User not found `+key+`"`)
	h.fake.setFile("/ephemeral-attachments/1500000000000000005/1700000000000000001/message.txt", "OPENROUTER_API_KEY="+key+"\n401 User not found.\n")
	modal := strings.Replace(string(fixture(t, "interaction_modal_submit.json", nil)), "Traceback (most recent call last):", "api_key="+key+" Traceback", 1)
	for _, body := range [][]byte{
		fixture(t, "interaction_command_secret.json", vars),
		[]byte(modal),
		[]byte(mention.Replace(string(fixture(t, "interaction_autocomplete_partial.json", nil)))),
		fixture(t, "interaction_command_file.json", nil),
	} {
		w := h.post(t, body)
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		responses = append(responses, w.Body.String())
	}
	h.fake.waitCall(t, "POST", "1600000000000000009:fake-token", "")

	// The Gateway.
	conn := h.startGateway(t)
	h.waitReady(t)
	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_leak.json", vars)
	h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "<#"+testChannel+">")
	h.fake.set(func(f *fakeDiscord) { f.deleteStatus, f.dmClosed = 403, true })
	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_leak2.json", vars)
	h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "1900000000000000010")
	dm := strings.Replace(string(fixture(t, "message_dm.json", nil)), "Error code: 402", "key "+key+" Error code: 402", 1)
	if err := conn.dispatch("MESSAGE_CREATE", json.RawMessage(dm)); err != nil {
		t.Fatal(err)
	}
	h.fake.waitCall(t, "POST", "/channels/1300000000000000077/messages", "[redacted]")
	unwatched := strings.Replace(string(fixture(t, "message_mention_unwatched.json", nil)), "what does this mean?", "my key is "+key, 1)
	if err := conn.dispatch("MESSAGE_CREATE", json.RawMessage(unwatched)); err != nil {
		t.Fatal(err)
	}
	h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "1300000000000000099")
	dispatchFixture(t, conn, "INTERACTION_CREATE", "interaction_command_secret.json", vars)
	h.fake.waitCall(t, "POST", "1600000000000000008:fake-token/callback", "[redacted]")

	var outgoing []string
	for _, c := range h.fake.Calls() {
		if c.Method != "GET" {
			outgoing = append(outgoing, c.String()+"\n"+string(c.Body)+"\n"+c.text())
		}
	}
	if len(outgoing) < 12 {
		t.Fatalf("only %d outgoing requests recorded: the paths were not exercised", len(outgoing))
	}
	haystacks := map[string]string{
		"outgoing requests":  strings.Join(outgoing, "\n"),
		"responses":          strings.Join(responses, "\n"),
		"log":                h.logs.String(),
		"mask proves a scan": "",
	}
	if !strings.Contains(haystacks["outgoing requests"], "sk-or-v1-…[redacted]…"+key[len(key)-4:]) {
		t.Errorf("the masked key never appeared: the scan did not run")
	}
	delete(haystacks, "mask proves a scan")
	for name, hay := range haystacks {
		testutil.AssertNoSecret(t, name, hay, key)
	}
	// The log names no raw id (snowflakes), no interaction token and no
	// signed or token-bearing URL.
	logs := h.logs.String()
	if ids := snowflake.FindAllString(logs, 3); len(ids) > 0 {
		t.Errorf("raw ids in the log: %v", ids)
	}
	for _, s := range []string{"fake-token", "?ex=", "&hm=", "/webhooks/"} {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds %q", s)
		}
	}
}

// snowflake is a raw Discord id.
var snowflake = regexp.MustCompile(`\b\d{17,20}\b`)
