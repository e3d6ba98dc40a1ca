package slack

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
)

// wireCases are messages as orfix sends them: every entry of testdata/kb
// answered, help, a notice, and the edge shapes of a block list.
func wireCases(t testing.TB) map[string]*slackapi.WebhookMessage {
	core := goldenCore(t)
	r := newRenderer(core.EntryURL, publicURL)
	cases := map[string]*slackapi.WebhookMessage{
		"help":       r.help(true),
		"notice":     r.notice(busyText),
		"no blocks":  {Text: "plain", ResponseType: "in_channel"},
		"empty list": {Text: "empty", Blocks: &slackapi.Blocks{}},
	}
	for _, e := range core.KB().Entries() {
		cases[e.ID] = r.replyMessage(mustReply(t, core, e.ID, ""), "U1")
	}
	return cases
}

// edgeWireCases are shapes orfix does not send, and strings that need
// escaping: the fast encoder must encode them as encoding/json does, or
// leave them to it.
func edgeWireCases() map[string]*slackapi.WebhookMessage {
	yes := true
	text := func(s string) *slackapi.TextBlockObject {
		return slackapi.NewTextBlockObject("mrkdwn", s, false, false)
	}
	return map[string]*slackapi.WebhookMessage{
		"escapes": {Text: "quote \" back \\ nl \n tab \t cr \r nul \x00 esc \x1b <b>&amp;</b> \u2028 \u2029 bad \xff\xfe é 🙂"},
		"every top field": {Username: "u", IconEmoji: ":x:", IconURL: "https://e/x.png", Channel: "C1", ThreadTimestamp: "1.2",
			Parse: "full", ResponseType: "ephemeral", ReplaceOriginal: true, DeleteOriginal: true, ReplyBroadcast: true},
		"unfurl set":  {Text: "t", UnfurlLinks: &yes},
		"attachments": {Text: "t", Attachments: []slackapi.Attachment{{Text: "a"}}},
		"blocks of every fast kind": {Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewHeaderBlock(slackapi.NewTextBlockObject("plain_text", "Head \"line\"", true, false)),
			&slackapi.SectionBlock{Type: slackapi.MBTSection, Text: &slackapi.TextBlockObject{Type: "mrkdwn", Text: "v", Verbatim: true}, BlockID: "b1", Expand: true},
			slackapi.NewSectionBlock(nil, nil, nil),
			slackapi.NewDividerBlock(),
			slackapi.NewContextBlock("ctx", text("one"), text("two")),
			&slackapi.ContextBlock{Type: slackapi.MBTContext},
			slackapi.NewActionBlock("acts",
				slackapi.NewButtonBlockElement("a1", "v1", slackapi.NewTextBlockObject("plain_text", "Yes", false, false)).WithStyle(slackapi.StylePrimary),
				&slackapi.ButtonBlockElement{Text: text("no type"), URL: "https://e/x", AccessibilityLabel: "l"},
				&slackapi.ButtonBlockElement{Type: "button"}),
			&slackapi.ActionBlock{Type: slackapi.MBTAction},
		}}},
		"section with fields": {Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewSectionBlock(text("t"), []*slackapi.TextBlockObject{text("f")}, nil)}}},
		"context with an image": {Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewContextBlock("", slackapi.NewImageBlockElement("https://e/i.png", "alt"))}}},
		"button with a confirm": {Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewActionBlock("", &slackapi.ButtonBlockElement{Type: "button", Text: text("x"),
				Confirm: slackapi.NewConfirmationBlockObject(text("a"), text("b"), text("c"), nil)})}}},
	}
}

// TestOrfixRepliesTakeTheFastPath checks that every reply orfix sends is
// encoded without reflection: a new block kind in the renderer would
// otherwise fall back to encoding/json without anyone noticing.
func TestOrfixRepliesTakeTheFastPath(t *testing.T) {
	for name, msg := range wireCases(t) {
		if name == "empty list" {
			continue // "blocks":null is left to encoding/json on purpose
		}
		if _, ok := appendMessage(nil, msg); !ok {
			t.Errorf("%s: encoded through encoding/json, want the fast path", name)
		}
	}
}

func TestEncodeMessageDecodesAsMarshal(t *testing.T) {
	cases := wireCases(t)
	for name, msg := range edgeWireCases() {
		cases[name] = msg
	}
	for name, msg := range cases {
		want, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := encodeMessage(&b, msg); err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b.Bytes()) || !json.Valid(b.Bytes()) {
			t.Errorf("%s: not valid UTF-8 JSON: %q", name, b.Bytes())
		}
		var got, exp any
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_ = json.Unmarshal(want, &exp)
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("%s:\n got %s\nwant %s", name, b.Bytes(), want)
		}
	}
}

// BenchmarkEncodeMessage compares the wire encoding of a long answer with
// encoding the WebhookMessage itself (the baseline), in one run.
func BenchmarkEncodeMessage(b *testing.B) {
	var msg *slackapi.WebhookMessage
	var size int
	for _, m := range wireCases(b) {
		if n, _ := json.Marshal(m); len(n) > size {
			msg, size = m, len(n)
		}
	}
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("wire", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := encodeMessage(&buf, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestWriteJSONReusesBuffersSafely answers every wire case twice through
// one adapter, so buffers are reused across different answers, and checks
// each body and header.
func TestWriteJSONReusesBuffersSafely(t *testing.T) {
	var a Adapter
	cases := wireCases(t)
	for name, msg := range edgeWireCases() {
		cases[name] = msg
	}
	for round := range 2 {
		for name, msg := range cases {
			var want bytes.Buffer
			if err := encodeMessage(&want, msg); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			a.writeJSON(rec, msg)
			if rec.Body.String() != want.String() {
				t.Errorf("round %d, %s: body %q, want %q", round, name, rec.Body.String(), want.String())
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("round %d, %s: Content-Type %q", round, name, ct)
			}
		}
	}
}
