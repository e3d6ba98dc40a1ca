package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
)

// incidentTexts are the start and end alerts of one incident.
func incidentTexts() (start, end string) {
	at := time.Date(2025, 5, 1, 14, 0, 0, 0, time.UTC)
	inc := bot.Incident{EntryID: "openrouter-502-upstream", Answers: 12, Channels: 5, Baseline: 0.5, Started: at, Ended: at.Add(20 * time.Minute), Peak: 12}
	return bot.IncidentEvent{Incident: inc, Started: true}.Text(), bot.IncidentEvent{Incident: inc}.Text()
}

// TestAlertModeratorsEveryServer: an incident's start and end alerts go
// once each to the configured moderator channel and to every server's
// moderator channel set from chat, pinging no one; a server whose channel
// refuses the bot does not stop the others, and a server that turned its
// moderator channel off gets nothing.
func TestAlertModeratorsEveryServer(t *testing.T) {
	const (
		guildA, modsA = "1200000000000000101", "1300000000000000101"
		guildB, modsB = "1200000000000000102", "1300000000000000102"
		guildC, modsC = "1200000000000000103", "1300000000000000103" // refuses the bot
		guildD, modsD = "1200000000000000104", "1300000000000000104" // then modchannel none
		guildE        = "1200000000000000105"                        // the file's channel, set again
	)
	h := settingsHarness(t, bot.Config{}, Config{Token: "test-bot-token", ModChannel: testMods})
	h.fake.set(func(f *fakeDiscord) { f.noAccess = map[string]bool{modsC: true} })
	ctx := t.Context()
	for _, s := range []struct{ guild, channel string }{{guildA, modsA}, {guildB, modsB}, {guildC, modsC}, {guildD, modsD}, {guildD, ""}, {guildE, testMods}} {
		if _, err := h.core.Admin(ctx, bot.Discord, s.guild, testAdmin, h.ad.fileSettings(), bot.AdminCommand{Op: bot.AdminModChannel, Channel: s.channel}); err != nil {
			t.Fatal(err)
		}
	}
	start, end := incidentTexts()
	h.ad.AlertModerators(ctx, start)
	h.ad.AlertModerators(ctx, end)

	for _, ch := range []string{testMods, modsA, modsB, modsC} {
		var got []string
		for _, c := range h.fake.Calls() {
			if c.Method == "POST" && c.Path == "/api/v9/channels/"+ch+"/messages" {
				got = append(got, c.text())
			}
		}
		if len(got) != 2 || !strings.Contains(got[0], "Possible OpenRouter incident") || !strings.Contains(got[1], "Incident over") {
			t.Errorf("channel %s got %d alerts, want one start and one end: %q", ch, len(got), got)
			continue
		}
		for _, body := range got {
			if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
				t.Errorf("channel %s: the alert may ping: %s", ch, body)
			}
		}
	}
	if n := h.fake.count("POST", "/channels/"+modsD+"/messages"); n != 0 {
		t.Errorf("a server that turned its moderator channel off got %d alerts", n)
	}
	if n := strings.Count(h.logs.String(), `"msg":"moderator alert"`); n != 2 {
		t.Errorf("%d failed alerts logged, want 2 (the refusing server, start and end):\n%s", n, h.logs.String())
	}
}

// TestAlertModeratorsNoToken: without the gateway token nothing is posted.
func TestAlertModeratorsNoToken(t *testing.T) {
	h := settingsHarness(t, bot.Config{}, Config{ModChannel: testMods})
	if _, err := h.core.Admin(t.Context(), bot.Discord, testGuild, testAdmin, h.ad.fileSettings(), bot.AdminCommand{Op: bot.AdminModChannel, Channel: "1300000000000000101"}); err != nil {
		t.Fatal(err)
	}
	start, _ := incidentTexts()
	h.ad.AlertModerators(t.Context(), start)
	if calls := h.fake.Calls(); len(calls) != 0 {
		t.Errorf("calls without a token: %v", calls)
	}
}
