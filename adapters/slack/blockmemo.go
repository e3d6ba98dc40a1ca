package slack

import "sync"

// blockMemo remembers the blocks made from strings by a pure function
// (a title's header block): blocks are never changed once made, so every
// reply may share one. It is bounded: past max blocks it starts over.
type blockMemo struct {
	build func(string) blk
	max   int

	mu   sync.RWMutex
	done map[string]blk
}

func newBlockMemo(build func(string) blk, max int) *blockMemo {
	return &blockMemo{build: build, max: max, done: map[string]blk{}}
}

// get returns build(s), made at most once while s stays remembered.
func (m *blockMemo) get(s string) blk {
	m.mu.RLock()
	b, ok := m.done[s]
	m.mu.RUnlock()
	if ok {
		return b
	}
	b = m.build(s)
	m.mu.Lock()
	if len(m.done) >= m.max {
		clear(m.done)
	}
	m.done[s] = b
	m.mu.Unlock()
	return b
}
