package knowledge

import "strings"

// finder finds a fixed lower-case pattern in a long text faster than
// strings.Index when the pattern starts with a common letter: it looks
// for the pattern's rarest byte with IndexByte, which skips most of a
// text at once, and checks the pattern around each one. strings.Index
// steps through every occurrence of the first byte instead, and a paste
// holds an 'e' or an 'o' every few bytes. The answers are strings.Index's.
type finder struct {
	pat    string
	anchor int       // the offset of the pattern's rarest byte
	bytes  [4]uint64 // the set of the pattern's bytes
}

// finderFloor is the text length under which a finder leaves the search
// to strings.Index, which is as fast on a short text.
const finderFloor = 256

// byteCommonness lists bytes from the most to the least common in pastes
// (log lines, JSON, stack traces, English): the further along, the fewer
// candidates IndexByte stops at. Bytes not listed are rarer still.
const byteCommonness = " etaoinsrl.cdu\"p:m/h-_\n,gf0y1w2b'=v()k53[]4{}9867xqjz"

// newFinder prepares a finder for pat.
func newFinder(pat string) finder {
	f := finder{pat: pat}
	rank := -1
	for i := 0; i < len(pat); i++ {
		f.bytes[pat[i]>>6] |= 1 << (pat[i] & 63)
		r := strings.IndexByte(byteCommonness, pat[i])
		if r < 0 {
			r = len(byteCommonness)
		}
		if r > rank {
			f.anchor, rank = i, r
		}
	}
	return f
}

// newFinders prepares a finder for each pattern.
func newFinders(pats []string) []finder {
	fs := make([]finder, len(pats))
	for i, p := range pats {
		fs[i] = newFinder(p)
	}
	return fs
}

// index returns the offset of the first pat in s, or -1, as
// strings.Index(s, pat) does.
func (f *finder) index(s string) int {
	n := len(f.pat)
	if len(s) < finderFloor || n < 2 {
		return strings.Index(s, f.pat)
	}
	b := f.pat[f.anchor]
	// from is where the next occurrence may start; every start before it
	// has been ruled out.
	from, misses := 0, 0
	for from+n <= len(s) {
		j := strings.IndexByte(s[from+f.anchor:], b)
		if j < 0 {
			return -1
		}
		start := from + j
		if start+n > len(s) {
			return -1
		}
		if s[start:start+n] == f.pat {
			return start
		}
		from = start + 1
		// The anchor turns out common in this text: strings.Index is
		// faster from here on.
		if misses++; misses > 4+from>>6 {
			if i := strings.Index(s[from:], f.pat); i >= 0 {
				return from + i
			}
			return -1
		}
	}
	return -1
}

// textBytes is the set of the bytes a short text holds: a pattern with
// a byte the text lacks is not in it, and needs no search. A long text
// is not read for it (all), as the finders skip through it fast.
type textBytes struct {
	set [4]uint64
	all bool
}

// bytesOf returns the byte set of s, or all for a text of finderFloor
// bytes or more.
func bytesOf(s string) textBytes {
	if len(s) >= finderFloor {
		return textBytes{all: true}
	}
	var tb textBytes
	for i := 0; i < len(s); i++ {
		tb.set[s[i]>>6] |= 1 << (s[i] & 63)
	}
	return tb
}

// mayHold reports whether a text with these bytes may hold f's pattern.
func (tb *textBytes) mayHold(f *finder) bool {
	return tb.all || f.bytes[0]&^tb.set[0]|f.bytes[1]&^tb.set[1]|f.bytes[2]&^tb.set[2]|f.bytes[3]&^tb.set[3] == 0
}

// indexIn is index for a text s whose bytes (or those of a text s is
// part of) are tb.
func (f *finder) indexIn(s string, tb *textBytes) int {
	if !tb.mayHold(f) {
		return -1
	}
	return f.index(s)
}

// containsIn reports whether s, whose bytes are tb, holds f's pattern.
func (f *finder) containsIn(s string, tb *textBytes) bool { return f.indexIn(s, tb) >= 0 }

// containsAny reports whether s, whose bytes are tb, holds any of the
// patterns of fs.
func containsAny(s string, tb *textBytes, fs []finder) bool {
	for i := range fs {
		if tb.mayHold(&fs[i]) && fs[i].index(s) >= 0 {
			return true
		}
	}
	return false
}
