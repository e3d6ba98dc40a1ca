package bot

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"
)

// TestHandledLogLine checks the one line the core logs per request: its
// fields, their JSON types and values, and that no paste text is in it.
func TestHandledLogLine(t *testing.T) {
	cases := []struct {
		name   string
		req    Request
		silent bool
		reason string
	}{
		{"explicit answer", Request{Platform: Slack, Mode: Explicit,
			Text: `{"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits","code":402}}`}, false, ""},
		{"passive chatter", Request{Platform: Discord, Mode: Passive, Channel: "watched",
			Text: "thanks, that fixed it!"}, true, string(ReasonBelowPassive)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, Config{PassiveChannels: []string{"watched"}})
			rep := f.handle(t, c.req)
			var line map[string]any
			sc := bufio.NewScanner(strings.NewReader(f.logs.String()))
			for sc.Scan() {
				var m map[string]any
				if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "handled" {
					line = m
				}
			}
			if line == nil {
				t.Fatalf("no handled line in %s", f.logs.String())
			}
			entry := ""
			if rep.Entry != nil {
				entry = rep.Entry.ID
			}
			want := map[string]any{
				"platform": string(c.req.Platform), "mode": string(c.req.Mode), "entry": entry,
				"confidence": rep.Confidence, "level": string(rep.Level), "silent": c.silent,
				"reason": c.reason, "secrets": float64(0),
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s = %#v, want %#v", k, line[k], v)
				}
			}
			if took, ok := line["took"].(float64); !ok || took < 0 {
				t.Errorf("took = %#v, want nanoseconds", line["took"])
			}
			if strings.Contains(f.logs.String(), "Insufficient credits") || strings.Contains(f.logs.String(), "thanks, that") {
				t.Error("the log holds paste text")
			}
		})
	}
}
