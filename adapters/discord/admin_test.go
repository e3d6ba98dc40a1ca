package discord

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
)

const (
	testGuild    = "1200000000000000002"
	testHelpers  = "1500000000000000066"
	testAdmin    = "1400000000000000044"
	permsManageG = "32" // MANAGE_GUILD
	permsAdmin   = "8"  // ADMINISTRATOR
)

// adminInteraction builds an /orfix-admin interaction: sub is the
// subcommand, opts its options, perms the member's permissions.
func adminInteraction(tb testing.TB, id, guild, sub, perms string, opts ...map[string]any) []byte {
	tb.Helper()
	if opts == nil {
		opts = []map[string]any{}
	}
	i := map[string]any{
		"id": id, "application_id": testAppID, "type": 2, "token": "tok-" + id, "version": 1,
		"channel_id": testChannel, "context": 0,
		"data": map[string]any{"id": "1500000000000000009", "name": AdminCommandName, "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	}
	if guild != "" {
		i["guild_id"] = guild
		i["member"] = map[string]any{"user": map[string]any{"id": testAdmin, "username": "admin"}, "permissions": perms, "roles": []string{}}
	} else {
		i["user"] = map[string]any{"id": testAdmin, "username": "admin"}
	}
	b, err := json.Marshal(i)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func channelOpt(id string) map[string]any {
	return map[string]any{"name": optChannel, "type": 7, "value": id}
}
func roleOpt(id string) map[string]any {
	return map[string]any{"name": optRole, "type": 8, "value": id}
}

// TestParseAdmin reads each subcommand's options.
func TestParseAdmin(t *testing.T) {
	tests := []struct {
		name    string
		sub     string
		opts    []map[string]any
		want    bot.AdminCommand
		wantErr string
	}{
		{"listen", "listen", []map[string]any{channelOpt(testChannel)}, bot.AdminCommand{Op: bot.AdminListen, Channel: testChannel}, ""},
		{"stop", "stop", []map[string]any{channelOpt(testChannel)}, bot.AdminCommand{Op: bot.AdminStop, Channel: testChannel}, ""},
		{"listen needs a channel", "listen", nil, bot.AdminCommand{}, "name a channel"},
		{"support role", "support", []map[string]any{roleOpt(testHelpers)}, bot.AdminCommand{Op: bot.AdminSupport, Mention: "<@&" + testHelpers + ">"}, ""},
		{"support nobody", "support", nil, bot.AdminCommand{Op: bot.AdminSupport}, ""},
		{"support @everyone refused", "support", []map[string]any{roleOpt(testGuild)}, bot.AdminCommand{}, "@everyone"},
		{"modchannel", "modchannel", []map[string]any{channelOpt(testMods)}, bot.AdminCommand{Op: bot.AdminModChannel, Channel: testMods}, ""},
		{"threads on", "threads", []map[string]any{{"name": optOn, "type": 5, "value": true}}, bot.AdminCommand{Op: bot.AdminThreads, On: true}, ""},
		{"eagerness", "eagerness", []map[string]any{{"name": optLevel, "type": 3, "value": "eager"}}, bot.AdminCommand{Op: bot.AdminEagerness, Eagerness: bot.EagerEager}, ""},
		{"show", "show", nil, bot.AdminCommand{Op: bot.AdminShow}, ""},
		{"unknown subcommand", "reset", nil, bot.AdminCommand{}, errNotAdminCommand.Error()},
	}
	for _, tc := range tests {
		var i discordgo.Interaction
		if err := json.Unmarshal(adminInteraction(t, "1600000000000000001", testGuild, tc.sub, permsManageG, tc.opts...), &i); err != nil {
			t.Fatal(err)
		}
		got, err := parseAdmin(&i)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

// TestAdminCommandDefinition: /orfix-admin is for Manage Server by
// default and only in servers.
func TestAdminCommandDefinition(t *testing.T) {
	c := adminCommand()
	b, err := json.Marshal(wireCommands([]*discordgo.ApplicationCommand{c}))
	if err != nil {
		t.Fatal(err)
	}
	var wire []struct {
		Perms    json.Number `json:"default_member_permissions"`
		Contexts []int       `json:"contexts"`
		Options  []struct {
			Options []struct {
				Type int `json:"type"`
			} `json:"options"`
		} `json:"options"`
	}
	if err := json.Unmarshal(b, &wire); err != nil {
		t.Fatal(err)
	}
	if wire[0].Perms.String() != "32" || len(wire[0].Contexts) != 1 || wire[0].Contexts[0] != 0 {
		t.Errorf("default_member_permissions %q contexts %v: want 32 (Manage Server) and guild only", wire[0].Perms, wire[0].Contexts)
	}
	if wire[0].Options[0].Options[0].Type != 7 || wire[0].Options[2].Options[0].Type != 8 {
		t.Errorf("listen and support take CHANNEL (7) and ROLE (8) options: %+v", wire[0].Options)
	}
}

// settingsHarness is a harness whose core keeps settings in SQLite.
func settingsHarness(t *testing.T, bc bot.Config, dc Config) *harness {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "orfix.db"), []byte("0123456789abcdef-test-salt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newHarnessOpts(t, nil, bc, dc, nil, bot.WithSettings(st))
}

// TestAdminRefused: without Manage Server, in a DM, or without a store,
// the command changes nothing and says why, privately.
func TestAdminRefused(t *testing.T) {
	tests := []struct {
		name, guild, perms string
		store              bool
		want               string
		golden             string
	}{
		{"a member without Manage Server", testGuild, "2048", true, noticeNotAdmin, "admin-refused"},
		{"a direct message", "", "", true, noticeAdminGuild, ""},
		{"no store", testGuild, permsAdmin, false, noticeNoStore, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil, bot.Config{}, Config{}, nil)
			if tc.store {
				h = settingsHarness(t, bot.Config{}, Config{})
			}
			w := h.post(t, adminInteraction(t, "1600000000000000011", tc.guild, "listen", tc.perms, channelOpt(testChannel)))
			var r response
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if r.Type != 4 || r.Data.Flags&64 == 0 || r.Data.Content != tc.want {
				t.Errorf("type %d flags %d %q; want a private %q", r.Type, r.Data.Flags, r.Data.Content, tc.want)
			}
			if tc.golden != "" {
				golden(t, tc.golden, w.Body.Bytes())
			}
			if got := h.core.Settings(t.Context(), bot.Discord, testGuild, h.ad.fileSettings()); got.Listens(testChannel, "") {
				t.Errorf("a refused command changed the settings")
			}
		})
	}
}

// TestAdminThreeCommandsEndToEnd is the target: a fresh server goes from
// invite to "listening in #support with @helpers as the support role" in
// three commands (over the HTTP endpoint and the Gateway), each change
// logged to the moderator channel; then a paste in #support is answered
// without being asked, and "Not yet" calls @helpers.
func TestAdminThreeCommandsEndToEnd(t *testing.T) {
	h := settingsHarness(t, bot.Config{}, Config{Token: "test-bot-token", ModChannel: testMods, MessageContent: true})
	conn := h.startGateway(t)
	h.waitReady(t)
	// Before: the paste in #support is not answered.
	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_passive_high.json", nil)
	h.waitLog(t, `"msg":"message ignored"`)

	steps := []struct {
		name, sub string
		opts      []map[string]any
		want      string
		golden    string
	}{
		{"listen in #support", "listen", []map[string]any{channelOpt(testChannel)}, "Listening in: <#" + testChannel + "> (was no channel)", "admin-listen"},
		{"@helpers is the support role", "support", []map[string]any{roleOpt(testHelpers)}, `"Not yet" calls: <@&` + testHelpers + `> (was no one)`, ""},
	}
	for n, s := range steps {
		w := h.post(t, adminInteraction(t, "16000000000000001"+string(rune('0'+n))+"0", testGuild, s.sub, permsManageG, s.opts...))
		var r response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Type != 4 || r.Data.Flags&64 == 0 || !strings.Contains(r.Data.Content, s.want) {
			t.Errorf("%s: type %d flags %d %q; want a private reply with %q", s.name, r.Type, r.Data.Flags, r.Data.Content, s.want)
		}
		if s.golden != "" {
			golden(t, s.golden, w.Body.Bytes())
		}
	}
	// Each change is logged to the moderator channel, naming who, pinging no one.
	log := h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", "changed Listening in from no channel to <#"+testChannel+">")
	if !strings.Contains(log.text(), "<@"+testAdmin+">") || !strings.Contains(log.text(), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("change log: %s", log.text())
	}
	h.fake.waitCall(t, "POST", "/channels/"+testMods+"/messages", `changed \"Not yet\" calls from no one to <@&`+testHelpers+">")

	// The third command, show, over the Gateway.
	if err := conn.dispatch("INTERACTION_CREATE", adminInteraction(t, "1600000000000000199", testGuild, "show", permsAdmin)); err != nil {
		t.Fatal(err)
	}
	show := h.fake.waitCall(t, "POST", "/interactions/1600000000000000199/tok-1600000000000000199/callback", "orfix settings for this server")
	golden(t, "admin-show", show.Body)
	for _, want := range []string{"Listening in: <#" + testChannel + ">", `\"Not yet\" calls: <@&` + testHelpers + ">", "Moderator channel: <#" + testMods + ">", `"flags":64`} {
		if !strings.Contains(show.text(), want) {
			t.Errorf("show lacks %q: %s", want, show.text())
		}
	}

	// After: the same paste in #support is answered.
	dispatchFixture(t, conn, "MESSAGE_CREATE", "message_passive_high.json", nil)
	h.fake.waitCall(t, "POST", "/channels/"+testChannel+"/messages", "/kb/openrouter-401-invalid-key")

	// "Not yet" on the answer calls @helpers in a thread on it.
	const msg = "1800000000000000077"
	h.post(t, click(t, customID(actNotYet, "openrouter-401-invalid-key", testUser), msg, testChannel, testUser, permsNone))
	c := h.fake.waitCall(t, "POST", "/channels/thread-"+msg+"/messages", "<@&"+testHelpers+">")
	var sentMsg struct {
		AllowedMentions struct {
			Roles []string `json:"roles"`
		} `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(c.Body, &sentMsg); err != nil || len(sentMsg.AllowedMentions.Roles) != 1 || sentMsg.AllowedMentions.Roles[0] != testHelpers {
		t.Errorf("the hand-off must be allowed to ping @helpers: %s", c.text())
	}
}
