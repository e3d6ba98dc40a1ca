package discord

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

func messageFixture(t *testing.T, name string) *discordgo.Message {
	t.Helper()
	var m discordgo.Message
	if err := json.Unmarshal(fixture(t, name, map[string]string{"KEY": testutil.OpenRouterKeyFromSeed("request")}), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func TestMessageRequest(t *testing.T) {
	tests := []struct {
		fixture string
		watched bool
		want    bot.Mode // "" means ignored
		text    string
	}{
		{"message_passive_high.json", true, bot.Passive, "anyone? aider keeps failing:"},
		{"message_passive_high.json", false, "", ""},
		{"message_from_bot.json", true, "", ""},
		{"message_from_self.json", true, "", ""},
		{"message_mention_unwatched.json", false, bot.Explicit, "what does this mean? 429"},
		{"message_dm.json", false, bot.Explicit, "Error code: 402"},
		{"message_attachment.json", true, bot.Passive, ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s watched=%v", tc.fixture, tc.watched), func(t *testing.T) {
			m := messageFixture(t, tc.fixture)
			req, ok := messageRequest(m, testBotID, tc.watched)
			if ok != (tc.want != "") || req.Mode != tc.want {
				t.Fatalf("mode %q ok %v, want %q", req.Mode, ok, tc.want)
			}
			if !ok {
				return
			}
			if req.Platform != bot.Discord || req.Channel != m.ChannelID || req.User != m.Author.ID {
				t.Errorf("request %+v", req)
			}
			if !strings.HasPrefix(req.Text, tc.text) || strings.Contains(req.Text, "<@"+testBotID+">") {
				t.Errorf("text %q, want it to start with %q and lose the mention", req.Text, tc.text)
			}
		})
	}
	t.Run("webhook and system messages", func(t *testing.T) {
		m := messageFixture(t, "message_passive_high.json")
		m.WebhookID = "1"
		if _, ok := messageRequest(m, testBotID, true); ok {
			t.Errorf("a webhook message was accepted")
		}
		m = messageFixture(t, "message_passive_high.json")
		m.Type = discordgo.MessageTypeGuildMemberJoin
		if _, ok := messageRequest(m, testBotID, true); ok {
			t.Errorf("a system message was accepted")
		}
		if _, ok := messageRequest(&discordgo.Message{ID: "1"}, testBotID, true); ok {
			t.Errorf("a message without an author was accepted")
		}
	})
}

func TestTextAttachment(t *testing.T) {
	tests := []struct {
		name, ct string
		want     bool
	}{
		{"message.txt", "text/plain; charset=utf-8", true},
		{"trace.log", "", true},
		{"config.json", "application/json", true},
		{"dump.bin", "application/octet-stream", false},
		{"error.txt", "application/octet-stream", true},
		{"screenshot.png", "image/png", false},
		{"notes.txt", "image/png", false},
	}
	for _, tc := range tests {
		a := &discordgo.MessageAttachment{Filename: tc.name, ContentType: tc.ct, URL: "https://cdn.discordapp.com/x"}
		if got := textAttachment(a); got != tc.want {
			t.Errorf("%s (%s): %v, want %v", tc.name, tc.ct, got, tc.want)
		}
	}
}

func TestAttachmentLimits(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	h.fake.setFile("/attachments/1/2/message.txt", strings.Repeat("x", 100))
	as := []*discordgo.MessageAttachment{
		{ID: "a", Filename: "message.txt", ContentType: "text/plain", URL: "https://cdn.discordapp.com/attachments/1/2/message.txt"},
		{ID: "b", Filename: "other.txt", ContentType: "text/plain", URL: "https://evil.example/attachments/1/2/message.txt"},
		{ID: "c", Filename: "gone.txt", ContentType: "text/plain", URL: "https://cdn.discordapp.com/attachments/1/2/gone.txt"},
	}
	got, notes := h.ad.fetchAttachments(t.Context(), as, 64)
	if len(got) != 1 || len(got[0].Text) != 64 || !got[0].Truncated {
		t.Errorf("want one attachment cut at 64 bytes, got %+v", got)
	}
	if len(notes) != 2 {
		t.Errorf("want notes for the refused and the missing file, got %q", notes)
	}
	if n := h.fake.count("GET", "/gone.txt"); n != 1 {
		t.Errorf("the CDN was asked %d times for the missing file", n)
	}
	for _, c := range h.fake.Calls() {
		if strings.Contains(c.Path, "evil") {
			t.Errorf("fetched a non-Discord URL")
		}
	}
}

func TestShownEntries(t *testing.T) {
	var i discordgo.Interaction
	if err := json.Unmarshal(fixture(t, "interaction_button_notyet.json", nil), &i); err != nil {
		t.Fatal(err)
	}
	got := shownEntries(i.Message, testPublic)
	if want := []string{"openrouter-401-invalid-key", "openrouter-401-missing-key"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shown %v, want %v", got, want)
	}
	if shownEntries(nil, testPublic) != nil {
		t.Errorf("no message, nothing shown")
	}
}

func TestParseCommand(t *testing.T) {
	var i discordgo.Interaction
	if err := json.Unmarshal(fixture(t, "interaction_command_file.json", nil), &i); err != nil {
		t.Fatal(err)
	}
	c, ok := parseCommand(&i)
	if !ok || c.File == nil || c.File.Filename != "message.txt" || c.Text != "" || c.Private {
		t.Errorf("parsed %+v %v", c, ok)
	}
	if err := json.Unmarshal(fixture(t, "interaction_command_private.json", nil), &i); err != nil {
		t.Fatal(err)
	}
	if c, ok := parseCommand(&i); !ok || !c.Private || !strings.Contains(c.Text, "tool use") {
		t.Errorf("parsed %+v %v", c, ok)
	}
}

func TestInviteURL(t *testing.T) {
	u, err := url.Parse(InviteURL("1100000000000000001"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "https" || u.Host != "discord.com" || u.Path != "/oauth2/authorize" || q.Get("client_id") != "1100000000000000001" {
		t.Errorf("invite URL %s", u)
	}
	if q.Get("scope") != "bot applications.commands" {
		t.Errorf("scopes %q", q.Get("scope"))
	}
	perms, _ := strconv.ParseInt(q.Get("permissions"), 10, 64)
	want := map[int64]string{
		1 << 10: "View Channel", 1 << 11: "Send Messages", 1 << 38: "Send Messages in Threads", 1 << 35: "Create Public Threads",
		1 << 14: "Embed Links", 1 << 16: "Read Message History", 1 << 13: "Manage Messages",
	}
	for bit := int64(1); bit > 0 && bit <= 1<<50; bit <<= 1 {
		if _, wanted := want[bit]; wanted != (perms&bit != 0) {
			t.Errorf("permission bit %d: set %v, want %v (%s)", bit, perms&bit != 0, wanted, want[bit])
		}
	}
	if perms != 309237738496 {
		t.Errorf("permissions %d", perms)
	}
}

func TestRegisterCommands(t *testing.T) {
	tests := []struct {
		name   string
		guilds []string
		paths  []string
	}{
		{"global", nil, []string{"/api/v9/applications/" + testAppID + "/commands"}},
		{"guilds", []string{"g1", "g2"}, []string{"/api/v9/applications/" + testAppID + "/guilds/g1/commands", "/api/v9/applications/" + testAppID + "/guilds/g2/commands"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil, bot.Config{}, Config{Token: "test-bot-token", GuildIDs: tc.guilds}, nil)
			if err := h.ad.RegisterCommands(t.Context()); err != nil {
				t.Fatal(err)
			}
			calls := h.fake.Calls()
			if len(calls) != len(tc.paths) {
				t.Fatalf("calls %v, want %v", calls, tc.paths)
			}
			for i, c := range calls {
				if c.Method != "PUT" || c.Path != tc.paths[i] {
					t.Errorf("call %s, want PUT %s", c, tc.paths[i])
				}
				var cmds []struct {
					Name    string `json:"name"`
					Options []struct {
						Name         string `json:"name"`
						Type         int    `json:"type"`
						Autocomplete bool   `json:"autocomplete"`
						Required     bool   `json:"required"`
					} `json:"options"`
				}
				if err := json.Unmarshal(c.Body, &cmds); err != nil {
					t.Fatal(err)
				}
				got := fmt.Sprintf("%+v", cmds)
				want := "[{Name:orfix Options:[{Name:error Type:3 Autocomplete:true Required:false} {Name:private Type:5 Autocomplete:false Required:false} {Name:file Type:11 Autocomplete:false Required:false}]} " +
					"{Name:orfix-admin Options:[{Name:listen Type:1 Autocomplete:false Required:false} {Name:stop Type:1 Autocomplete:false Required:false} " +
					"{Name:support Type:1 Autocomplete:false Required:false} {Name:modchannel Type:1 Autocomplete:false Required:false} " +
					"{Name:threads Type:1 Autocomplete:false Required:false} {Name:eagerness Type:1 Autocomplete:false Required:false} {Name:show Type:1 Autocomplete:false Required:false} {Name:history Type:1 Autocomplete:false Required:false}]}]"
				if got != want {
					t.Errorf("commands %s\nwant %s", got, want)
				}
			}
		})
	}
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	if err := h.ad.RegisterCommands(t.Context()); err == nil {
		t.Errorf("registering without a token must fail")
	}
}

func TestReady(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	if err := h.ad.Ready(); err != nil {
		t.Errorf("without a token the adapter is ready: %v", err)
	}
	if err := h.ad.Run(t.Context()); err != nil {
		t.Errorf("Run without a token: %v", err)
	}
}
