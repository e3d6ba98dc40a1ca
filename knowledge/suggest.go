package knowledge

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// MaxSuggestions is the most choices Suggest returns (Discord's limit).
const MaxSuggestions = 25

// MaxSuggestionName is the longest choice name (Discord's limit).
const MaxSuggestionName = 100

// Suggestion is one autocomplete choice.
type Suggestion struct {
	// Name is what the user sees, at most MaxSuggestionName characters.
	Name string
	// ID is the entry id the choice stands for.
	ID string
}

// suggestion is one searchable name of an entry: its title or a signature.
type suggestion struct {
	text  string
	entry int32
	// chars has a bit for every character of an ASCII text (charBit);
	// allChars for a text with other characters, which the prefilter
	// leaves to fuzzy.
	chars uint64
}

const allChars = ^uint64(0)

func buildSuggestions(entries []*Entry) (titles, phrases []suggestion) {
	titles = make([]suggestion, 0, len(entries))
	for i, e := range entries {
		titles = append(titles, newSuggestion(e.Title, i))
		for _, s := range e.Signatures {
			phrases = append(phrases, newSuggestion(phraseOf(s), i))
		}
	}
	return titles, slices.Clip(phrases)
}

func newSuggestion(text string, entry int) suggestion {
	chars, _ := charSet(text)
	return suggestion{text: text, entry: int32(entry), chars: chars}
}

// charSet returns the bits of text's characters, and whether text is
// ASCII; for other text it returns allChars.
func charSet(text string) (uint64, bool) {
	var m uint64
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			return allChars, false
		}
		m |= charBit(c)
	}
	return m, true
}

// charBit maps an ASCII character to one of 64 bits, case folded: a bit
// for each letter, digit and the space, the rest shared.
func charBit(c byte) uint64 {
	switch {
	case c >= 'a' && c <= 'z':
		return 1 << (c - 'a')
	case c >= 'A' && c <= 'Z':
		return 1 << (c - 'A')
	case c >= '0' && c <= '9':
		return 1 << (26 + c - '0')
	case c == ' ':
		return 1 << 36
	}
	return 1 << (37 + c%27)
}

// fuzzyFind ranks names for pattern exactly as fuzzy.FindFrom does over
// all of them, but hands fuzzy only the names that can match: fuzzy
// matches a pattern's characters in order, case folded, so an ASCII name
// missing one of an ASCII pattern's characters, or holding them out of
// order, cannot match. Names that are not ASCII always go to fuzzy. The
// result indexes names.
func fuzzyFind(pattern string, names []suggestion, keep []int32) (fuzzy.Matches, []int32) {
	if _, ascii := charSet(pattern); !ascii {
		return fuzzy.FindFrom(pattern, suggestionSource(names)), nil
	}
	keep = prefilter(pattern, names, keep)
	ms := fuzzy.FindFrom(pattern, subsetSource{names, keep})
	for i := range ms {
		ms[i].Index = int(keep[ms[i].Index])
	}
	return ms, keep
}

// prefilter returns the indexes of the names an ASCII pattern may match
// (see fuzzyFind), in order, reusing keep.
func prefilter(pattern string, names []suggestion, keep []int32) []int32 {
	need, _ := charSet(pattern)
	lower := asciiLower(pattern)
	keep = keep[:0]
	for i := range names {
		s := &names[i]
		if s.chars&need != need || s.chars != allChars && !asciiSubsequence(lower, s.text) {
			continue
		}
		keep = append(keep, int32(i))
	}
	return keep
}

// asciiSubsequence reports whether the lower-case ASCII pattern occurs in
// the ASCII text in order, case folded.
func asciiSubsequence(pattern, text string) bool {
	j := 0
	for i := 0; i < len(text) && j < len(pattern); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == pattern[j] {
			j++
		}
	}
	return j == len(pattern)
}

type suggestionSource []suggestion

func (s suggestionSource) String(i int) string { return s[i].text }
func (s suggestionSource) Len() int            { return len(s) }

// subsetSource is the names at the given indexes, in their order.
type subsetSource struct {
	names []suggestion
	at    []int32
}

func (s subsetSource) String(i int) string { return s.names[s.at[i]].text }
func (s subsetSource) Len() int            { return len(s.at) }

// Suggest returns up to n (at most MaxSuggestions) entries for what a user
// has typed so far, ranked by fuzzy match over titles, then signatures, one
// choice per entry. An empty prefix lists entries in the order of popular
// (most common first; unknown ids are skipped), then the rest by id.
func (kb *KB) Suggest(prefix string, n int, popular []string) []Suggestion {
	if n <= 0 || n > MaxSuggestions {
		n = MaxSuggestions
	}
	prefix = strings.TrimSpace(prefix)
	var out []Suggestion
	taken := map[int]bool{}
	add := func(ei int, name string) bool {
		if ei < 0 {
			return len(out) < n
		}
		if taken[ei] {
			return len(out) < n
		}
		taken[ei] = true
		out = append(out, Suggestion{Name: clipName(name), ID: kb.entries[ei].ID})
		return len(out) < n
	}
	if prefix == "" {
		index := make(map[string]int, len(kb.entries))
		for i, e := range kb.entries {
			index[e.ID] = i
		}
		for _, id := range popular {
			if i, ok := index[id]; ok && !add(i, kb.entries[i].Title) {
				return out
			}
		}
		for i, e := range kb.entries {
			if !add(i, e.Title) {
				break
			}
		}
		return out
	}
	if len(prefix) > 200 {
		prefix = prefix[:200]
	}
	// Titles first (one per entry), then the error messages themselves, so
	// a large knowledge base searches its many phrases only when needed.
	var keep []int32
	var ranked []rankedName
	for _, tab := range []*nameTable{kb.titles, kb.phrases} {
		if kb.prune == pruneNever { // the reference path, for tests
			names := tab.suggestions()
			var ms fuzzy.Matches
			ms, keep = fuzzyFind(prefix, names, keep)
			for _, m := range ms {
				ei := int(names[m.Index].entry)
				if !add(ei, kb.entries[ei].Title) {
					return out
				}
			}
			continue
		}
		ranked = tab.rank(prefix, ranked)
		for _, m := range ranked {
			ei := int(tab.entry[m.index])
			if !add(ei, kb.entries[ei].Title) {
				return out
			}
		}
	}
	if len(out) == 0 {
		// Nothing matched letter by letter: fall back to the matcher, which
		// reads words, fixes typos and knows the error messages.
		for _, m := range kb.Match(prefix, n).Matches {
			if m.Score > 0 && !add(kb.indexOf(m.Entry), m.Entry.Title) {
				break
			}
		}
	}
	return out
}

// indexOf returns e's position in kb.entries (sorted by id), or -1.
func (kb *KB) indexOf(e *Entry) int {
	i, ok := slices.BinarySearchFunc(kb.entries, e.ID, func(x *Entry, id string) int { return strings.Compare(x.ID, id) })
	if ok && kb.entries[i] == e {
		return i
	}
	return slices.Index(kb.entries, e) // Build does not insist on unique ids
}

// clipName cuts a name to MaxSuggestionName characters on a word boundary.
func clipName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= MaxSuggestionName {
		return s
	}
	r := []rune(s)[:MaxSuggestionName-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > MaxSuggestionName/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
