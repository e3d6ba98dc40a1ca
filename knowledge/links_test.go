package knowledge

import (
	"slices"
	"testing"
)

func TestRewriteKBLinks(t *testing.T) {
	tests := []struct{ name, md, base, want string }{
		{"absolute", "see [the 401 answer](kb:openrouter-401-invalid-key).", "https://orfix.example", "see [the 401 answer](https://orfix.example/kb/openrouter-401-invalid-key)."},
		{"trailing slash", "[a](kb:openrouter-408-timeout)", "https://orfix.example/", "[a](https://orfix.example/kb/openrouter-408-timeout)"},
		{"relative", "[a](kb:openrouter-408-timeout)", "", "[a](/kb/openrouter-408-timeout)"},
		{"anchor kept", "[a](kb:openrouter-408-timeout#faq)", "https://x", "[a](https://x/kb/openrouter-408-timeout#faq)"},
		{"two links", "[a](kb:x-1) and [b](kb:x-2)", "https://x", "[a](https://x/kb/x-1) and [b](https://x/kb/x-2)"},
		{"other links untouched", "[docs](https://openrouter.ai/docs) kb: text", "https://x", "[docs](https://openrouter.ai/docs) kb: text"},
		{"code span untouched", "`kb:openrouter-408-timeout`", "https://x", "`kb:openrouter-408-timeout`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RewriteKBLinks(tc.md, tc.base); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBareEntryIDs(t *testing.T) {
	tests := []struct {
		md   string
		want []string
	}{
		{"see [the answer](kb:openrouter-408-timeout)", nil},
		{"see openrouter-408-timeout and `openrouter-403-region`", []string{"openrouter-408-timeout", "openrouter-403-region"}},
		{"OpenRouterTeam/openrouter-examples#74", []string{"openrouter-examples"}},
	}
	for _, tc := range tests {
		if got := bareEntryIDs(tc.md); !slices.Equal(got, tc.want) {
			t.Errorf("bareEntryIDs(%q) = %q, want %q", tc.md, got, tc.want)
		}
	}
}
