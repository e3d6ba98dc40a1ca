package bot

import (
	"testing"

	"github.com/orfix/orfix/knowledge"
)

const memoText = "Check the key. See [the key entry](kb:openrouter-401-invalid-key) and [credits](kb:openrouter-402-insufficient-credits#fixes)."

func TestLinkMemoRewritesAsRewriteKBLinks(t *testing.T) {
	m := newLinkMemo("https://bot.example.com")
	for _, md := range []string{memoText, "no links here", "", "[x](kb:a-b)"} {
		want := knowledge.RewriteKBLinks(md, "https://bot.example.com")
		for range 2 { // computed, then remembered
			if got := m.Get(md); got != want {
				t.Errorf("Get(%q) = %q, want %q", md, got, want)
			}
		}
	}
}

// BenchmarkLinkMemo compares rewriting a section's links on every reply
// (the baseline) with the memo, in one run.
func BenchmarkLinkMemo(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			knowledge.RewriteKBLinks(memoText, "https://bot.example.com")
		}
	})
	b.Run("memo", func(b *testing.B) {
		m := newLinkMemo("https://bot.example.com")
		for b.Loop() {
			m.Get(memoText)
		}
	})
}
