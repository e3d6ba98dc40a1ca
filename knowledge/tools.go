package knowledge

// Tool is a program people use OpenRouter through. Entries carry a
// "### <Heading>" block of checks for each tool they list, and the matcher
// recognises the tool that printed a paste from its markers.
type Tool struct {
	ID      string
	Heading string
	// markers are lower-case substrings that show the tool printed a paste.
	markers []string
}

// Tools lists every tool id an entry may name, in display order.
var Tools = []Tool{
	{ID: "cline", Heading: "Cline", markers: []string{"cline"}},
	{ID: "roo-code", Heading: "Roo Code", markers: []string{"roo code", "roo-code", "roocode", "roo-cline"}},
	{ID: "kilo-code", Heading: "Kilo Code", markers: []string{"kilo code", "kilo-code", "kilocode"}},
	{ID: "aider", Heading: "Aider", markers: []string{"aider"}},
	{ID: "litellm", Heading: "LiteLLM", markers: []string{"litellm", "openrouterexception"}},
	{ID: "continue", Heading: "Continue", markers: []string{"continue.dev", "continuedev", "**error details**", "config.yaml provider"}},
	{ID: "opencode", Heading: "opencode", markers: []string{"opencode", "ai_apicallerror"}},
	{ID: "claude-code", Heading: "Claude Code", markers: []string{"claude code", "claude-code", "anthropic_base_url", "anthropic_auth_token", "⎿"}},
	{ID: "openai-sdk", Heading: "OpenAI SDK", markers: []string{"openai.", "from openai", "node_modules/openai", "openai-python", "apistatuserror", "error code: 4", "error code: 5"}},
	{ID: "langchain", Heading: "LangChain", markers: []string{"langchain"}},
	{ID: "open-webui", Heading: "Open WebUI", markers: []string{"open webui", "open-webui", "openwebui"}},
	{ID: "librechat", Heading: "LibreChat", markers: []string{"librechat"}},
	{ID: "home-assistant", Heading: "Home Assistant", markers: []string{"home assistant", "homeassistant", "home-assistant"}},
	{ID: "sillytavern", Heading: "SillyTavern", markers: []string{"sillytavern", "silly tavern"}},
	{ID: "goose", Heading: "Goose", markers: []string{"goose"}},
	{ID: "curl", Heading: "curl", markers: []string{"curl "}},
}

var toolByID = func() map[string]Tool {
	m := make(map[string]Tool, len(Tools))
	for _, t := range Tools {
		m[t.ID] = t
	}
	return m
}()

// ToolName returns the display name of a tool id, or the id itself.
func ToolName(id string) string {
	if t, ok := toolByID[id]; ok {
		return t.Heading
	}
	return id
}
