package bot

import (
	"sync"

	"github.com/orfix/orfix/knowledge"
)

// linkMemo remembers Markdown with its kb: links rewritten to the public
// URL. An entry's sections are immutable text and most answers repeat, so
// each piece is rewritten (a regexp replace) once, not on every reply. It
// is keyed by the text itself, so a reloaded knowledge base needs no
// invalidation.
type linkMemo struct {
	base string // the public URL links point at

	mu   sync.RWMutex
	done map[string]string
}

// maxLinkMemo bounds the memo; past it the memo starts over.
const maxLinkMemo = 2048

func newLinkMemo(base string) *linkMemo {
	return &linkMemo{base: base, done: map[string]string{}}
}

// rewrite is knowledge.RewriteKBLinks(md, base), remembered.
func (m *linkMemo) rewrite(md string) string {
	m.mu.RLock()
	out, ok := m.done[md]
	m.mu.RUnlock()
	if ok {
		return out
	}
	out = knowledge.RewriteKBLinks(md, m.base)
	m.mu.Lock()
	if len(m.done) >= maxLinkMemo {
		clear(m.done)
	}
	m.done[md] = out
	m.mu.Unlock()
	return out
}
