package gaps

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/orfix/orfix/internal/lazyre"
)

// Paste is one distinct unmatched text and how often it was pasted.
type Paste struct {
	Text     string
	Count    int
	LastSeen time.Time
}

// Limits of a cluster.
const (
	// MaxExamples is the most example pastes a Cluster keeps.
	MaxExamples = 5
	// maxPhraseWords bounds the common phrase, in words.
	maxPhraseWords = 12
	// phraseMembers is how many of a cluster's pastes the common phrase
	// is looked for in.
	phraseMembers = 20
)

// Cluster is one coverage gap: the unmatched pastes that share a key.
type Cluster struct {
	// ID is a short, stable name of the key, for URLs and file names.
	ID string
	// Key is the normalised form the pastes share (see Key).
	Key string
	// Count is how many times the cluster's pastes were pasted, Distinct
	// how many different texts they are.
	Count, Distinct int
	LastSeen        time.Time
	// Examples are the most frequent pastes, at most MaxExamples.
	Examples []string
	// Phrase is the longest run of words every paste shares (in the
	// casing of the most frequent paste), a signature to start from.
	Phrase string

	members []string // normalised forms, for the phrase
}

// Clusters groups pastes by Key, most pasted cluster first (ties: most
// recently seen, then key). Pastes with an empty key are left out.
func Clusters(pastes []Paste) []Cluster {
	byKey := map[string]*Cluster{}
	var order []*Cluster
	sorted := slices.Clone(pastes)
	slices.SortStableFunc(sorted, func(a, b Paste) int { return cmp.Compare(b.Count, a.Count) })
	for _, p := range sorted {
		norm := Normalize(p.Text)
		k := keyOf(norm)
		if k == "" || p.Count <= 0 {
			continue
		}
		c := byKey[k]
		if c == nil {
			c = &Cluster{ID: clusterID(k), Key: k}
			byKey[k] = c
			order = append(order, c)
		}
		c.Count += p.Count
		c.Distinct++
		if p.LastSeen.After(c.LastSeen) {
			c.LastSeen = p.LastSeen
		}
		if len(c.Examples) < MaxExamples {
			c.Examples = append(c.Examples, p.Text)
		}
		if len(c.members) < phraseMembers {
			// JSON keys are scaffolding, not the error: they break runs.
			c.members = append(c.members, jsonKey().ReplaceAllString(norm, " <key> "))
		}
	}
	out := make([]Cluster, 0, len(order))
	for _, c := range order {
		c.Phrase = commonPhrase(c.members, c.Examples[0])
		if c.Phrase == "" {
			c.Phrase = c.Key
		}
		c.members = nil
		out = append(out, *c)
	}
	slices.SortStableFunc(out, func(a, b Cluster) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := b.LastSeen.Compare(a.LastSeen); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// clusterID is the first 12 hex digits of the key's SHA-256.
func clusterID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:6])
}

// jsonKey is a key of a JSON object in a normalised form.
var jsonKey = lazyre.New(`"[\p{L}\p{N}_-]+":`)

// wordPattern splits a normalised form into words; placeholders are words.
var wordPattern = lazyre.New(`<[a-z]+>|[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*`)

// commonPhrase is the longest run of words, without placeholders and at
// most maxPhraseWords long, that every member holds, as it is written in
// original; "" when there is none.
func commonPhrase(members []string, original string) string {
	if len(members) == 0 {
		return ""
	}
	joined := make([]string, len(members))
	for i, m := range members {
		joined[i] = " " + strings.Join(wordPattern().FindAllString(m, -1), " ") + " "
	}
	first := wordPattern().FindAllString(members[0], -1)
	best := []string(nil)
	for start := range first {
		for end := start + 1; end <= len(first) && end-start <= maxPhraseWords; end++ {
			if isPlaceholder(first[end-1]) {
				break
			}
			run := first[start:end]
			if len(run) <= len(best) {
				continue
			}
			needle := " " + strings.Join(run, " ") + " "
			if !allContain(joined[1:], needle) {
				break // a longer run from start cannot be shared either
			}
			best = run
		}
	}
	if len(best) == 0 {
		return ""
	}
	return inOriginal(best, original)
}

func allContain(hay []string, needle string) bool {
	for _, h := range hay {
		if !strings.Contains(h, needle) {
			return false
		}
	}
	return true
}

// inOriginal finds the words in original, case-insensitively and with
// anything but letters and digits between them, and returns that stretch
// of original; the words joined by spaces when it is not found.
func inOriginal(words []string, original string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	re, err := regexp.Compile(`(?i)` + strings.Join(quoted, `[^\p{L}\p{N}]+`))
	if err == nil {
		if m := re.FindString(original); m != "" {
			return m
		}
	}
	return strings.Join(words, " ")
}
