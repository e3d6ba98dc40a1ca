package knowledge

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

//go:embed tools/*.md
var profileFS embed.FS

// Tool is a program people use OpenRouter through. Entries carry a
// "### <Heading>" block of checks for each tool they list, and the matcher
// recognises the tool that printed a paste from its markers. Tools are
// derived from the tool profiles (see ToolProfile).
type Tool struct {
	ID      string
	Heading string
	// words are phrases (matched on the normalised words of a paste, like
	// signatures) that show the tool printed it or the user names it.
	words []string
	// raw are lower-case substrings with punctuation that words cannot see.
	raw []string
}

// toolTable is everything derived from the embedded tool profiles, built
// once and never changed.
type toolTable struct {
	profiles []*ToolProfile
	byID     map[string]*ToolProfile
	tools    []Tool
	toolByID map[string]Tool
}

// tools is the immutable table of the embedded profiles, built on first
// use: parsing them at package initialisation would delay every start,
// even the liveness probe's.
var tools = sync.OnceValue(mustToolTable)

func mustToolTable() toolTable {
	sub, err := fs.Sub(profileFS, "tools")
	if err != nil {
		panic(fmt.Sprintf("knowledge: embedded tool profiles: %v", err)) // cannot happen: the directory is embedded
	}
	ps, err := LoadProfiles(sub)
	if err != nil {
		// The profiles ship inside the binary and a test loads them: a
		// bad one never gets past the test suite.
		panic(fmt.Sprintf("knowledge: embedded tool profiles are invalid:\n%v", err))
	}
	t := toolTable{profiles: ps, byID: map[string]*ToolProfile{}, toolByID: map[string]Tool{}}
	for _, p := range ps {
		tool := Tool{ID: p.ID, Heading: p.Name, words: p.Markers, raw: p.RawMarkers}
		t.byID[p.ID] = p
		t.tools = append(t.tools, tool)
		t.toolByID[p.ID] = tool
	}
	return t
}

// Tools lists every tool id an entry may name, in display order (by group,
// then name). It is derived from the tool profiles; do not modify it.
func Tools() []Tool { return tools().tools }

// toolByID finds a tool by its id.
func toolByID(id string) (Tool, bool) {
	t, ok := tools().toolByID[id]
	return t, ok
}

// Profile returns the profile of a tool id.
func Profile(id string) (*ToolProfile, bool) {
	p, ok := tools().byID[id]
	return p, ok
}

// Profiles returns every tool profile in display order. The slice and the
// profiles must not be modified.
func Profiles() []*ToolProfile { return tools().profiles }

// ToolName returns the display name of a tool id, or the id itself.
func ToolName(id string) string {
	if t, ok := toolByID(id); ok {
		return t.Heading
	}
	return id
}

// ToolChecksFor returns the checks for a tool and the tool id they are for;
// see ToolChecksSource.
func (e *Entry) ToolChecksFor(tool string) (string, string) {
	md, forTool, _ := e.ToolChecksSource(tool)
	return md, forTool
}

// ToolChecksSource returns the checks to show for a tool: the entry's own
// "### <Heading>" block for it, else the block of a tool its profile
// declares same_as (forTool is then that tool), else the profile's
// "General checks" (fromProfile is then true and forTool the tool itself).
// It never returns another tool's block otherwise. An unknown tool gets
// nothing.
func (e *Entry) ToolChecksSource(tool string) (md, forTool string, fromProfile bool) {
	if s := e.ToolChecks(tool); s != "" {
		return s, tool, false
	}
	p, ok := Profile(tool)
	if !ok {
		return "", "", false
	}
	for _, k := range p.SameAs {
		if s := e.ToolChecks(k); s != "" {
			return s, k, false
		}
	}
	if p.GeneralChecks != "" {
		return p.GeneralChecks, tool, true
	}
	return "", "", false
}

// toolPhrase is a compiled tool marker.
type toolPhrase struct {
	tool string
	toks []uint32
}

// compileTools turns the tools' word markers into term sequences, indexed
// by their first term, longest first so that "claude code router" wins
// over "claude code".
func (ix *index) compileTools() {
	ix.toolStart = map[uint32][]toolPhrase{}
	for _, t := range Tools() {
		for _, w := range t.words {
			words := tokenize(w, nil)
			toks := make([]uint32, len(words))
			for i, x := range words {
				toks[i] = ix.term(x)
			}
			ix.toolStart[toks[0]] = append(ix.toolStart[toks[0]], toolPhrase{tool: t.ID, toks: toks})
		}
	}
	for _, ps := range ix.toolStart {
		slices.SortStableFunc(ps, func(a, b toolPhrase) int { return len(b.toks) - len(a.toks) })
	}
}

// detectTool finds the tool that printed a paste: the first word marker in
// the paste, else the raw substring that occurs first (the longer one on a
// tie).
func (ix *index) detectTool(toks []uint32, lower string) string {
	for i, t := range toks {
		for _, p := range ix.toolStart[t] {
			if len(toks)-i >= len(p.toks) && slices.Equal(toks[i:i+len(p.toks)], p.toks) {
				return p.tool
			}
		}
	}
	best, bestAt, bestLen := "", len(lower), 0
	for _, t := range Tools() {
		for _, r := range t.raw {
			at := strings.Index(lower, r)
			if at >= 0 && (at < bestAt || at == bestAt && len(r) > bestLen) {
				best, bestAt, bestLen = t.ID, at, len(r)
			}
		}
	}
	return best
}
