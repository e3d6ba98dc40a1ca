package bot

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	promtest "github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/orfix/orfix/internal/testutil"
)

func TestRenderTextGolden(t *testing.T) {
	f := newFixture(t, Config{PublicURL: "https://orfix.example.com"})
	tests := []struct {
		name, file string
		req        Request
		action     string
		level      Level
	}{
		{"high", "high.txt", Request{Mode: Explicit, Tool: "cline", Text: "Cline: 429 Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day"}, "", High},
		{"middling", "middling.txt", Request{Mode: Explicit, Text: "openrouter model not available"}, "", Middling},
		{"low", "low.txt", Request{Mode: Explicit, Text: "my printer is on fire"}, "", Low},
		{"leaked key", "leaked-key.txt", Request{Mode: Explicit, Text: "curl https://openrouter.ai/api/v1/chat/completions -H \"Authorization: Bearer " + fakeKey() + "\"\n{\"error\":{\"message\":\"No auth credentials found\",\"code\":401}}"}, "I deleted your message.", High},
		{"not yet", "not-yet.txt", Request{Mode: Feedback, EntryID: "openrouter-404-tool-use", Vote: VoteNotYet}, "", High},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := f.handle(t, tc.req)
			if r.Level != tc.level {
				t.Errorf("level %s (%.2f), want %s", r.Level, r.Confidence, tc.level)
			}
			out := RenderText(r, tc.action)
			if paste := tc.req.Mode != Feedback; strings.Contains(out, RedactReminder) != paste {
				t.Errorf("redact reminder shown %v, want it under answers to pastes only", !paste)
			}
			if strings.Contains(out, "/orfix <") || strings.Contains(out, "confidence") {
				t.Errorf("terminal text uses chat wording or a raw score:\n%s", out)
			}
			if r.Entry != nil && !strings.Contains(out, "https://orfix.example.com/kb/"+r.Entry.ID) {
				t.Errorf("reply lacks its own entry's link")
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.file), []byte(out))
		})
	}
}

// A planted key must not reach the reply, the logs, the store or the metrics.
func TestSecretNeverLeaks(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	reg := prometheus.NewRegistry()
	f := newFixture(t, Config{PassiveChannels: []string{"*"}})
	f.bot.metrics = NewMetrics(reg)
	shapes := []string{
		`{"error":{"message":"User not found.","code":401}} with OPENROUTER_API_KEY=` + key,
		`curl -H "Authorization: Bearer ` + key + `" https://openrouter.ai/api/v1/key`,
		"```\nexport OPENROUTER_API_KEY=\"" + key + "\"\n```",
		"my printer is on fire (" + key + ").",
		// Obfuscations people paste without meaning to (terminal colours,
		// zero-width and soft-hyphen characters, escaped dashes, a prefix
		// wrapped onto the next line, Slack link syntax).
		"\x1b[32m" + key + "\x1b[0m 401 User not found.",
		key[:12] + "\u200b" + key[12:] + " gets 401",
		key[:20] + "\u00ad" + key[20:] + " gets 401",
		`{"key": "sk\u002dor\u002dv1\u002d` + key[len("sk-or-v1-"):] + `"} 401 User not found.`,
		"export OPENROUTER_API_KEY=sk-or-\nv1-" + key[len("sk-or-v1-"):] + "\n401 User not found.",
		"<https://openrouter.ai/settings/keys|" + key + "> returns 401",
	}
	var outputs []string
	for i, text := range shapes {
		for _, mode := range []Mode{Explicit, Passive, Autocomplete} {
			r := f.handle(t, Request{Mode: mode, Text: text, User: "u" + string(rune('a'+i))})
			if len(r.Secrets) == 0 {
				t.Errorf("%s %q: no secret found", mode, text)
			}
			outputs = append(outputs, RenderText(r, ""), r.Redacted)
			for _, s := range r.Suggestions {
				outputs = append(outputs, s.Name)
			}
		}
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(filepath.Join(filepath.Dir(f.storePath), filepath.Base(f.storePath)))
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := promtest.GatherAndCount(reg)
	if err != nil || metrics == 0 {
		t.Fatalf("metrics: %d series, %v", metrics, err)
	}
	var mf bytes.Buffer
	families, _ := reg.Gather()
	for _, fam := range families {
		mf.WriteString(fam.String())
	}
	places := map[string]string{"replies": strings.Join(outputs, "\n"), "logs": f.logs.String(), "store": string(db), "metrics": mf.String()}
	for where, text := range places {
		testutil.AssertNoSecret(t, where, text, key)
	}
	if !strings.Contains(mf.String(), "openrouter") {
		t.Errorf("secrets_found_total does not count the kind")
	}
}
