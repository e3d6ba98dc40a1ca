package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
)

// TestAdminHistory: /orfix-admin history shows the server's last changes
// privately, newest first, naming the admin who asks as "you" and any
// other as "an admin" (the store keeps admins only as hashes); another
// server's changes are not in it.
func TestAdminHistory(t *testing.T) {
	h := settingsHarness(t, bot.Config{}, Config{})
	ctx := t.Context()
	for _, c := range []struct {
		guild, user string
		cmd         bot.AdminCommand
	}{
		{testGuild, "1400000000000000099", bot.AdminCommand{Op: bot.AdminThreads, On: true}},
		{"1200000000000000777", testAdmin, bot.AdminCommand{Op: bot.AdminEagerness, Eagerness: bot.EagerQuiet}},
	} {
		if _, err := h.core.Admin(ctx, bot.Discord, c.guild, c.user, h.ad.fileSettings(), c.cmd); err != nil {
			t.Fatal(err)
		}
	}
	h.post(t, adminInteraction(t, "1600000000000000301", testGuild, "modchannel", permsManageG, channelOpt(testMods)))

	w := h.post(t, adminInteraction(t, "1600000000000000302", testGuild, "history", permsManageG))
	var r response
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(r.Data.Content, "\n")
	if r.Type != 4 || r.Data.Flags&64 == 0 || len(lines) != 3 || lines[0] != "Last changes of orfix settings for this server:" ||
		!strings.HasSuffix(lines[1], "UTC, you: Moderator channel none → <#"+testMods+">") ||
		!strings.HasSuffix(lines[2], "UTC, an admin: Answers in threads off → on") {
		t.Errorf("type %d flags %d, history:\n%s", r.Type, r.Data.Flags, r.Data.Content)
	}

	// A server with no change says so.
	w = h.post(t, adminInteraction(t, "1600000000000000303", "1200000000000000888", "history", permsManageG))
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Data.Content != "No settings of this server were changed from chat yet." {
		t.Errorf("empty history: %q", r.Data.Content)
	}
}
