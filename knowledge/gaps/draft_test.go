package gaps

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/knowledge"
)

// TestDraftIsAnEntryButForItsTODOs parses each draft with the
// knowledge-base parser: the only problems may be the TODO markers a
// person has to replace.
func TestDraftIsAnEntryButForItsTODOs(t *testing.T) {
	today := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		pastes []Paste
		wantID string
		status []int
	}{
		{"json 429", []Paste{
			{Text: `OpenrouterException - {"error":{"message":"Quota exceeded for model gpt-4o, retry in 31s","code":429}}`, Count: 3},
			{Text: "OpenrouterException - {\"error\":{\"message\":\"Quota exceeded for model o3, retry in 2s\",\n\"code\":429}}", Count: 1},
		}, "openrouter-429-quota-exceeded-for-model", []int{429}},
		{"no status, signature syntax", []Paste{{Text: "[~weird] stream ended", Count: 1}}, "openrouter-weird-stream-ended", []int{}},
		{"only placeholders", []Paste{{Text: "12 gen-1", Count: 1}}, "", []int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := Clusters(tc.pastes)
			if len(cs) != 1 {
				t.Fatalf("%d clusters", len(cs))
			}
			name, data, err := Draft(cs[0], today)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantID == "" {
				tc.wantID = "openrouter-gap-" + cs[0].ID
			}
			if name != tc.wantID+".md" {
				t.Errorf("file name %q, want %q", name, tc.wantID+".md")
			}
			e, err := knowledge.Parse(name, data)
			var ps knowledge.Problems
			if err != nil && !errors.As(err, &ps) {
				t.Fatalf("Parse: %v", err)
			}
			todos := 0
			for _, p := range ps {
				if !strings.Contains(p.Msg, `"TODO" is a note for maintainers`) {
					t.Errorf("problem other than a TODO: %v", p)
					continue
				}
				todos++
			}
			if todos == 0 {
				t.Errorf("no TODO left for a person to fill in:\n%s", data)
			}
			if e == nil {
				t.Fatalf("no entry parsed:\n%s", data)
			}
			if e.ID != tc.wantID || len(e.Examples()) != len(tc.pastes) || e.Examples()[0] != tc.pastes[0].Text {
				t.Errorf("entry id %q examples %q", e.ID, e.Examples())
			}
			if len(e.Status) != len(tc.status) || (len(tc.status) > 0 && e.Status[0] != tc.status[0]) {
				t.Errorf("status %v, want %v", e.Status, tc.status)
			}
			if len(e.Signatures) != 1 || strings.HasPrefix(e.Signatures[0], "[") || strings.HasPrefix(e.Signatures[0], "~") {
				t.Errorf("signatures %q", e.Signatures)
			}
			if e.Updated != "2026-12-05" {
				t.Errorf("updated %q", e.Updated)
			}
		})
	}
}
