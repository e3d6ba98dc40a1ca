package knowledge

import "testing"

func TestIsIdentifier(t *testing.T) {
	tests := []struct {
		phrase string
		want   bool
	}{
		{"AI_InvalidToolInputError", true},
		{"ProviderInitError", true},
		{"payload_too_large", true},
		{"free-models-per-day", false}, // hyphens join words of prose ids too
		{"Invalid input for tool", false},
		{"ECONNRESET", false}, // one word: its specificity is its word count
		{"openrouter.ai/api/v1/embeddings", false},
		{"error", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := isIdentifier(tc.phrase); got != tc.want {
			t.Errorf("isIdentifier(%q) = %v, want %v", tc.phrase, got, tc.want)
		}
	}
}

// TestIdentifierSignatureFullySpecific checks that a code name counts as a
// fully specific phrase in the index, and a short prose phrase does not.
func TestIdentifierSignatureFullySpecific(t *testing.T) {
	kb := mustDefault(t)
	got := map[string]int32{}
	for _, s := range kb.idx.sigs {
		got[s.text] = s.content
	}
	if c := got["AI_InvalidToolInputError"]; c != maxSpecific {
		t.Errorf("AI_InvalidToolInputError: content %d, want %d", c, maxSpecific)
	}
	if c, ok := got["Invalid input for tool"]; !ok || c >= maxSpecific {
		t.Errorf("Invalid input for tool: content %d (indexed %v), want under %d", c, ok, maxSpecific)
	}
}
