package knowledge

import (
	"slices"
	"strings"
)

// Tool is a program people use OpenRouter through. Entries carry a
// "### <Heading>" block of checks for each tool they list, and the matcher
// recognises the tool that printed a paste from its markers.
type Tool struct {
	ID      string
	Heading string
	// words are phrases (matched on the normalised words of a paste, like
	// signatures) that show the tool printed it or the user names it.
	words []string
	// raw are lower-case substrings with punctuation that words cannot see.
	raw []string
}

// Tools lists every tool id an entry may name, in display order.
var Tools = []Tool{
	{ID: "cline", Heading: "Cline", words: []string{"cline"}},
	{ID: "roo-code", Heading: "Roo Code", words: []string{"roo code", "roocode", "roo cline", "roo"}},
	{ID: "kilo-code", Heading: "Kilo Code", words: []string{"kilo code", "kilocode"}},
	{ID: "aider", Heading: "Aider", words: []string{"aider"}},
	{ID: "litellm", Heading: "LiteLLM", words: []string{"litellm", "openrouter exception"}},
	{ID: "continue", Heading: "Continue", words: []string{"continuedev", "continue dev"}, raw: []string{"**error details**"}},
	{ID: "opencode", Heading: "opencode", words: []string{"opencode", "ai api call error"}},
	{ID: "claude-code", Heading: "Claude Code", words: []string{"claude code", "anthropic base url", "anthropic auth token"}, raw: []string{"⎿"}},
	{ID: "openai-sdk", Heading: "OpenAI SDK", words: []string{"openai python", "openai node", "from openai import", "api status error", "openai not found error", "openai authentication error", "openai rate limit error", "openai internal server error", "openai bad request error", "openai permission denied error", "openai api connection error"}, raw: []string{"node_modules/openai", "error code: 4", "error code: 5"}},
	{ID: "langchain", Heading: "LangChain", words: []string{"langchain"}},
	{ID: "open-webui", Heading: "Open WebUI", words: []string{"open webui", "openwebui"}},
	{ID: "librechat", Heading: "LibreChat", words: []string{"librechat"}},
	{ID: "home-assistant", Heading: "Home Assistant", words: []string{"home assistant", "homeassistant"}},
	{ID: "sillytavern", Heading: "SillyTavern", words: []string{"sillytavern", "silly tavern"}},
	{ID: "goose", Heading: "Goose", words: []string{"goose"}},
	{ID: "curl", Heading: "curl", words: []string{"curl"}},
}

var toolByID = func() map[string]Tool {
	m := make(map[string]Tool, len(Tools))
	for _, t := range Tools {
		m[t.ID] = t
	}
	return m
}()

// kin are tools that share their configuration, in order of preference:
// Aider runs on LiteLLM, Roo Code and Kilo Code are forks of Cline.
var kin = map[string][]string{
	"litellm":   {"aider"},
	"aider":     {"litellm"},
	"roo-code":  {"cline", "kilo-code"},
	"kilo-code": {"cline", "roo-code"},
	"cline":     {"roo-code", "kilo-code"},
}

// ToolChecksFor returns the checks for a tool, or for its closest kin when
// the entry has none for the tool itself, and the tool id they are for.
func (e *Entry) ToolChecksFor(tool string) (string, string) {
	if s := e.ToolChecks(tool); s != "" {
		return s, tool
	}
	for _, k := range kin[tool] {
		if s := e.ToolChecks(k); s != "" {
			return s, k
		}
	}
	return "", ""
}

// ToolName returns the display name of a tool id, or the id itself.
func ToolName(id string) string {
	if t, ok := toolByID[id]; ok {
		return t.Heading
	}
	return id
}

// toolPhrase is a compiled tool marker.
type toolPhrase struct {
	tool string
	toks []uint32
}

// compileTools turns the tools' word markers into term sequences, indexed
// by their first term.
func (ix *index) compileTools() {
	ix.toolStart = map[uint32][]toolPhrase{}
	for _, t := range Tools {
		for _, w := range t.words {
			words := tokenize(w, nil)
			toks := make([]uint32, len(words))
			for i, x := range words {
				toks[i] = ix.term(x)
			}
			ix.toolStart[toks[0]] = append(ix.toolStart[toks[0]], toolPhrase{tool: t.ID, toks: toks})
		}
	}
}

// detectTool finds the first tool marker in a paste: its words first,
// then the raw substrings.
func (ix *index) detectTool(toks []uint32, lower string) string {
	for i, t := range toks {
		for _, p := range ix.toolStart[t] {
			if len(toks)-i >= len(p.toks) && slices.Equal(toks[i:i+len(p.toks)], p.toks) {
				return p.tool
			}
		}
	}
	for _, t := range Tools {
		for _, r := range t.raw {
			if strings.Contains(lower, r) {
				return t.ID
			}
		}
	}
	return ""
}
