package slack

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

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

func TestEncodeMessageDecodesAsMarshal(t *testing.T) {
	for name, msg := range wireCases(t) {
		want, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := encodeMessage(&b, msg); err != nil {
			t.Fatal(err)
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
