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
	anchor int // the offset of the pattern's rarest byte
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

// contains reports whether s holds pat.
func (f *finder) contains(s string) bool { return f.index(s) >= 0 }

// containsAny reports whether s holds any of the patterns of fs.
func containsAny(s string, fs []finder) bool {
	if len(s) < finderFloor {
		for i := range fs {
			if strings.Contains(s, fs[i].pat) {
				return true
			}
		}
		return false
	}
	for i := range fs {
		if fs[i].contains(s) {
			return true
		}
	}
	return false
}
