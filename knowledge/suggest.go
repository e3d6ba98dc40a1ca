package knowledge

import (
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
	entry int
}

func buildSuggestions(entries []*Entry) (titles, phrases []suggestion) {
	for i, e := range entries {
		titles = append(titles, suggestion{text: e.Title, entry: i})
		for _, s := range e.Signatures {
			phrases = append(phrases, suggestion{text: phraseOf(s), entry: i})
		}
	}
	return titles, phrases
}

type suggestionSource []suggestion

func (s suggestionSource) String(i int) string { return s[i].text }
func (s suggestionSource) Len() int            { return len(s) }

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
	for _, names := range [][]suggestion{kb.titles, kb.phrases} {
		for _, m := range fuzzy.FindFrom(prefix, suggestionSource(names)) {
			if !add(names[m.Index].entry, kb.entries[names[m.Index].entry].Title) {
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

func (kb *KB) indexOf(e *Entry) int {
	for i, x := range kb.entries {
		if x == e {
			return i
		}
	}
	return -1
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
