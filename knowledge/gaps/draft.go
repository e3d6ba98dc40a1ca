package gaps

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/internal/lazyre"
	"github.com/orfix/orfix/knowledge"
)

// maxTitleTODO leaves room for the "TODO: " before a title drawn from
// the phrase.
const maxTitleTODO = knowledge.MaxTitleRunes - len("TODO: ")

// draftFront is the front matter of a draft, in the order of the
// knowledge-base format.
type draftFront struct {
	ID         string   `yaml:"id"`
	Title      string   `yaml:"title"`
	Summary    string   `yaml:"summary"`
	Category   string   `yaml:"category"`
	Status     []int    `yaml:"status,flow"`
	Signatures []string `yaml:"signatures"`
	Tools      []string `yaml:"tools,flow"`
	Related    []string `yaml:"related,flow"`
	Examples   []string `yaml:"examples"`
	Updated    string   `yaml:"updated"`
	Sources    []string `yaml:"sources"`
}

// draftBody holds every required section as a stub. TODO marks what a
// person must write; `orfix kb lint` refuses the file until none is left.
const draftBody = `## What this error means

TODO: say in two or three sentences what went wrong and where (the client, OpenRouter, the provider).

## Why this happens

- TODO: the mechanism behind the error.

## Common causes

- TODO: the most common cause first.

## Quick fixes

1. TODO: the fix that works most often.
2. TODO: the next fix to try.

## Tool-specific checks

TODO: add a "### Tool" block for each tool in the tools field.

## Step-by-step troubleshooting

1. TODO: the first thing to check.

## How to prevent it

- TODO: what keeps this error away.

## FAQ

### TODO: the first question people ask?

TODO: its answer.

### TODO: a second question?

TODO: its answer.

### TODO: a third question?

TODO: its answer.

## Sources

- Drafted by orfix from %d unmatched pastes (%d distinct), last seen %s.
`

var statusInKey = lazyre.New(`\b([45]\d\d)\b`)

// Draft returns a knowledge-base entry for c: the id, title and signature
// drawn from its common phrase, its examples, the status codes its key
// holds, and every required section as a TODO stub. today dates it.
func Draft(c Cluster, today time.Time) (name string, data []byte, err error) {
	id := SuggestID(c)
	fm := draftFront{
		ID:         id,
		Title:      "TODO: " + cutWords(oneLine(c.Phrase), maxTitleTODO),
		Summary:    "TODO: the one sentence a chat reply leads with.",
		Category:   "TODO / Uncategorised",
		Status:     statuses(c.Key),
		Signatures: []string{signature(c.Phrase)},
		Tools:      []string{},
		Related:    []string{},
		Examples:   c.Examples,
		Updated:    today.UTC().Format(time.DateOnly),
		Sources:    []string{"TODO: where this error is documented or reported"},
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# Drafted by orfix from a coverage gap (cluster %s). Fill in every TODO, then run orfix kb lint.\n", c.ID)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return "", nil, fmt.Errorf("gaps: draft %s: %w", c.ID, err)
	}
	if err := enc.Close(); err != nil {
		return "", nil, fmt.Errorf("gaps: draft %s: %w", c.ID, err)
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, draftBody, c.Count, c.Distinct, c.LastSeen.UTC().Format(time.DateOnly))
	return id + ".md", b.Bytes(), nil
}

// SuggestID is an entry id for c: "openrouter-", the first status code in
// its key if any, and up to five words of its phrase.
func SuggestID(c Cluster) string {
	parts := []string{"openrouter"}
	parts = append(parts, strconv.Itoa(firstStatus(c.Key)))
	if parts[1] == "0" {
		parts = parts[:1]
	}
	n := 0
	for _, w := range wordPattern().FindAllString(strings.ToLower(c.Phrase), -1) {
		if isPlaceholder(w) {
			continue
		}
		w = strings.Trim(slugChars().ReplaceAllString(w, "-"), "-")
		if w == "" || w == "openrouter" || w == parts[len(parts)-1] {
			continue
		}
		parts = append(parts, w)
		if n++; n == 5 {
			break
		}
	}
	if n == 0 {
		parts = append(parts, "gap", c.ID)
	}
	id := strings.Join(parts, "-")
	if len(id) > 80 {
		id = strings.TrimRight(id[:80], "-")
	}
	return id
}

var slugChars = lazyre.New(`[^a-z0-9]+`)

func firstStatus(key string) int {
	if m := statusInKey().FindStringSubmatch(key); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// statuses lists the distinct status codes in key, in order.
func statuses(key string) []int {
	out := []int{}
	seen := map[int]bool{}
	for _, m := range statusInKey().FindAllStringSubmatch(key, -1) {
		n, _ := strconv.Atoi(m[1])
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// signature writes phrase as a signature: a leading '[' or '~' would read
// as signature syntax, so it is dropped.
func signature(phrase string) string {
	s := strings.TrimLeft(oneLine(phrase), "[~ ")
	if s == "" {
		return "TODO: a phrase that identifies the error"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cutWords cuts s to at most n runes at a word boundary.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return strings.TrimSpace(string(r)[:i])
	}
	return string(r)
}
