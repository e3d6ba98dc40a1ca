package knowledge

// vocab numbers the words the index knows (term ids) compactly: every
// word's bytes back to back in one buffer, an offset per word, and an
// open-addressing hash table of ids. A large knowledge base knows hundreds
// of thousands of words; a map from string to id plus a slice of strings
// costs several times the words themselves.
type vocab struct {
	// buf collects the words while the index is built; freeze turns it
	// into text, which word reads without copying.
	buf  []byte
	text string
	off  []uint32 // word i is text[off[i]:off[i+1]]
	// slots holds id+1 per occupied slot (0: empty), at most three
	// quarters full.
	slots []uint32
}

func newVocab() *vocab {
	return &vocab{off: []uint32{0}, slots: make([]uint32, 1024)}
}

// Len is the number of words.
func (v *vocab) Len() int { return len(v.off) - 1 }

// word returns the word of id.
func (v *vocab) word(id uint32) string {
	a, b := v.off[id], v.off[id+1]
	if v.buf != nil { // not frozen yet: a build-time read
		return string(v.buf[a:b])
	}
	return v.text[a:b]
}

// equal reports whether word id is w, without copying.
func (v *vocab) equal(id uint32, w string) bool {
	a, b := v.off[id], v.off[id+1]
	if int(b-a) != len(w) {
		return false
	}
	if v.buf != nil {
		return string(v.buf[a:b]) == w
	}
	return v.text[a:b] == w
}

// lookup returns w's id, and whether the vocabulary knows w.
func (v *vocab) lookup(w string) (uint32, bool) {
	mask := uint64(len(v.slots) - 1)
	for i := hashWord(w) & mask; ; i = (i + 1) & mask {
		s := v.slots[i]
		if s == 0 {
			return unknownTerm, false
		}
		if v.equal(s-1, w) {
			return s - 1, true
		}
	}
}

// id returns w's id, or unknownTerm for a word the vocabulary does not
// know.
func (v *vocab) id(w string) uint32 {
	id, _ := v.lookup(w)
	return id
}

// add numbers w if it is new (it must not be frozen) and returns its id.
// Words that are never looked up (the empty word) may be added too.
func (v *vocab) add(w string) uint32 {
	if id, ok := v.lookup(w); ok {
		return id
	}
	if v.buf == nil {
		v.buf = []byte(v.text) // thaw: only tests add after a freeze
		v.text = ""
	}
	id := uint32(v.Len())
	v.buf = append(v.buf, w...)
	v.off = append(v.off, uint32(len(v.buf)))
	if (v.Len()+1)*4 > len(v.slots)*3 {
		v.grow()
	} else {
		v.place(id)
	}
	return id
}

// place puts id into its slot.
func (v *vocab) place(id uint32) {
	mask := uint64(len(v.slots) - 1)
	a, b := v.off[id], v.off[id+1]
	var h uint64
	if v.buf != nil {
		h = hashWord(v.buf[a:b])
	} else {
		h = hashWord(v.text[a:b])
	}
	i := h & mask
	for v.slots[i] != 0 {
		i = (i + 1) & mask
	}
	v.slots[i] = id + 1
}

// grow doubles the table and places every word again.
func (v *vocab) grow() {
	v.slots = make([]uint32, 2*len(v.slots))
	for id := range uint32(v.Len()) {
		v.place(id)
	}
}

// freeze makes the words one string and trims the spare room; the
// vocabulary is read-only from then on.
func (v *vocab) freeze() {
	if v.buf == nil {
		return
	}
	v.text, v.buf = string(v.buf), nil
	v.off = append([]uint32(nil), v.off...)
}

// hashWord is FNV-1a over the word's bytes.
func hashWord[T string | []byte](w T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}
