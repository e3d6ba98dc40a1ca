package web

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/orfix/orfix/knowledge"
	"github.com/sahilm/fuzzy"
)

// Weights of the knowledge-base search: where the query's words are found
// in an entry, and how the matcher (which reads error messages, knows the
// signatures and fixes typos) rates the query.
const (
	weightTitle   = 3.0
	weightAlias   = 2.0
	weightSummary = 1.0
	weightPhrase  = 2.0 // the whole query inside the title or an alias
	weightMatcher = 3.0
	// minSearchScore keeps out entries that share only a stray word.
	minSearchScore = 0.5
	// minClosestScore is the bar of a "did you mean" guess: about half
	// the words in a title.
	minClosestScore = 1.5
)

// searchHit is one search result with what the results page shows.
type searchHit struct {
	Entry *knowledge.Entry
	score float64
}

// searchKB ranks the entries for a query: the matcher's score plus how
// much of the query the title, the aliases and the summary hold. It
// returns at most n hits, best first. The query must be redacted.
func searchKB(kb *knowledge.KB, q string, n int) []searchHit {
	q = strings.TrimSpace(clip(q, maxQuery))
	words := searchWords(q)
	if len(words) == 0 {
		return nil
	}
	phrase := strings.ToLower(strings.Join(strings.Fields(q), " "))
	matched := map[*knowledge.Entry]float64{}
	for _, m := range kb.Match(q, kb.Len()).Matches {
		matched[m.Entry] = m.Score
	}
	var hits []searchHit
	for _, e := range kb.Entries() {
		score := weightMatcher*matched[e] + weightTitle*coverage(words, e.Title) + weightSummary*coverage(words, e.Summary)
		best, whole := coverage(words, e.Title), contains(e.Title, phrase)
		for _, a := range e.Aliases {
			best = max(best, coverage(words, a))
			whole = whole || contains(a, phrase)
		}
		score += weightAlias * best
		if whole {
			score += weightPhrase
		}
		if score >= minSearchScore {
			hits = append(hits, searchHit{Entry: e, score: score})
		}
	}
	slices.SortStableFunc(hits, func(a, b searchHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.Entry.ID, b.Entry.ID))
	})
	return hits[:min(n, len(hits))]
}

// closestEntries are the entries an unknown entry id most likely meant:
// ids that hold its letters in order (a cut or mistyped address), then
// the search over its words.
func closestEntries(kb *knowledge.KB, id string, n int) []*knowledge.Entry {
	var out []*knowledge.Entry
	add := func(e *knowledge.Entry) {
		if len(out) < n && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	entries := kb.Entries()
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	if len(id) >= 3 {
		for _, m := range fuzzy.Find(id, ids) {
			add(entries[m.Index])
		}
	}
	// Every id starts "openrouter-": that word tells nothing apart.
	for _, h := range searchKB(kb, strings.ReplaceAll(strings.TrimPrefix(id, "openrouter-"), "-", " "), n) {
		if h.score >= minClosestScore {
			add(h.Entry)
		}
	}
	return out
}

// searchWords are the lower-cased words of a query, each cut to its stem.
func searchWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), splitWord) {
		if w = stem(w); w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func splitWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// stem drops a plural "s" ("tools" finds "tool"), but not from short
// words or from "ss" ("access").
func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// coverage is the share of words found in text, a word counting when a
// word of text has it as its stem or starts with it (a word being typed).
func coverage(words []string, text string) float64 {
	if len(words) == 0 || text == "" {
		return 0
	}
	have := searchWords(text)
	found := 0
	for _, w := range words {
		for _, h := range have {
			if h == w || len(w) >= 3 && strings.HasPrefix(h, w) {
				found++
				break
			}
		}
	}
	return float64(found) / float64(len(words))
}

func contains(text, phrase string) bool {
	return phrase != "" && strings.Contains(strings.ToLower(text), phrase)
}
