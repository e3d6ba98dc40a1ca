package bot

import (
	"github.com/orfix/orfix/internal/memo"
	"github.com/orfix/orfix/knowledge"
)

// maxLinkMemo bounds the memo of Markdown with its kb: links rewritten to
// the public URL. An entry's sections are immutable text and most answers
// repeat, so each piece is rewritten (a regexp replace) once, not on every
// reply. The memo is keyed by the text itself, so a reloaded knowledge base
// needs no invalidation.
const maxLinkMemo = 2048

// newLinkMemo remembers knowledge.RewriteKBLinks(md, base).
func newLinkMemo(base string) *memo.Strings {
	return memo.New(func(md string) string { return knowledge.RewriteKBLinks(md, base) }, maxLinkMemo)
}
