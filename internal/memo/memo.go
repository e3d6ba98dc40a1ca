// Package memo remembers the results of pure string functions: text that
// repeats on every reply (an entry's sections, their fixes) is converted
// once. A memo is bounded: past its size it starts over, which costs one
// conversion per piece and never grows memory.
package memo

import "sync"

// Strings remembers f(s) for the strings it has seen. It is safe for
// concurrent use.
type Strings struct {
	f   func(string) string
	max int

	mu   sync.RWMutex
	done map[string]string
}

// New returns a memo of f holding at most max results.
func New(f func(string) string, max int) *Strings {
	return &Strings{f: f, max: max, done: map[string]string{}}
}

// Get returns f(s), computed at most once while s stays remembered.
func (m *Strings) Get(s string) string {
	m.mu.RLock()
	out, ok := m.done[s]
	m.mu.RUnlock()
	if ok {
		return out
	}
	out = m.f(s)
	m.mu.Lock()
	if len(m.done) >= m.max {
		clear(m.done)
	}
	m.done[s] = out
	m.mu.Unlock()
	return out
}
