package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/orfix/orfix/bot"
)

func TestEventsAnswered(t *testing.T) {
	tests := []struct {
		name, fixture string
		channel       string
		threadTS      string // "" for a top-level answer
		entry         string
	}{
		{"app_mention answered in a thread", "event_app_mention.json", "C2147483705", "1700000100.000100", "openrouter-401-invalid-key"},
		{"message in a watched channel", "event_message.json", "C0WATCHED", "1700000200.000200", "openrouter-402-insufficient-credits"},
		{"message inside a thread stays in it", "event_message_thread.json", "C0WATCHED", "1700000250.000250", "openrouter-402-insufficient-credits"},
		{"direct message answered in place", "event_message_im.json", "D0DIRECT", "", "openrouter-401-invalid-key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, Config{})
			w := e.event(tc.fixture)
			if w.Code != http.StatusOK || w.Body.Len() != 0 {
				t.Fatalf("acknowledgement: %d %q", w.Code, w.Body)
			}
			c := e.slack.wait("/api/chat.postMessage", 1)[0]
			f := c.form()
			if f.Get("channel") != tc.channel || f.Get("thread_ts") != tc.threadTS {
				t.Errorf("posted to channel %q thread %q, want %q %q", f.Get("channel"), f.Get("thread_ts"), tc.channel, tc.threadTS)
			}
			blocks := f.Get("blocks")
			for _, s := range []string{publicURL + "/kb/" + tc.entry, `"action_id":"orfix_fixed"`, "Before you paste, remove API keys"} {
				if !strings.Contains(blocks, s) {
					t.Errorf("answer lacks %q: %s", s, blocks)
				}
			}
			if strings.Contains(blocks, "orfix_share") {
				t.Errorf("a public answer offers to share itself: %s", blocks)
			}
			if got := f.Get("token"); got != testBotToken {
				t.Errorf("posted with token %q", got)
			}
			e.settle()
			if n := len(e.slack.all()); n != 1 {
				t.Errorf("%d calls to Slack, want 1: %v", n, e.slack.paths())
			}
		})
	}
}

func TestEventsIgnored(t *testing.T) {
	tests := []struct{ name, fixture string }{
		{"message in a channel not watched", "event_message_unwatched.json"},
		{"chatter in a watched channel", "event_message_chatter.json"},
		{"bot_message subtype", "event_bot_message.json"},
		{"the bot's own message", "event_own_message.json"},
		{"an edit", "event_message_changed.json"},
		{"a message that mentions the bot (app_mention answers it)", "event_message_mention.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, Config{})
			if w := e.event(tc.fixture); w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			e.settle()
			if calls := e.slack.all(); len(calls) != 0 {
				t.Errorf("answered: %v", e.slack.paths())
			}
		})
	}
}

func TestEventRetryAnsweredOnce(t *testing.T) {
	e := newEnv(t, nil, Config{})
	for i, retry := range []string{"", "1", "2"} {
		var h []string
		if retry != "" {
			h = []string{"X-Slack-Retry-Num", retry, "X-Slack-Retry-Reason", "http_timeout"}
		}
		if w := e.event("event_app_mention.json", h...); w.Code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", i, w.Code)
		}
	}
	e.settle()
	if n := len(e.slack.callsTo("/api/chat.postMessage")); n != 1 {
		t.Fatalf("%d answers to one event delivered three times, want 1", n)
	}
	// A different event is still answered.
	e.event("event_message.json")
	e.slack.wait("/api/chat.postMessage", 2)
}

func TestFileShareReadsSnippet(t *testing.T) {
	e := newEnv(t, nil, Config{})
	e.slack.files["/files/T0001-F0SNIPPET1/download/error.txt"] = "Traceback (most recent call last):\n" +
		strings.Repeat("  File \"agent.py\", line 3, in run\n", 40) +
		`openai.APIStatusError: Error code: 402 - {'error': {'message': 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', 'code': 402}}`
	e.event("event_file_share.json")
	c := e.slack.wait("/api/chat.postMessage", 1)[0]
	if !strings.Contains(c.form().Get("blocks"), "/kb/openrouter-402-insufficient-credits") {
		t.Errorf("the snippet was not matched: %s", c.form().Get("blocks"))
	}
	if c.form().Get("thread_ts") != "1700001200.001200" {
		t.Errorf("thread_ts %q", c.form().Get("thread_ts"))
	}
	downloads := e.slack.callsTo("/files/")
	if len(downloads) != 1 || !strings.Contains(downloads[0].Path, "F0SNIPPET1") {
		t.Fatalf("downloads: %v (the image must not be fetched)", e.slack.paths())
	}
	if got := downloads[0].Header.Get("Authorization"); got != "Bearer "+testBotToken {
		t.Errorf("file fetched with Authorization %q", got)
	}
}

func TestFileShareLimitAndFailure(t *testing.T) {
	core := newBot(t, bot.Config{MaxAttachment: 64})
	e := newEnv(t, core, Config{})
	e.slack.files["/files/T0001-F0SNIPPET1/download/error.txt"] =
		`{"error":{"message":"Insufficient credits. Add more","code":402}}` + strings.Repeat(" padding", 100)
	atts, notes := e.a.fetchFiles(context.Background(), fileShareFiles(t, e))
	if len(atts) != 1 || !atts[0].Truncated || len(atts[0].Text) != 64 || len(notes) != 0 {
		t.Fatalf("attachments %+v notes %v: want one cut at 64 bytes", atts, notes)
	}
	delete(e.slack.files, "/files/T0001-F0SNIPPET1/download/error.txt")
	atts, notes = e.a.fetchFiles(context.Background(), fileShareFiles(t, e))
	if len(atts) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "error.txt") {
		t.Fatalf("a missing file: attachments %+v notes %v", atts, notes)
	}
}

func TestFileFromForeignHostNotFetched(t *testing.T) {
	e := newEnv(t, nil, Config{})
	files := fileShareFiles(t, e)
	files[0].URLPrivateDownload = "https://evil.example.net/steal"
	_, notes := e.a.fetchFiles(context.Background(), files)
	if len(notes) != 1 {
		t.Fatalf("notes %v", notes)
	}
	if n := len(e.slack.callsTo("/files/")); n != 0 {
		t.Errorf("fetched %d files", n)
	}
}

// panicCore panics in Handle for one text, to test per-event recovery.
type panicCore struct{ Core }

func (p panicCore) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	if strings.Contains(req.Text, "User not found") {
		panic("boom")
	}
	return p.Core.Handle(ctx, req)
}

func TestOneBadEventDoesNotStopTheRest(t *testing.T) {
	e := newEnv(t, panicCore{newBot(t, bot.Config{})}, Config{})
	// A malformed body, an event whose inner part is broken, an event that
	// makes the handler panic; then a good one.
	for _, body := range []string{
		`{"type":"event_callback","event_id":"Ev0BAD1","event":`,
		`{"type":"event_callback","event_id":"Ev0BAD2","event":{"type":"message","ts":12,"files":"no"}}`,
		`{"type":"event_callback","event_id":"Ev0BAD3"}`,
		`{"type":"something_new"}`,
	} {
		if w := e.post("/slack/events", jsonType, []byte(body)); w.Code != http.StatusOK {
			t.Errorf("%s: status %d, want 200 (never retried)", body, w.Code)
		}
	}
	if w := e.event("event_app_mention.json"); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	e.settle()
	if !strings.Contains(e.logs.String(), "panic") {
		t.Errorf("the panic was not logged")
	}
	if w := e.event("event_message.json"); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	c := e.slack.wait("/api/chat.postMessage", 1)
	if !strings.Contains(c[0].form().Get("blocks"), "openrouter-402-insufficient-credits") {
		t.Errorf("the good event was not answered")
	}
}

func TestEventsBusy(t *testing.T) {
	e := newEnv(t, slowCore{Core: newBot(t, bot.Config{}), delay: 0}, Config{})
	// Fill every slot, then deliver: Slack is told to retry (503) and the
	// retry is not taken for a duplicate.
	for range cap(e.a.slots) {
		e.a.slots <- struct{}{}
	}
	if w := e.event("event_app_mention.json"); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("busy: status %d, want 503", w.Code)
	}
	for range cap(e.a.slots) {
		<-e.a.slots
	}
	if w := e.event("event_app_mention.json", "X-Slack-Retry-Num", "1"); w.Code != http.StatusOK {
		t.Fatalf("retry: status %d", w.Code)
	}
	e.slack.wait("/api/chat.postMessage", 1)
}

func TestEventsWithoutBotToken(t *testing.T) {
	e := newEnv(t, nil, Config{BotToken: "-"})
	if w := e.event("event_app_mention.json"); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	e.settle()
	if n := len(e.slack.all()); n != 0 {
		t.Errorf("%d calls without a token", n)
	}
}

// fileShareFiles parses the files of the file_share fixture.
func fileShareFiles(t testing.TB, e *env) []slackapi.File {
	t.Helper()
	ev, err := slackevents.ParseEvent(json.RawMessage(e.fixture("event_file_share.json")), slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	msg, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent)
	if !ok {
		t.Fatalf("inner event %T", ev.InnerEvent.Data)
	}
	return messageFiles(msg)
}
