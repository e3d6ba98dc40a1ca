package knowledge

import (
	"strings"
	"testing"
	"time"
)

func TestReadFacts(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct {
		name  string
		paste string
		want  Facts
	}{
		{
			name:  "python repr with metadata.raw",
			paste: `openai.BadRequestError: Error code: 400 - {'error': {'message': 'Provider returned error', 'code': 400, 'metadata': {'raw': '{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0.thinking.signature: Field required"}}', 'provider_name': 'Anthropic'}}, 'user_id': 'user_2x'}`,
			want:  Facts{Status: 400, Code: "400", Message: "Provider returned error", Provider: "Anthropic", ProviderMessage: "messages.1.content.0.thinking.signature: Field required", ProviderType: "invalid_request_error", Tool: "openai-sdk", Exception: "openai.BadRequestError", Origin: "openrouter"},
		},
		{
			name:  "escaped JSON free limit",
			paste: `API Error: 429 {\"error\":{\"message\":\"Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day\",\"code\":429}} (model: deepseek/deepseek-r1:free)`,
			want:  Facts{Status: 429, Code: "429", Message: "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day", Limit: "free-models-per-day", Model: "deepseek/deepseek-r1:free", Origin: "openrouter"},
		},
		{
			name:  "context figures with thousands separators",
			paste: `OpenRouter: This endpoint's maximum context length is 131,072 tokens. However, you requested about 140,000 tokens (139,000 of text input, 1,000 in the output).`,
			want:  Facts{ContextLimit: 131072, RequestedTokens: 140000},
		},
		{
			name:  "doubled path",
			paste: `POST https://openrouter.ai/api/v1/api/v1/chat/completions 404 Not Found`,
			want:  Facts{Status: 404, BaseURL: "https://openrouter.ai/api/v1/api/v1/chat/completions", PathProblem: "doubled-v1", Endpoint: "chat/completions", Origin: "openrouter"},
		},
		{
			name:  "missing api prefix",
			paste: `Error: 405 Method Not Allowed at https://openrouter.ai/v1/chat/completions`,
			want:  Facts{Status: 405, BaseURL: "https://openrouter.ai/v1/chat/completions", PathProblem: "missing-api-v1", Endpoint: "chat/completions", Origin: "openrouter"},
		},
		{
			name:  "embeddings on a doubled path",
			paste: `Embedding request failed (404) POST https://openrouter.ai/api/v1/v1/embeddings`,
			want:  Facts{Status: 404, BaseURL: "https://openrouter.ai/api/v1/v1/embeddings", PathProblem: "doubled-v1", Endpoint: "embeddings", Origin: "openrouter"},
		},
		{
			name:  "images endpoint",
			paste: `invalid_json method=POST url=https://openrouter.ai/api/v1/images/generations status=404`,
			want:  Facts{Status: 404, BaseURL: "https://openrouter.ai/api/v1/images/generations", Endpoint: "images", Origin: "openrouter"},
		},
		{
			name:  "an endpoint word elsewhere in the path is not an endpoint",
			paste: `see https://openrouter.ai/docs/api/reference/embeddings for the reference`,
			want:  Facts{},
		},
		{
			name:  "a Jackson decoding failure is the client's",
			paste: "Caused by: com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `OpenAiApi$ChatCompletionFinishReason` from String \"error\" (OpenRouter)",
			want:  Facts{Exception: "com.fasterxml.jackson.databind.exc.InvalidFormatException", Origin: "client"},
		},
		{
			name:  "an AI SDK validation failure is the client's",
			paste: `OpenRouter provider error: AI_TypeValidationError: Type validation failed: Value: {"choices":[]}.`,
			want:  Facts{Exception: "AI_TypeValidationError", Origin: "client"},
		},
		{
			name:  "client exception without an answer",
			paste: "Traceback (most recent call last):\n  File \"bot.py\", line 3, in <module>\n    text = resp['choices'][0]\nKeyError: 'choices'",
			want:  Facts{Exception: "KeyError", Origin: "client"},
		},
		{
			name:  "apostrophe inside a single-quoted value",
			paste: `{'error': {'message': 'This endpoint's maximum context length is 8192 tokens', 'code': 400}}`,
			want:  Facts{Status: 400, Code: "400", Message: "This endpoint's maximum context length is 8192 tokens", ContextLimit: 8192},
		},
		{
			name:  "tool version",
			paste: `Cline v3.17.5: 401 No auth credentials found`,
			want:  Facts{Status: 401, Tool: "cline", ToolVersion: "3.17.5"},
		},
		{
			name:  "prose words are not keys",
			paste: `Failed to generate commit message: 401 No auth credentials found`,
			want:  Facts{Status: 401},
		},
		{
			name:  "finish reason and max_tokens",
			paste: `{"choices":[{"finish_reason":"error","native_finish_reason":"error"}],"model":"qwen/qwen3-coder","max_tokens": 8192}`,
			want:  Facts{Model: "qwen/qwen3-coder", MaxTokens: 8192, FinishReason: "error"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := kb.Match(tc.paste, 3).Facts
			if got != tc.want {
				t.Errorf("facts:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestFactsGet(t *testing.T) {
	f := Facts{Status: 400, Model: "deepseek/deepseek-r1:free", ContextLimit: 131072, RequestedTokens: 140000}
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"status", "400", true},
		{"overshoot", "8928", true},
		{"free", "yes", true},
		{"variant", "free", true},
		{"provider", "", false},
		{"no-such-fact", "", false},
	}
	for _, tc := range tests {
		got, ok := f.Get(tc.name)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Get(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	for _, m := range []string{"openai/gpt-4o", "openai/gpt-4o:", ":online"} {
		if v, ok := (Facts{Model: m}).Get("variant"); ok {
			t.Errorf("model %q states variant %q", m, v)
		}
	}
	if v, _ := (Facts{Model: "openai/gpt-4o:online"}).Get("variant"); v != "online" {
		t.Errorf("variant of openai/gpt-4o:online = %q, want online", v)
	}
	for _, n := range FactNames {
		if _, ok := (Facts{}).Get(n); ok {
			t.Errorf("empty facts state %q", n)
		}
	}
}

// TestReadFactsLinear holds the facts reader to linear time: a paste made
// of many repeated anchors costs per byte about what a short one does.
func TestReadFactsLinear(t *testing.T) {
	for _, unit := range []string{"Error ", `"message": "`, "api.", "code: ", "KeyError\n", "openrouter.ai/", `\\\"raw\\\":\\\"`} {
		small := strings.Repeat(unit, 1<<9)
		big := strings.Repeat(unit, 16<<10)
		ts := perByte(func() { readFacts(small, asciiLower(small), Signals{OpenRouter: 1, Tool: "cline"}) }, len(small))
		tb := perByte(func() { readFacts(big, asciiLower(big), Signals{OpenRouter: 1, Tool: "cline"}) }, len(big))
		if tb > 4*ts+20 {
			t.Errorf("%q repeated: %.1f ns/byte at %d bytes, %.1f at %d", unit, tb, len(big), ts, len(small))
		}
	}
}

// perByte times f over n bytes of input, the best of five runs, in ns per
// byte. The best run is the one least disturbed by other work on the
// machine.
func perByte(f func(), n int) float64 {
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		for range max(1, (1<<20)/n) {
			f()
		}
		best = min(best, time.Since(start))
	}
	return float64(best.Nanoseconds()) / float64(max(1, (1<<20)/n)*n)
}

// TestFactsEvidence checks that an entry's facts conditions hold for the
// pastes that state those facts, and only for them.
func TestFactsEvidence(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct {
		entry, text string
		want        bool
	}{
		{"openrouter-wrong-base-url", "POST https://openrouter.ai/api/v1/v1/chat/completions failed", true},
		{"openrouter-wrong-base-url", "POST https://openrouter.ai/api/v1/chat/completions failed", false},
		{"openrouter-embeddings", "POST https://openrouter.ai/api/v1/embeddings: 404", true},
		{"openrouter-embeddings", "POST https://openrouter.ai/api/v1/chat/completions: 404", false},
		{"openrouter-image-generation", "calling https://openrouter.ai/api/v1/images/generations", true},
		{"openrouter-401-invalid-key", "POST https://openrouter.ai/api/v1/v1/chat/completions failed", false},
	}
	for _, tt := range tests {
		e, ok := kb.Get(tt.entry)
		if !ok {
			t.Fatalf("no entry %s", tt.entry)
		}
		res := kb.Match(tt.text, 32)
		if got := e.FactsHold(res.Facts); got != tt.want {
			t.Errorf("%s.FactsHold(%q) = %v, want %v (facts %+v)", tt.entry, tt.text, got, tt.want, res.Facts)
		}
		if tt.want {
			found := false
			for _, m := range res.Matches {
				found = found || m.Entry.ID == tt.entry
			}
			if !found {
				t.Errorf("%q: %s is not a candidate, though its facts hold", tt.text, tt.entry)
			}
		}
	}
}
