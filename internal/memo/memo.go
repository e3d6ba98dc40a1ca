// Package memo remembers the results of pure string functions: text that
// repeats on every reply (an entry's sections, their fixes) is converted
// once. A memo is bounded: past its size it starts over, which costs one
// conversion per piece and never grows memory.
package memo

import "sync"

// Of remembers f(s) for the strings it has seen. It is safe for
// concurrent use; the results are shared, so they must not be changed.
type Of[V any] struct {
	f   func(string) V
	max int

	mu   sync.RWMutex
	done map[string]V
}

// Strings is a memo of a function from text to text.
type Strings = Of[string]

// New returns a memo of f holding at most max results.
func New[V any](f func(string) V, max int) *Of[V] {
	return &Of[V]{f: f, max: max, done: map[string]V{}}
}

// Get returns f(s), computed at most once while s stays remembered.
func (m *Of[V]) Get(s string) V {
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
