package bot

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/testutil"
	"github.com/orfix/orfix/knowledge"
)

func TestSettingsListens(t *testing.T) {
	tests := []struct {
		name            string
		listen          []string
		channel, parent string
		want            bool
	}{
		{"listed", []string{"c1"}, "c1", "", true},
		{"not listed", []string{"c1"}, "c2", "", false},
		{"a thread of a listed channel", []string{"c1"}, "t1", "c1", true},
		{"every channel", []string{"*"}, "anything", "", true},
		{"nowhere", nil, "c1", "", false},
	}
	for _, tc := range tests {
		if got := (Settings{Listen: tc.listen}).Listens(tc.channel, tc.parent); got != tc.want {
			t.Errorf("%s: Listens(%q, %q) = %v, want %v", tc.name, tc.channel, tc.parent, got, tc.want)
		}
	}
}

func TestEagernessBar(t *testing.T) {
	th := knowledge.Thresholds{Floor: 0.4, Passive: 0.8}
	tests := []struct {
		in     string
		want   float64
		wantOn bool
	}{
		{"off", 0, false},
		{"quiet", 0.9, true},
		{"Normal", 0.8, true},
		{"eager", 0.6, true},
	}
	for _, tc := range tests {
		e, err := ParseEagerness(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got, on := e.bar(th)
		if on != tc.wantOn || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: bar %v on %v, want %v %v", tc.in, got, on, tc.want, tc.wantOn)
		}
	}
	if _, err := ParseEagerness("loud"); err == nil {
		t.Error("an unknown level parsed")
	}
}

// settingsFixture is a bot with a settings store on a fresh SQLite file.
func settingsFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	f := newFixture(t, cfg)
	f.bot = New(testutil.DefaultKB(t), cfg, WithClock(f.clock.now), WithStore(f.store), WithSettings(f.store))
	return f
}

// TestAdminCommands runs the admin commands in order on one community and
// checks the effective settings, the replies and the stored history.
func TestAdminCommands(t *testing.T) {
	f := settingsFixture(t, Config{PassiveChannels: []string{"file-chan"}, Support: "<@&1>"})
	ctx := context.Background()
	base := f.bot.FileSettings()
	base.ModChannel = "file-mods"
	steps := []struct {
		name      string
		cmd       AdminCommand
		changed   bool
		refused   string
		reply     string
		wantAfter func(Settings) bool
	}{
		{"show the file's settings", AdminCommand{Op: AdminShow}, false, "", "Listening in: <#file-chan>", nil},
		{"listen in #support", AdminCommand{Op: AdminListen, Channel: "support"}, true, "", "Listening in: <#file-chan>, <#support> (was <#file-chan>)",
			func(s Settings) bool { return s.Listens("support", "") && s.Listens("file-chan", "") }},
		{"listen again", AdminCommand{Op: AdminListen, Channel: "support"}, false, "", "Nothing to change", nil},
		{"stop in the file's channel", AdminCommand{Op: AdminStop, Channel: "file-chan"}, true, "", "Listening in: <#support>",
			func(s Settings) bool { return !s.Listens("file-chan", "") }},
		{"support role", AdminCommand{Op: AdminSupport, Mention: "<@&helpers>"}, true, "", `"Not yet" calls: <@&helpers> (was <@&1>)`,
			func(s Settings) bool { return s.Support == "<@&helpers>" }},
		{"moderator channel off", AdminCommand{Op: AdminModChannel}, true, "", "Moderator channel: none (was <#file-mods>)",
			func(s Settings) bool { return s.ModChannel == "" }},
		{"threads on", AdminCommand{Op: AdminThreads, On: true}, true, "", "Answers in threads: on", func(s Settings) bool { return s.Threads }},
		{"eagerness", AdminCommand{Op: AdminEagerness, Eagerness: EagerQuiet}, true, "", "quiet (was normal)", func(s Settings) bool { return s.Eagerness == EagerQuiet }},
		{"bad eagerness", AdminCommand{Op: AdminEagerness, Eagerness: "loud"}, false, "one of off", "", nil},
		{"no channel", AdminCommand{Op: AdminListen}, false, "Name a channel", "", nil},
	}
	for _, s := range steps {
		r, err := f.bot.Admin(ctx, Discord, "guild-1", "admin-1", base, s.cmd)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if r.Changed != s.changed || !strings.Contains(r.Refused, s.refused) {
			t.Errorf("%s: changed %v refused %q; want %v, %q", s.name, r.Changed, r.Refused, s.changed, s.refused)
		}
		if reply := AdminReply(r, "this server"); !strings.Contains(reply, s.reply) {
			t.Errorf("%s: reply %q lacks %q", s.name, reply, s.reply)
		}
		if s.wantAfter != nil {
			if got := f.bot.Settings(ctx, Discord, "guild-1", base); !s.wantAfter(got) {
				t.Errorf("%s: effective settings %+v", s.name, got)
			}
		}
	}
	// Other communities and direct messages keep the file's settings.
	for _, c := range []string{"guild-2", ""} {
		if got := f.bot.Settings(ctx, Discord, c, base); got.Support != "<@&1>" || !got.Listens("file-chan", "") || got.ModChannel != "file-mods" {
			t.Errorf("community %q: %+v, want the file's settings", c, got)
		}
	}
	if got := f.bot.Settings(ctx, Slack, "guild-1", base); got.Support != "<@&1>" {
		t.Errorf("the same id on another platform took the settings: %+v", got)
	}
	r, _ := f.bot.Admin(ctx, Discord, "", "admin-1", base, AdminCommand{Op: AdminShow})
	if !strings.Contains(r.Refused, "direct message") {
		t.Errorf("admin in a DM: %+v", r)
	}
	log := AdminLog(AdminResult{Field: "listen", Old: "no channel", New: "<#support>"}, "<@admin-1>")
	if log != "Settings: <@admin-1> changed Listening in from no channel to <#support>." {
		t.Errorf("mod log line: %q", log)
	}
}

// TestSettingsDrivePassiveAndSupport: listening, eagerness and the support
// mention come from the community's settings.
func TestSettingsDrivePassiveAndSupport(t *testing.T) {
	f := settingsFixture(t, Config{})
	ctx := context.Background()
	passive := Request{Platform: Discord, Mode: Passive, Community: "g", Channel: "support", User: "u", Text: userNotFound}
	if r := f.handle(t, passive); r.Reason != ReasonNotWatched {
		t.Fatalf("before listen: %+v", r.Reason)
	}
	admin := func(cmd AdminCommand) {
		if _, err := f.bot.Admin(ctx, Discord, "g", "admin", f.bot.FileSettings(), cmd); err != nil {
			t.Fatal(err)
		}
	}
	admin(AdminCommand{Op: AdminListen, Channel: "support"})
	admin(AdminCommand{Op: AdminSupport, Mention: "<@&helpers>"})
	if r := f.handle(t, passive); r.Silent || r.Entry == nil {
		t.Fatalf("after listen: silent %v %v", r.Silent, r.Reason)
	}
	other := passive
	other.Community = "h"
	if r := f.handle(t, other); r.Reason != ReasonNotWatched {
		t.Errorf("another server listens too: %v", r.Reason)
	}
	vote := f.handle(t, Request{Platform: Discord, Mode: Feedback, Community: "g", EntryID: "openrouter-401-invalid-key", Vote: VoteNotYet, User: "u", Answer: "m1"})
	if vote.Support != "<@&helpers>" {
		t.Errorf("not yet support %q", vote.Support)
	}
	if got := f.bot.Handoff(ctx, Discord, "g", "thread-1"); got != "<@&helpers>" {
		t.Errorf("hand-off %q", got)
	}
	admin(AdminCommand{Op: AdminEagerness, Eagerness: EagerOff})
	f.clock.advance(time.Hour) // past the cooldown
	if r := f.handle(t, passive); r.Reason != ReasonPassiveOff {
		t.Errorf("eagerness off: %v", r.Reason)
	}
}

// TestAdminWithoutStore refuses changes but shows the file's settings.
func TestAdminWithoutStore(t *testing.T) {
	b := New(testutil.DefaultKB(t), Config{PassiveChannels: []string{"c"}})
	if _, err := b.Admin(context.Background(), Slack, "T1", "U1", b.FileSettings(), AdminCommand{Op: AdminListen, Channel: "x"}); err != ErrNoSettingsStore {
		t.Errorf("change without a store: %v", err)
	}
	r, err := b.Admin(context.Background(), Slack, "T1", "U1", b.FileSettings(), AdminCommand{Op: AdminShow})
	if err != nil || !strings.Contains(AdminReply(r, "this workspace"), "<#c>") {
		t.Errorf("show without a store: %+v %v", r, err)
	}
}

// TestSettingsAcrossReplicas: two bots on one PostgreSQL database, each
// with its own cache (an hour's TTL, so only the notification can make
// the change visible): a change through one is seen by the other at once.
func TestSettingsAcrossReplicas(t *testing.T) {
	target := testutil.PostgresSchema(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var bots [2]*Bot
	for i := range bots {
		st, err := store.OpenPostgres(ctx, target, []byte("0123456789abcdef-test-salt"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		bots[i] = New(testutil.DefaultKB(t), Config{}, WithSettings(st), WithSettingsTTL(time.Hour))
		testutil.RunUntilCleanup(t, bots[i].RunSettings, 10*time.Second)
	}
	a, b := bots[0], bots[1]
	// b caches "listens nowhere" before the change.
	if b.Settings(ctx, Slack, "T1", b.FileSettings()).Listens("C1", "") {
		t.Fatal("listening before any change")
	}
	time.Sleep(200 * time.Millisecond) // both watchers are listening by now
	start := time.Now()
	if _, err := a.Admin(ctx, Slack, "T1", "U1", a.FileSettings(), AdminCommand{Op: AdminListen, Channel: "C1"}); err != nil {
		t.Fatal(err)
	}
	for !b.Settings(ctx, Slack, "T1", b.FileSettings()).Listens("C1", "") {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the other replica never saw the change")
		}
		time.Sleep(time.Millisecond)
	}
	t.Logf("the other replica saw the change after %v", time.Since(start))
}
