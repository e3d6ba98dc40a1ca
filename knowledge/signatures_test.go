package knowledge

import (
	"strings"
	"testing"
)

// TestPartialSignatures checks when part of a phrase counts: a paste cut
// off inside a phrase still names it, but a phrase's common words followed
// by other known words (another endpoint's URL) are another phrase.
func TestPartialSignatures(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct {
		name, text, entry string
		want              bool // the entry's signature evidence is found
	}{
		{"cut at the end", "litellm.NotFoundError: OpenrouterException - No endpoints found that support", "openrouter-404-tool-use", true},
		{"whole phrase", "No endpoints found that support tool use", "openrouter-404-tool-use", true},
		{"another endpoint's URL", "GET https://openrouter.ai/api/v1/models returned 200, then the frontend call failed", "openrouter-embeddings", false},
		{"the endpoint's URL", "POST https://openrouter.ai/api/v1/embeddings returned 404", "openrouter-embeddings", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := kb.Match(tt.text, 32)
			got := false
			for _, m := range res.Matches {
				if m.Entry.ID == tt.entry && m.Signature != "" {
					got = true
				}
			}
			if got != tt.want {
				var ids []string
				for _, m := range res.Matches {
					ids = append(ids, m.Entry.ID+" ("+m.Signature+")")
				}
				t.Errorf("%q: signature evidence for %s = %v, want %v; matches: %s", tt.text, tt.entry, got, tt.want, strings.Join(ids, ", "))
			}
		})
	}
}
