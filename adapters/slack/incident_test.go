package slack

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
)

// incidentEnv is the configured workspace (testBotToken, team T0001 as
// auth.test says, moderator channel C0MODS in the file) next to OAuth
// installs, with settings and installations in one SQLite store.
func incidentEnv(t *testing.T) *oauthEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "orfix.db")
	db, err := store.OpenSQLite(context.Background(), path, []byte("0123456789abcdef-test-salt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	cfg := Config{ModChannel: "C0MODS", ClientID: testClientID, ClientSecret: testClientSecret, SecretKey: testSecretKey}
	e := newEnv(t, newBot(t, bot.Config{}, bot.WithSettings(db)), cfg, WithInstallations(db))
	e.slack.grant(codeTwo, teamTwo)
	runAdapter(t, e.a)
	deadline := time.Now().Add(waitLimit)
	for e.a.identity().TeamID == "" {
		if time.Now().After(deadline) {
			t.Fatal("auth.test never succeeded")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return &oauthEnv{env: e, db: db, path: path}
}

// setModChannel sets a workspace's moderator channel as its admin would.
func (e *oauthEnv) setModChannel(team, channel string) {
	e.t.Helper()
	if _, err := e.core.Admin(context.Background(), bot.Slack, team, adminUser, e.core.FileSettings(), bot.AdminCommand{Op: bot.AdminModChannel, Channel: channel}); err != nil {
		e.t.Fatal(err)
	}
}

// alertsByChannel counts the chat.postMessage calls per channel and token.
func (e *oauthEnv) alertsByChannel() map[string][]string {
	out := map[string][]string{}
	for _, c := range e.slack.callsTo("/api/chat.postMessage") {
		who := redactTokens(map[string]int{c.token(): 1})
		name := "configured"
		if c.token() != testBotToken {
			for n := range who {
				name = n
			}
		}
		out[c.form().Get("channel")] = append(out[c.form().Get("channel")], name+": "+c.form().Get("text"))
	}
	return out
}

// TestAlertModeratorsEveryWorkspace: an incident's start and end alerts
// reach the configured workspace's moderator channel (set from chat over
// the file's) with the configured token, and an OAuth workspace's with its
// installation's token, once each; a workspace no longer installed gets
// nothing.
func TestAlertModeratorsEveryWorkspace(t *testing.T) {
	e := incidentEnv(t)
	e.install(codeTwo, teamTwo)
	e.setModChannel("T0001", "C0MODSONE")
	e.setModChannel(teamTwo.Team, "C0MODSTWO")
	e.setModChannel("T0003", "C0ORPHAN") // set, then uninstalled: no token

	at := time.Date(2025, 5, 1, 14, 0, 0, 0, time.UTC)
	inc := bot.Incident{EntryID: "openrouter-502-upstream", Answers: 12, Channels: 5, Baseline: 0.5, Started: at, Ended: at.Add(20 * time.Minute), Peak: 12}
	e.a.AlertModerators(t.Context(), bot.IncidentEvent{Incident: inc, Started: true}.Text())
	e.a.AlertModerators(t.Context(), bot.IncidentEvent{Incident: inc}.Text())

	got := e.alertsByChannel()
	want := map[string]string{"C0MODSONE": "configured", "C0MODSTWO": "team two"}
	for ch, who := range want {
		a := got[ch]
		if len(a) != 2 || !strings.HasPrefix(a[0], who+": Possible OpenRouter incident") || !strings.HasPrefix(a[1], who+": Incident over") {
			t.Errorf("%s: %q, want one start and one end posted with the %s token", ch, a, who)
		}
	}
	if len(got) != len(want) {
		t.Errorf("alerts went to %d channels, want %d: %v", len(got), len(want), got)
	}
	assertNoSecretsLogged(t, e.env)
}

// TestAlertModeratorsFirstFormInstall: an installation sealed before the
// team id was kept inside is left out of alerts until its workspace is
// next heard from; then it is sealed again, and alerted from then on.
func TestAlertModeratorsFirstFormInstall(t *testing.T) {
	e := incidentEnv(t)
	plain, err := json.Marshal(map[string]string{"bot_token": teamTwo.Token, "bot_user_id": teamTwo.BotUser})
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := e.a.key.Seal(plain, installAD(teamTwo.Team))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SaveInstallation(t.Context(), store.Installation{TeamID: teamTwo.Team, Sealed: sealed}); err != nil {
		t.Fatal(err)
	}
	e.slack.mu.Lock()
	e.slack.issued[teamTwo.Token] = true
	e.slack.mu.Unlock()
	e.setModChannel(teamTwo.Team, "C0MODSTWO")

	targets := func() map[string]string {
		out := map[string]string{}
		for _, tg := range e.a.alertTargets(t.Context()) {
			out[tg.channel] = tg.team
		}
		return out
	}
	if got := targets(); len(got) != 1 || got["C0MODS"] != "T0001" {
		t.Errorf("before: targets %v, want the configured workspace's only", got)
	}
	// The workspace is heard from: its token opens and is sealed again.
	if ws := e.a.workspace(e.a.forTeam(t.Context(), teamTwo.Team)); ws == nil || ws.token != teamTwo.Token {
		t.Fatal("the first-form installation does not open")
	}
	if got := targets(); len(got) != 2 || got["C0MODSTWO"] != teamTwo.Team {
		t.Errorf("after: targets %v, want team two's too", got)
	}
	if ws := e.a.workspace(e.a.forTeam(t.Context(), "T0009")); ws != e.a.single {
		t.Error("an unknown team does not fall back to the configured token")
	}
}
