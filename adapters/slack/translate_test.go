package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/orfix/orfix/bot"
)

// readFixture reads testdata/name with {{server}} set to a dummy host.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.ReplaceAll(string(b), "{{server}}", "https://hooks.slack.com"))
}

// innerEvent parses an Events API fixture with slack-go and returns its inner event.
func innerEvent(t testing.TB, name string) any {
	t.Helper()
	ev, err := slackevents.ParseEvent(json.RawMessage(readFixture(t, name)), slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ev.InnerEvent.Data
}

const e401 = `API Error: 401 {"error":{"message":"User not found.","code":401}}`
const e402 = `{"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits","code":402}}`

func TestMessageRequest(t *testing.T) {
	tests := []struct {
		fixture string
		ok      bool
		req     bot.Request
		target  target
		thread  string
	}{
		{"event_message.json", true,
			bot.Request{Platform: bot.Slack, Mode: bot.Passive, Channel: "C0WATCHED", User: "U2147483697", Text: "anyone seen this? " + e402},
			target{Channel: "C0WATCHED", User: "U2147483697", TS: "1700000200.000200"}, "1700000200.000200"},
		{"event_message_thread.json", true,
			bot.Request{Platform: bot.Slack, Mode: bot.Passive, Channel: "C0WATCHED", User: "U2147483697", Text: e402},
			target{Channel: "C0WATCHED", User: "U2147483697", TS: "1700000300.000300", ThreadTS: "1700000250.000250"}, "1700000250.000250"},
		{"event_message_im.json", true,
			bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Channel: "D0DIRECT", User: "U2147483697", Text: e401},
			target{Channel: "D0DIRECT", User: "U2147483697", TS: "1700001100.001100", IM: true}, ""},
		{"event_file_share.json", true,
			bot.Request{Platform: bot.Slack, Mode: bot.Passive, Channel: "C0WATCHED", User: "U2147483697", Text: "here is the log"},
			target{Channel: "C0WATCHED", User: "U2147483697", TS: "1700001200.001200"}, "1700001200.001200"},
		{"event_bot_message.json", false, bot.Request{}, target{}, ""},
		{"event_own_message.json", false, bot.Request{}, target{}, ""},
		{"event_message_changed.json", false, bot.Request{}, target{}, ""},
		{"event_message_mention.json", false, bot.Request{}, target{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			e, ok := innerEvent(t, tc.fixture).(*slackevents.MessageEvent)
			if !ok {
				t.Fatalf("not a message event")
			}
			req, tg, ok := messageRequest(e, botUser)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !reflect.DeepEqual(req, tc.req) {
				t.Errorf("request\n got %+v\nwant %+v", req, tc.req)
			}
			if tg != tc.target || tg.thread() != tc.thread {
				t.Errorf("target %+v (thread %q), want %+v (thread %q)", tg, tg.thread(), tc.target, tc.thread)
			}
		})
	}
}

func TestMentionRequest(t *testing.T) {
	e, ok := innerEvent(t, "event_app_mention.json").(*slackevents.AppMentionEvent)
	if !ok {
		t.Fatal("not an app_mention")
	}
	req, tg, ok := mentionRequest(e, botUser)
	want := bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Channel: "C2147483705", User: "U2147483697", Text: "I get " + e401}
	if !ok || !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v %v, want %+v", req, ok, want)
	}
	if tg.thread() != "1700000100.000100" {
		t.Errorf("thread %q", tg.thread())
	}
	bySelf := *e
	bySelf.User = botUser
	byBot := *e
	byBot.BotID = "B0OTHER"
	for _, ev := range []*slackevents.AppMentionEvent{&bySelf, &byBot} {
		if _, _, ok := mentionRequest(ev, botUser); ok {
			t.Errorf("a mention by a bot is answered: %+v", ev)
		}
	}
}

func TestCommandRequest(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(string(readFixture(t, "command_paste.form"))))
	r.Header.Set("Content-Type", formType)
	cmd, err := slackapi.SlashCommandParse(r)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Community: "T0001", Channel: "C2147483705", User: "U2147483697", Text: e401}
	if got := commandRequest(cmd); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestInteractionRequests(t *testing.T) {
	parse := func(name string) slackapi.InteractionCallback {
		var ic slackapi.InteractionCallback
		if err := json.Unmarshal(readFixture(t, name), &ic); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return ic
	}
	ic := parse("block_actions_not_yet.json")
	req, ok := actionRequest(ic, ic.ActionCallback.BlockActions[0])
	want := bot.Request{Platform: bot.Slack, Mode: bot.Feedback, Community: "T0001", Channel: "C2147483705", User: "U2147483697",
		EntryID: "openrouter-401-invalid-key", Vote: bot.VoteNotYet, Shown: []string{"openrouter-401-missing-key"},
		Answer: "C2147483705/1700000100.000150"}
	if !ok || !reflect.DeepEqual(req, want) {
		t.Errorf("not yet: got %+v %v, want %+v", req, ok, want)
	}
	share := parse("block_actions_share.json")
	if _, ok := actionRequest(share, share.ActionCallback.BlockActions[0]); ok {
		t.Errorf("share is not a vote")
	}

	sub := parse("view_submission.json")
	req, meta, ok := modalRequest(sub)
	if !ok || req.Mode != bot.Explicit || req.User != "U2147483697" || req.Channel != "C2147483705" ||
		!strings.Contains(req.Text, "Error code: 402") || meta.ResponseURL != "https://hooks.slack.com/response/commands/T0001/1234/modal" {
		t.Errorf("modal: %+v %+v %v", req, meta, ok)
	}
	sub.View.CallbackID = "someone_elses_modal"
	if _, _, ok := modalRequest(sub); ok {
		t.Errorf("a foreign modal was taken")
	}
}

func TestSlackText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"see <https://openrouter.ai/settings/credits>", "see https://openrouter.ai/settings/credits"},
		{"<http://openrouter.ai|openrouter.ai> said", "openrouter.ai said"},
		{"hi <@U123>", "hi @U123"},
		{"hi <@U123|bob>", "hi @bob"},
		{"in <#C123|general>", "in #general"},
		{"<!here> help", "@here help"},
		{"<!subteam^S123|@devs>", "@devs"},
		{"a &lt;b&gt; &amp;&amp; c", "a <b> && c"},
		{"&amp;lt; stays", "&lt; stays"},
		{"unclosed < bracket", "unclosed < bracket"},
		{"<mailto:a@b.c|a@b.c>", "a@b.c"},
	}
	for _, tc := range tests {
		if got := slackText(tc.in); got != tc.want {
			t.Errorf("slackText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTextFiles(t *testing.T) {
	f := func(name, mime, typ, mode string) slackapi.File {
		return slackapi.File{Name: name, Mimetype: mime, Filetype: typ, Mode: mode, URLPrivate: "https://files.slack.com/" + name}
	}
	files := []slackapi.File{
		f("a.png", "image/png", "png", "hosted"),
		f("snippet", "text/plain", "text", "snippet"),
		f("trace.py", "text/x-python", "python", "hosted"),
		f("data.json", "application/json", "json", "hosted"),
		f("doc.pdf", "application/pdf", "pdf", "hosted"),
		f("more.log", "text/plain", "text", "hosted"),
		{Name: "no-url.txt", Mimetype: "text/plain", Filetype: "text"},
	}
	var names []string
	for _, x := range textFiles(files) {
		names = append(names, x.Name)
	}
	if want := []string{"snippet", "trace.py", "data.json"}; !reflect.DeepEqual(names, want) {
		t.Errorf("got %v, want %v (text files only, at most %d)", names, want, maxFiles)
	}
}

func TestIsHelp(t *testing.T) {
	for in, want := range map[string]bool{"help": true, " HELP ": true, "--help": true, "help me with 401": false, "": false} {
		if got := isHelp(in); got != want {
			t.Errorf("isHelp(%q) = %v", in, got)
		}
	}
}
