package slack

import (
	"bytes"
	"context"
	"testing"

	"github.com/orfix/orfix/bot"
)

// BenchmarkReplyMessage is the Block Kit side of a /orfix answer: the
// reply rendered to blocks and encoded as the HTTP response's JSON.
func BenchmarkReplyMessage(b *testing.B) {
	core := newBot(b, bot.Config{UserRate: 1 << 30})
	rep, err := core.Handle(context.Background(), bot.Request{Platform: bot.Slack, Mode: bot.Explicit, User: "U1", Channel: "C1",
		Text: `API Error: 402 {"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 65536 tokens, but can only afford 10114.","code":402}}`})
	if err != nil || rep.Entry == nil {
		b.Fatalf("no entry: %v", err)
	}
	r := newRenderer(core.EntryURL, publicURL)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := encodeMessage(&buf, r.replyMessage(rep, "U1")); err != nil {
			b.Fatal(err)
		}
	}
}
