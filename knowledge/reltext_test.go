package knowledge

import (
	"strings"
	"testing"
)

func TestRelevanceText(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		keep, drop []string
	}{
		{
			name: "sources section left out, later sections kept",
			body: "## What this error means\n\nThe key is unknown.\n\n## Sources\n\n- someone/repo#12 (2025-07)\n\n## FAQ\n\nRotate the key.\n",
			keep: []string{"The key is unknown.", "## FAQ", "Rotate the key."},
			drop: []string{"someone/repo#12", "## Sources"},
		},
		{
			name: "list item linking another entry left out with its continuation",
			body: "Use this entry for crashes.\n\n- a validation error about the\n  response: [parse error](kb:openrouter-response-parse-error);\n- an AttributeError in the provider module.\n",
			keep: []string{"Use this entry for crashes.", "an AttributeError in the provider module."},
			drop: []string{"validation error", "  response:"},
		},
		{
			name: "paragraph linking another entry left out, the next one kept",
			body: "A stream cut off belongs to\n[stream interrupted](kb:openrouter-stream-interrupted).\n\nThe tool crashed in its own code.\n",
			keep: []string{"The tool crashed in its own code."},
			drop: []string{"A stream cut off"},
		},
		{
			name: "numbered items and external links are kept",
			body: "1. Update the tool.\n2. See [the docs](https://openrouter.ai/docs).\n",
			keep: []string{"1. Update the tool.", "2. See [the docs](https://openrouter.ai/docs)."},
		},
		{
			name: "a heading ends the paragraph before it",
			body: "Read [other](kb:x) first\n### Why\nBecause.\n",
			keep: []string{"### Why", "Because."},
			drop: []string{"Read [other]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := relevanceText(tt.body)
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("relevanceText lost %q:\n%s", k, got)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(got, d) {
					t.Errorf("relevanceText kept %q:\n%s", d, got)
				}
			}
		})
	}
}

// TestRelevanceTextKB checks the rule on the real entries: no entry's
// indexed text links to another entry or holds its sources, and each
// keeps most of its body.
func TestRelevanceTextKB(t *testing.T) {
	kb := mustDefault(t)
	for _, e := range kb.Entries() {
		got := relevanceText(e.Body())
		if strings.Contains(got, "](kb:") || strings.Contains(got, "## Sources") {
			t.Errorf("%s: indexed text still links to an entry or holds its sources", e.ID)
		}
		if len(got) < len(e.Body())/2 {
			t.Errorf("%s: indexed text is %d of %d bytes", e.ID, len(got), len(e.Body()))
		}
	}
}
