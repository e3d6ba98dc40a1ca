package knowledge

// memoBits sizes the per-paste memo of term lookups: 1<<memoBits slots.
const (
	memoBits  = 9
	memoSlots = 1 << memoBits
)

// memoFrom is the paste length, in words, from which lookups go through
// the memo: a short paste repeats few words.
const memoFrom = 64

// termMemo remembers the term ids of the words a paste has looked up,
// so a long paste, which repeats its words (a stack trace its frames),
// looks each up in the vocabulary about once. A slot is direct-mapped by
// a cheap hash of the word and valid for the paste whose stamp it holds.
type termMemo struct {
	slots [memoSlots]memoSlot
	stamp uint32
}

type memoSlot struct {
	word  string
	id    uint32
	stamp uint32
}

// lookupMemo is lookup through the scratch's memo: the same ids.
func (ix *index) lookupMemo(sc *scratch, words []string, dst []uint32) []uint32 {
	if len(words) < memoFrom {
		return ix.lookup(words, dst)
	}
	if sc.memo == nil {
		sc.memo = &termMemo{}
	}
	m := sc.memo
	m.stamp++
	if m.stamp == 0 { // wrapped: forget every slot
		m.slots = [memoSlots]memoSlot{}
		m.stamp = 1
	}
	for _, w := range words {
		s := &m.slots[memoHash(w)]
		if s.stamp != m.stamp || s.word != w {
			s.word, s.id, s.stamp = w, ix.vocab.id(w), m.stamp
		}
		dst = append(dst, s.id)
	}
	return dst
}

// memoHash hashes a word's length and first eight bytes (and its last)
// to a slot.
func memoHash(w string) uint32 {
	x := uint64(len(w))
	for i := 0; i < len(w) && i < 8; i++ {
		x = x<<8 | uint64(w[i])
	}
	if len(w) > 0 {
		x ^= uint64(w[len(w)-1]) << 56
	}
	return uint32((x * 0x9e3779b97f4a7c15) >> (64 - memoBits))
}
