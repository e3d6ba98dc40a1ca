package knowledge

import (
	"strings"
	"testing"
)

// Every tool is recognised from a realistic paste or mention, and a bare
// OpenRouter error names no tool.
func TestDetectToolPerProfile(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct{ tool, paste string }{
		{"cline", "Cline: 429 Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day"},
		{"roo-code", "Roo Code says 401 No auth credentials found even with a new key"},
		{"kilo-code", `Kilo Code: 404 No endpoints found that support tool use. Try disabling "question".`},
		{"aider", "aider --model openrouter/deepseek/deepseek-coder -> litellm.NotFoundError: deepseek/deepseek-coder is not a valid model ID"},
		{"litellm", `litellm.APIError: APIError: OpenrouterException - {"error":{"message":"Provider returned error","code":429}}`},
		{"continue", "**Error Details**\n\nModel: <Open Router>\nProvider: openrouter\nStatus Code: 401\n\n**Error Output**\n401 No cookie auth credentials found"},
		{"opencode", "opencode: AI_APICallError: This request requires more credits, or fewer max_tokens"},
		{"claude-code", `⎿  API Error: 401 {"error":{"message":"User not found.","code":401}}`},
		{"claude-code-router", `claude-code-router: 401 {"error":{"message":"No auth credentials found","code":401}}`},
		{"claude-code-router", "ccr code keeps failing with 401 No auth credentials found"},
		{"openai-sdk", "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}"},
		{"vercel-ai-sdk", "at node_modules/@openrouter/ai-sdk-provider/dist/index.mjs: AI_APICallError: No endpoints found that support tool use"},
		{"langchain", "langchain_openai ChatOpenAI raised Error code: 404 - No endpoints found matching your data policy"},
		{"pydantic-ai", "pydantic_ai.exceptions.ModelHTTPError: status_code: 402, model_name: openai/gpt-4o, body: Insufficient credits"},
		{"goose", "goose session: Request failed: 401 User not found."},
		{"zed", "Zed agent: 404 No endpoints found that support the provided 'tool_choice' value"},
		{"open-webui", "Open WebUI shows 401 No auth credentials found with my OpenRouter connection"},
		{"librechat", "LibreChat: 402 Payment Required from OpenRouter"},
		{"lobechat", "LobeChat OpenRouter provider: No auth credentials found"},
		{"sillytavern", "SillyTavern: OpenRouter returned 429 Rate limit exceeded"},
		{"cherry-studio", "Cherry Studio: 401 User not found."},
		{"n8n", "n8n OpenRouter Chat Model: 401 No auth credentials found"},
		{"home-assistant", "Home Assistant open_router: No endpoints found that support tool use"},
		{"curl", "curl https://openrouter.ai/api/v1/chat/completions gives 401 User not found."},
		{"litellm", "LiteLLM proxy: 401 User not found."},
		{"open-webui", "OpenWebUI: 401 User not found."},
		{"langchain", "LangChain agent fails with 402"},
		{"", `{"error":{"message":"User not found.","code":401}}`},
		{"", "429 Rate limit exceeded: free-models-per-day"},
	}
	for _, tc := range tests {
		t.Run(tc.tool+"/"+tc.paste[:min(24, len(tc.paste))], func(t *testing.T) {
			if got := kb.Match(tc.paste, 1).Tool; got != tc.tool {
				t.Errorf("tool %q, want %q", got, tc.tool)
			}
		})
	}
}

// entryWithBlocks is a parsed entry whose tool checks hold blocks for the
// given tools only.
func entryWithBlocks(t *testing.T, blocks map[string]string) *Entry {
	t.Helper()
	var subs []Section
	for id, text := range blocks {
		subs = append(subs, Section{Title: ToolName(id), Text: text})
	}
	return &Entry{ID: "x", plain: &entryText{sections: []Section{{Title: SecToolChecks, Subsections: subs}}}}
}

func TestToolChecksSource(t *testing.T) {
	e := entryWithBlocks(t, map[string]string{"aider": "aider --model openrouter/...", "cline": "Cline settings"})
	tests := []struct {
		tool        string
		wantForTool string
		wantProfile bool
		wantHas     string
	}{
		{"aider", "aider", false, "aider --model"},
		{"cline", "cline", false, "Cline settings"},
		{"litellm", "litellm", true, "OpenrouterException"}, // never Aider's block
		{"roo-code", "roo-code", true, "Roo Code"},          // never Cline's block
		{"zed", "zed", true, "LLM Providers"},
	}
	for _, tc := range tests {
		t.Run(tc.tool, func(t *testing.T) {
			md, forTool, fromProfile := e.ToolChecksSource(tc.tool)
			if forTool != tc.wantForTool || fromProfile != tc.wantProfile || !strings.Contains(md, tc.wantHas) {
				t.Errorf("got (%q, %q, %v), want forTool %q, fromProfile %v, text with %q", md, forTool, fromProfile, tc.wantForTool, tc.wantProfile, tc.wantHas)
			}
			if tc.tool != "aider" && strings.Contains(md, "aider --model") {
				t.Errorf("%s got Aider's block", tc.tool)
			}
			if md2, ft2 := e.ToolChecksFor(tc.tool); md2 != md || ft2 != forTool {
				t.Errorf("ToolChecksFor disagrees with ToolChecksSource")
			}
		})
	}
	if md, forTool, fromProfile := e.ToolChecksSource("emacs"); md != "" || forTool != "" || fromProfile {
		t.Errorf("unknown tool got (%q, %q, %v)", md, forTool, fromProfile)
	}
}

// A LiteLLM paste answered by the default knowledge base shows LiteLLM's
// own checks, never Aider's.
func TestLiteLLMPasteNeverGetsAiderChecks(t *testing.T) {
	kb := mustDefault(t)
	for _, e := range kb.Entries() {
		aider := e.ToolChecks("aider")
		if aider == "" {
			continue
		}
		md, forTool, _ := e.ToolChecksSource("litellm")
		if forTool != "litellm" || md == aider {
			t.Errorf("%s: litellm checks come from %q", e.ID, forTool)
		}
	}
}

// same_as is honoured only when a profile declares it.
func TestSameAsDeclaredOnly(t *testing.T) {
	for _, p := range Profiles() {
		for _, s := range p.SameAs {
			if _, ok := Profile(s); !ok {
				t.Errorf("%s: same_as %q is not a profile", p.ID, s)
			}
		}
	}
}

// Lint knows every profile's id: an entry may list any of them (and then
// needs its block), and an id without a profile is refused.
func TestLintKnowsProfileIDs(t *testing.T) {
	valid := validEntry(t)
	for _, p := range Profiles() {
		if p.ID == "cline" {
			continue // the test entry lists it already
		}
		text := strings.Replace(valid, "tools: [cline]", "tools: [cline, "+p.ID+"]", 1)
		text = strings.Replace(text, "### Cline\n\nOpen Settings.\n", "### Cline\n\nOpen Settings.\n\n### "+p.Name+"\n\nCheck it.\n", 1)
		if _, err := Parse("openrouter-widget-jam.md", []byte(text)); err != nil {
			t.Errorf("%s: %v", p.ID, err)
		}
	}
	text := strings.Replace(valid, "tools: [cline]", "tools: [cline, cursor]", 1)
	if _, err := Parse("openrouter-widget-jam.md", []byte(text)); err == nil || !strings.Contains(err.Error(), `unknown tool id "cursor"`) {
		t.Errorf("an id without a profile: %v", err)
	}
}
