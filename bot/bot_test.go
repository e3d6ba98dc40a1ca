package bot

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/testutil"
)

const (
	userNotFound = `Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}`
	chatter      = "thanks, that fixed it!"
)

// fakeKey returns a valid-shaped OpenRouter key that is not a real one.
func fakeKey() string { return "sk-or-v1-" + strings.Repeat("0123456789abcdef", 4) }

type fixture struct {
	bot       *Bot
	clock     *fakeClock
	logs      *bytes.Buffer
	store     *store.SQLite
	storePath string
}

func newFixture(tb testing.TB, cfg Config) *fixture {
	tb.Helper()
	clk := newFakeClock()
	logs := &bytes.Buffer{}
	path := filepath.Join(tb.TempDir(), "orfix.db")
	st, err := store.OpenSQLite(context.Background(), path, []byte("0123456789abcdef-test-salt"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b := New(testutil.DefaultKB(tb), cfg, WithClock(clk.now), WithLogger(log), WithStore(st))
	return &fixture{bot: b, clock: clk, logs: logs, store: st, storePath: path}
}

func (f *fixture) handle(tb testing.TB, req Request) Reply {
	tb.Helper()
	if req.Platform == "" {
		req.Platform = Discord
	}
	if req.Channel == "" {
		req.Channel = "chan-1"
	}
	if req.User == "" {
		req.User = "user-1"
	}
	r, err := f.bot.Handle(context.Background(), req)
	if err != nil {
		tb.Fatalf("Handle: %v", err)
	}
	return r
}

func TestHandleExplicit(t *testing.T) {
	f := newFixture(t, Config{})
	tests := []struct {
		name      string
		req       Request
		level     Level
		entry     string
		tool      string
		wantNotes int
	}{
		{"confident", Request{Mode: Explicit, Text: userNotFound}, High, "openrouter-401-invalid-key", "openai-sdk", 0},
		{"tool given", Request{Mode: Explicit, Text: userNotFound, Tool: "cline"}, High, "openrouter-401-invalid-key", "cline", 0},
		{"typed query", Request{Mode: Explicit, Text: "insuficient credits"}, Middling, "openrouter-402-insufficient-credits", "", 0},
		{"not an error", Request{Mode: Explicit, Text: chatter}, Low, "", "", 0},
		{"attachment", Request{Mode: Explicit, Text: "see the log", Attachments: []Attachment{{Name: "message.txt", Text: "429 Rate limit exceeded: free-models-per-day"}}}, High, "openrouter-429-free-limit", "", 0},
		{"cut attachment", Request{Mode: Explicit, Attachments: []Attachment{{Name: "message.txt", Text: "No endpoints found that support tool use", Truncated: true}}}, High, "openrouter-404-tool-use", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.handle(t, tc.req)
			if r.Silent {
				t.Fatalf("explicit request got silence (%s)", r.Reason)
			}
			if r.Level != tc.level && !(tc.level == Middling && r.Level == High) {
				// A typed query may read as sure (high) or probable
				// (middling) as the fitted model moves; never as low.
				t.Errorf("level %s (%.2f), want %s", r.Level, r.Confidence, tc.level)
			}
			got := ""
			if r.Entry != nil {
				got = r.Entry.ID
				if r.Link.URL != DefaultPublicURL+"/kb/"+got || r.QuickFixes == "" || r.Meaning == "" {
					t.Errorf("incomplete reply: link %q, quick fixes %d bytes, meaning %d bytes", r.Link.URL, len(r.QuickFixes), len(r.Meaning))
				}
			}
			if got != tc.entry {
				t.Errorf("entry %q, want %q", got, tc.entry)
			}
			if r.Tool != tc.tool {
				t.Errorf("tool %q, want %q", r.Tool, tc.tool)
			}
			if tc.tool != "" && tc.entry != "" && r.ToolChecks == "" {
				t.Errorf("no checks for tool %s", tc.tool)
			}
			if len(r.Notes) != tc.wantNotes {
				t.Errorf("notes %q, want %d", r.Notes, tc.wantNotes)
			}
			if r.Level == Low && len(r.Alternatives) == 0 && tc.req.Text != chatter {
				t.Errorf("low reply without the closest entries")
			}
		})
	}
}

func TestHandlePassive(t *testing.T) {
	f := newFixture(t, Config{PassiveChannels: []string{"watched"}, Cooldown: 10 * time.Minute})
	passive := func(channel, user, text string) Reply {
		return f.handle(t, Request{Mode: Passive, Channel: channel, User: user, Text: text})
	}
	if r := passive("elsewhere", "u1", userNotFound); !r.Silent || r.Reason != "channel-not-watched" {
		t.Errorf("unwatched channel: %+v", r.Reason)
	}
	if r := passive("watched", "u1", chatter); !r.Silent || r.Reason != "below-passive-threshold" {
		t.Errorf("chatter answered passively: silent %v reason %q", r.Silent, r.Reason)
	}
	if r := passive("watched", "u1", userNotFound); r.Silent || r.Entry == nil {
		t.Fatalf("error not answered passively: %q", r.Reason)
	}
	if r := passive("watched", "u1", userNotFound); !r.Silent || r.Reason != "cooldown" {
		t.Errorf("same error again within the cooldown: silent %v reason %q", r.Silent, r.Reason)
	}
	if r := passive("watched", "u2", userNotFound); r.Silent {
		t.Errorf("another user was held by the first user's cooldown: %q", r.Reason)
	}
	f.clock.advance(11 * time.Minute)
	if r := passive("watched", "u1", userNotFound); r.Silent {
		t.Errorf("answer still held after the cooldown: %q", r.Reason)
	}
	if r := f.handle(t, Request{Mode: Passive, Channel: "watched", FromBot: true, Text: userNotFound}); !r.Silent || r.Reason != "from-bot" {
		t.Errorf("a bot's message was answered")
	}
}

func TestHandleRateLimit(t *testing.T) {
	f := newFixture(t, Config{UserRate: 2, UserRateWindow: time.Minute})
	for range 5 {
		if r := f.handle(t, Request{Platform: Web, Mode: Explicit, Text: userNotFound}); r.Silent {
			t.Fatalf("web request limited by the chat user rate")
		}
	}
	for i := range 2 {
		if r := f.handle(t, Request{Mode: Explicit, Text: userNotFound}); r.Silent {
			t.Fatalf("request %d limited", i+1)
		}
	}
	if r := f.handle(t, Request{Mode: Explicit, Text: userNotFound}); !r.Silent || r.Reason != "rate-limited" {
		t.Errorf("third request in a minute: silent %v reason %q", r.Silent, r.Reason)
	}
	f.clock.advance(time.Minute + time.Second)
	if r := f.handle(t, Request{Mode: Explicit, Text: userNotFound}); r.Silent {
		t.Errorf("still limited after the window")
	}
}

func TestHandleCutsLongPaste(t *testing.T) {
	f := newFixture(t, Config{MaxPaste: 1 << 10})
	text := userNotFound + "\n" + strings.Repeat("noise line of a long log\n", 200)
	r := f.handle(t, Request{Mode: Explicit, Text: text})
	if len(r.Redacted) > 1<<10 {
		t.Errorf("redacted paste is %d bytes, over the limit", len(r.Redacted))
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "only the first part was read") {
		t.Errorf("no visible note about the cut: %q", r.Notes)
	}
	if r.Entry == nil || r.Entry.ID != "openrouter-401-invalid-key" {
		t.Errorf("cut paste not matched: %+v", r.Entry)
	}
}

func TestHandleBadInput(t *testing.T) {
	f := newFixture(t, Config{})
	for _, text := range []string{"\xff\xfe\xfd", "\x00\x01\x02binary", "", "   \n\t"} {
		r := f.handle(t, Request{Mode: Explicit, Text: text})
		if r.Entry != nil {
			t.Errorf("%q matched %s", text, r.Entry.ID)
		}
	}
}

func TestAutocomplete(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.handle(t, Request{Mode: Autocomplete, Text: ""})
	if len(r.Suggestions) == 0 || r.Suggestions[0].ID != DefaultPopular[0] {
		t.Errorf("empty autocomplete: %+v", r.Suggestions)
	}
	r = f.handle(t, Request{Mode: Autocomplete, Text: "free-models"})
	if len(r.Suggestions) == 0 || r.Suggestions[0].ID != "openrouter-429-free-limit" {
		t.Errorf("autocomplete free-models: %+v", r.Suggestions)
	}
	r = f.handle(t, Request{Mode: Autocomplete, Text: "my key " + fakeKey()})
	for _, s := range r.Suggestions {
		if strings.Contains(s.Name, "0123456789abcdef") {
			t.Errorf("suggestion repeats the key: %q", s.Name)
		}
	}
}

func TestFeedback(t *testing.T) {
	f := newFixture(t, Config{Support: "<@&123>"})
	r := f.handle(t, Request{Mode: Feedback, EntryID: "openrouter-401-invalid-key", Vote: VoteFixed})
	if r.Acknowledged == "" {
		t.Errorf("fixed vote not acknowledged")
	}
	r = f.handle(t, Request{Mode: Feedback, EntryID: "openrouter-401-invalid-key", Vote: VoteNotYet, Answer: "another-answer", Shown: []string{"openrouter-401-missing-key"}})
	if len(r.Alternatives) == 0 || r.Support != "<@&123>" {
		t.Errorf("not-yet: alternatives %v support %q", r.Alternatives, r.Support)
	}
	for _, a := range r.Alternatives {
		if a.ID == "openrouter-401-missing-key" || a.ID == "openrouter-401-invalid-key" {
			t.Errorf("not-yet offered an entry already shown: %s", a.ID)
		}
	}
	if _, err := f.bot.Handle(context.Background(), Request{Mode: Feedback, EntryID: "openrouter-401-invalid-key", Vote: "meh"}); err == nil {
		t.Errorf("unknown vote accepted")
	}
	st, err := f.store.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Entries) != 1 || st.Entries[0].Fixed != 1 || st.Entries[0].NotYet != 1 {
		t.Errorf("votes not stored: %+v", st.Entries)
	}
}

func TestStoreRecords(t *testing.T) {
	f := newFixture(t, Config{})
	f.handle(t, Request{Mode: Explicit, Text: userNotFound})
	f.handle(t, Request{Mode: Explicit, Text: "my printer is on fire " + fakeKey()})
	st, err := f.store.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Answers != 1 || st.Unmatched != 1 {
		t.Fatalf("answers %d unmatched %d, want 1 and 1", st.Answers, st.Unmatched)
	}
	if got := st.TopUnmatched[0].Text; strings.Contains(got, "0123456789abcdef") || !strings.Contains(got, "printer") {
		t.Errorf("unmatched text stored as %q", got)
	}
}

// TestStoreRecordsTool checks that an answer is stored with the tool the
// asker named, else the one read in the paste, else none, and with its
// server, hashed.
func TestStoreRecordsTool(t *testing.T) {
	f := newFixture(t, Config{})
	f.handle(t, Request{Mode: Explicit, Text: userNotFound, Tool: "aider", Community: "guild-9"})
	f.handle(t, Request{Mode: Explicit, Text: "litellm.AuthenticationError: OpenrouterException - " + userNotFound})
	f.handle(t, Request{Mode: Explicit, Text: `{"error":{"message":"User not found.","code":401}}`})
	d, err := f.store.Dashboard(context.Background(), f.clock.now().Add(-time.Hour), f.clock.now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []store.ToolCount{{Tool: "", Answers: 1}, {Tool: "aider", Answers: 1}, {Tool: "litellm", Answers: 1}}
	if !slices.Equal(d.Tools, want) {
		t.Errorf("tools = %+v, want %+v", d.Tools, want)
	}
	// The server is kept, as a keyed hash.
	if len(d.Communities) != 2 || d.Communities[0].Answers != 2 || d.Communities[0].Community != "" ||
		len(d.Communities[1].Community) != 32 || strings.Contains(d.Communities[1].Community, "guild") {
		t.Errorf("communities = %+v, want 2 without a server and 1 in a hashed one", d.Communities)
	}
}

func TestHandleRecoversFromPanics(t *testing.T) {
	f := newFixture(t, Config{})
	f.bot.SetKB(nil) // a broken state: Match on a nil knowledge base panics
	r, err := f.bot.Handle(context.Background(), Request{Platform: Slack, Mode: Explicit, Text: userNotFound})
	if err == nil || !r.Silent {
		t.Errorf("panic not turned into an error: %v %+v", err, r)
	}
	f.bot.SetKB(testutil.DefaultKB(t))
	if r := f.handle(t, Request{Mode: Explicit, Text: userNotFound}); r.Entry == nil {
		t.Errorf("bot did not recover for the next request")
	}
}

func TestReplyFor(t *testing.T) {
	f := newFixture(t, Config{})
	r, ok := f.bot.ReplyFor("openrouter-429-free-limit", "aider")
	if !ok || r.Entry == nil || r.Entry.ID != "openrouter-429-free-limit" || r.Level != High {
		t.Fatalf("ReplyFor: %v %+v", ok, r.Entry)
	}
	if r.QuickFixes == "" || r.ToolChecks == "" || len(r.Related) == 0 || r.Link.URL == "" {
		t.Errorf("incomplete reply: fixes %d, checks %d, related %d, link %q", len(r.QuickFixes), len(r.ToolChecks), len(r.Related), r.Link.URL)
	}
	if _, ok := f.bot.ReplyFor("nope", ""); ok {
		t.Errorf("unknown id answered")
	}
}
