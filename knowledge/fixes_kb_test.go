package knowledge

import (
	"strings"
	"testing"
)

// The default entries' conditional quick fixes choose and fill themselves
// from a paste's facts: the fitted fix comes first, quoting the facts.
func TestDefaultFixesFitThePaste(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct {
		id    string
		facts Facts
		first string // substring of the first fix, rendered
	}{
		{"openrouter-400-context-length", Facts{ContextLimit: 131072, RequestedTokens: 141607, Model: "qwen/qwen3-coder"}, "about 10,535 tokens over the 131,072-token limit of qwen/qwen3-coder"},
		{"openrouter-429-free-limit", Facts{Limit: "free-models-per-min"}, "For `free-models-per-min`"},
		{"openrouter-429-free-limit", Facts{Limit: "free-models-per-day"}, "For the daily cap"},
		{"openrouter-wrong-base-url", Facts{PathProblem: "doubled-v1", BaseURL: "https://openrouter.ai/api/v1/v1"}, "repeats `/v1` (https://openrouter.ai/api/v1/v1)"},
		{"openrouter-wrong-base-url", Facts{PathProblem: "missing-api-v1"}, "lacks `/api/v1`"},
		{"openrouter-wrong-base-url", Facts{PathProblem: "other-vendor-host"}, "went to another vendor"},
		{"openrouter-provider-error", Facts{Provider: "Chutes", ProviderMessage: "no_available_workers"}, "what Chutes said: no_available_workers"},
		{"openrouter-404-model-not-found", Facts{Tool: "aider"}, "In aider, write the model as `openrouter/<author>/<slug>`"},
		{"openrouter-402-insufficient-credits", Facts{Model: "deepseek/deepseek-r1:free"}, "`:free` models need a balance"},
		{"openrouter-401-invalid-key", Facts{Provider: "Anthropic"}, "names a provider (Anthropic)"},
	}
	for _, tc := range tests {
		t.Run(tc.id+"/"+tc.first, func(t *testing.T) {
			e, ok := kb.Get(tc.id)
			if !ok {
				t.Fatalf("no entry %s", tc.id)
			}
			fixes := e.FixesFor(tc.facts, 3)
			if len(fixes) == 0 {
				t.Fatal("no fixes")
			}
			if got := strings.Join(strings.Fields(fixes[0].Render(tc.facts)), " "); !strings.Contains(got, tc.first) {
				t.Errorf("first fix %q, want it to contain %q", got, tc.first)
			}
			if got := e.FixesFor(Facts{}, 0); len(got) < minPlainFixes {
				t.Errorf("%d fixes for a paste without facts, want >= %d", len(got), minPlainFixes)
			}
		})
	}
}
