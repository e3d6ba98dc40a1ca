package knowledge

import (
	"fmt"
	"strings"
	"sync"
)

// entryText is an entry's body with what is read from it (its sections
// and its quick fixes), and its examples: the text a large knowledge base
// keeps packed. It is immutable once made.
type entryText struct {
	body     string
	line     int // the file line the body starts on
	sections []Section
	fixes    []Fix
	examples []string
}

// parseBody reads a body that starts on file line firstLine into its
// sections and quick fixes: the text of the (first) "Quick fixes"
// section, its title matched as Entry.Section matches, is the Markdown a
// reader without facts sees.
func parseBody(body string, firstLine int) *entryText {
	t := &entryText{body: body, line: firstLine, sections: parseSections(body, firstLine)}
	for i := range t.sections {
		if s := &t.sections[i]; strings.EqualFold(s.Title, SecQuickFixes) {
			t.fixes, s.Text = parseFixes(s.Text)
			break
		}
	}
	return t
}

// text returns the entry's body text: as parsed for an entry kept plain,
// decoded (through its knowledge base's cache) for a packed one.
func (e *Entry) text() *entryText {
	switch {
	case e.plain != nil:
		return e.plain
	case e.packed.cache != nil:
		return e.packed.cache.get(e)
	}
	return &entryText{} // an entry made without a body
}

// Body returns the Markdown after the front matter, as written.
func (e *Entry) Body() string { return e.text().body }

// Sections returns the body's "##" sections in file order. The slice is
// shared and must not be modified.
func (e *Entry) Sections() []Section { return e.text().sections }

// Examples returns the pastes this entry must win, as the front matter
// lists them. The slice is shared and must not be modified.
func (e *Entry) Examples() []string { return e.text().examples }

// textCache decodes packed bodies and keeps the most recently used ones
// decoded: a reply reads several sections of the entry it answers with,
// and a busy channel answers with the same few entries again and again.
// It is safe for concurrent use.
type textCache struct {
	packer *packer
	mu     sync.Mutex
	// slots is a ring the clock hand sweeps: a slot read since the hand
	// last passed keeps its text one more round.
	slots []cacheSlot
	pos   map[*Entry]int // entry -> its slot
	hand  int
}

type cacheSlot struct {
	entry *Entry
	text  *entryText
	used  bool
}

// textCacheSize is how many decoded bodies a knowledge base keeps: about
// 10 KB each.
const textCacheSize = 256

func newTextCache(p *packer, size int) *textCache {
	return &textCache{packer: p, slots: make([]cacheSlot, 0, size), pos: make(map[*Entry]int, size)}
}

// get returns e's decoded text, decoding it on a miss.
func (c *textCache) get(e *Entry) *entryText {
	c.mu.Lock()
	if i, ok := c.pos[e]; ok {
		c.slots[i].used = true
		t := c.slots[i].text
		c.mu.Unlock()
		return t
	}
	c.mu.Unlock()
	// Decode outside the lock: two readers missing on the same entry at
	// once both decode it, which costs time but reads the same text.
	u, err := c.packer.unpack(e.packed.data)
	if err != nil {
		// The bytes are the packer's own: this is a bug, not bad input.
		panic(fmt.Sprintf("knowledge: the packed body of %s: %v", e.ID, err))
	}
	t := parseBody(u.body, u.line)
	t.examples = u.examples
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.pos[e]; ok {
		return c.slots[i].text
	}
	c.put(e, t)
	return t
}

// put stores e's text, evicting the first slot the clock hand finds
// unread since its last pass. c.mu must be held.
func (c *textCache) put(e *Entry, t *entryText) {
	if len(c.slots) < cap(c.slots) {
		c.pos[e] = len(c.slots)
		c.slots = append(c.slots, cacheSlot{entry: e, text: t})
		return
	}
	for c.slots[c.hand].used {
		c.slots[c.hand].used = false
		c.hand = (c.hand + 1) % len(c.slots)
	}
	delete(c.pos, c.slots[c.hand].entry)
	c.slots[c.hand] = cacheSlot{entry: e, text: t}
	c.pos[e] = c.hand
	c.hand = (c.hand + 1) % len(c.slots)
}

// len is how many decoded texts the cache holds.
func (c *textCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.slots)
}
