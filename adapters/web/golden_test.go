package web

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// goldenKey is a fake OpenRouter key made from a hash, so the golden file
// is stable and no key is written in the source.
var goldenKey = testutil.OpenRouterKeyFromSeed("orfix web golden")

// TestAnswerGolden renders the answer fragment of real replies (the bot
// core over the fixture knowledge base) and compares it with
// testdata/golden/*.html. Run with -update to rewrite them after a
// deliberate change, and read the diff.
func TestAnswerGolden(t *testing.T) {
	kb := fixtureKB(t)
	tests := []struct {
		name  string
		level bot.Level
		cfg   bot.Config
		req   bot.Request
	}{
		{"high-detected-tool-secret", bot.High, bot.Config{}, bot.Request{Text: `litellm.APIError: OpenrouterException - {"error":{"message":"fixture balance cannot pay for this request","code":402}}` + "\nOPENROUTER_API_KEY=" + goldenKey}},
		{"high-chosen-tool", bot.High, bot.Config{}, bot.Request{Text: `OpenRouter API error: 429 {"error":{"message":"fixture rate limit reached","code":429}}`, Tool: "aider"}},
		{"middling", bot.Middling, bot.Config{}, bot.Request{Text: "fixture rate limit reached or credits exhausted"}},
		{"low-closest", bot.Low, bot.Config{}, bot.Request{Text: "request failed with an error rate limit"}},
		{"low-nothing-close", bot.Low, bot.Config{}, bot.Request{Text: "the printer is out of toner"}},
		{"cut-paste-note", bot.Middling, bot.Config{MaxPaste: 2048}, bot.Request{Text: "OpenRouter 401 Unauthorized: fixture key not valid " + string(bytes.Repeat([]byte("x "), 2000))}},
	}
	m := newMarkdown()
	p := mustParsePages()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.UserRate = 1000
			b := bot.New(kb, tc.cfg)
			tc.req.Platform, tc.req.Mode, tc.req.User = bot.Web, bot.Explicit, "golden"
			reply, err := b.Handle(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if reply.Level != tc.level {
				t.Fatalf("the bot now gives a %s reply to this paste, the case needs %s: pick another paste", reply.Level, tc.level)
			}
			if strings.Contains(tc.name, "closest") || strings.Contains(tc.name, "alternatives") {
				if len(reply.Alternatives) == 0 {
					t.Fatalf("the bot now gives no alternatives to this paste: pick another paste")
				}
			}
			pinScores(&reply)
			var buf bytes.Buffer
			if err := p.answer.ExecuteTemplate(&buf, "answer", m.answerView(reply)); err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.name+".html"), buf.Bytes())
		})
	}
}

// pinScores replaces the matcher's numbers with fixed ones: the golden
// files test the rendering, and must not change when the matcher is tuned.
func pinScores(r *bot.Reply) {
	if r.Confidence > 0 {
		r.Confidence = 0.5
	}
	for i := range r.Alternatives {
		r.Alternatives[i].Score = 0.3 - 0.05*float64(i)
	}
}
