package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/orfix/orfix/knowledge"
)

// testKB is the default knowledge base with the entries of testdata/kb laid
// over it (an entry with conditional fixes whose wording is ours).
func testKB(tb testing.TB) *knowledge.KB {
	tb.Helper()
	kb, err := knowledge.Load("testdata/kb")
	if err != nil {
		tb.Fatalf("load testdata/kb: %v", err)
	}
	return kb
}

func TestFixesFitThePaste(t *testing.T) {
	kb := testKB(t)
	e, ok := kb.Get("test-fitted-fixes")
	if !ok {
		t.Fatal("test entry not loaded")
	}
	b := New(kb, Config{PublicURL: "https://orfix.example"})
	tests := []struct {
		name  string
		facts knowledge.Facts
		want  []string
	}{
		{"per day", knowledge.Facts{Status: 429, Limit: "free-models-per-day"},
			[]string{"Wait for the daily reset at 00:00 UTC.", "Check the zorblax dashboard.", "Ask in the support channel."}},
		{"per minute", knowledge.Facts{Status: 429, Limit: "free-models-per-min"},
			[]string{"Wait a minute: the per-minute cap resets quickly.", "Check the zorblax dashboard.", "Ask in the support channel."}},
		{"context figures", knowledge.Facts{ContextLimit: 131072, RequestedTokens: 140000},
			[]string{"Cut about 8,928 tokens: the request asked for 140,000 of 131,072 tokens.", "Check the zorblax dashboard.", "Ask in the support channel."}},
		{"free model", knowledge.Facts{Model: "deepseek/deepseek-r1:free", Limit: "free-models-per-day"},
			[]string{"Wait for the daily reset at 00:00 UTC.", "Switch from `deepseek/deepseek-r1:free` to its paid variant.", "Check the zorblax dashboard."}},
		{"nothing stated", knowledge.Facts{},
			[]string{"Check the zorblax dashboard.", "Ask in the support channel."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r Reply
			res := knowledge.Result{Matches: []knowledge.Scored{{Entry: e, Score: 0.9}}, Facts: tc.facts}
			b.fill(&r, kb, res, "")
			if !slices.Equal(r.Fixes, tc.want) {
				t.Errorf("fixes:\n got %q\nwant %q", r.Fixes, tc.want)
			}
			if r.Summary != "The zorblax quota is used up." {
				t.Errorf("summary %q, want the entry summary", r.Summary)
			}
		})
	}
}

func TestReadSentence(t *testing.T) {
	tests := []struct {
		name  string
		facts knowledge.Facts
		tool  string
		want  string
	}{
		{"everything", knowledge.Facts{Status: 429, Limit: "free-models-per-day", Model: "deepseek/deepseek-r1:free"}, "Cline",
			"OpenRouter answered 429 `free-models-per-day` to Cline for `deepseek/deepseek-r1:free`"},
		{"status and message", knowledge.Facts{Status: 401, Message: "User not found."}, "",
			"OpenRouter answered 401 `User not found.`"},
		{"long message left out", knowledge.Facts{Status: 400, Message: "This endpoint's maximum context length is 131072 tokens. However, you requested about 140000 tokens"}, "",
			"OpenRouter answered 400"},
		{"numeric code left out", knowledge.Facts{Status: 402, Code: "402"}, "", "OpenRouter answered 402"},
		{"provider", knowledge.Facts{Status: 429, Provider: "Chutes"}, "", "OpenRouter (from Chutes) answered 429"},
		{"other vendor", knowledge.Facts{Status: 401, Origin: "other-vendor"}, "", "Another vendor's API answered 401"},
		{"exception only", knowledge.Facts{Exception: "KeyError"}, "Aider", "The paste shows `KeyError` to Aider"},
		{"tool only", knowledge.Facts{}, "Cline", "An error to Cline"},
		{"nothing", knowledge.Facts{}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := readSentence(tc.facts, tc.tool); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestLeadSentence(t *testing.T) {
	tests := []struct{ read, summary, want string }{
		{"OpenRouter answered 429", "Your free quota is used up.", "OpenRouter answered 429: your free quota is used up."},
		{"OpenRouter answered 401", "OpenRouter does not know this key.", "OpenRouter answered 401: OpenRouter does not know this key."},
		{"OpenRouter answered 401", "API keys expire.", "OpenRouter answered 401: API keys expire."},
		{"", "Your free quota is used up.", "Your free quota is used up."},
		{"OpenRouter answered 500", "", "OpenRouter answered 500."},
	}
	for _, tc := range tests {
		if got := leadSentence(tc.read, tc.summary); got != tc.want {
			t.Errorf("leadSentence(%q, %q) = %q, want %q", tc.read, tc.summary, got, tc.want)
		}
	}
}

func TestFixesWithin(t *testing.T) {
	r := Reply{Summary: "Short.", Fixes: []string{strings.Repeat("a", 300), strings.Repeat("b", 300), strings.Repeat("c", 300)}}
	tests := []struct {
		budget, want int
	}{
		{10000, 3}, {700, 2}, {400, 1}, {1, 1},
	}
	for _, tc := range tests {
		if got := len(r.FixesWithin(tc.budget)); got != tc.want {
			t.Errorf("budget %d: %d fixes, want %d", tc.budget, got, tc.want)
		}
	}
}

func TestShortTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"OpenRouter 429 free model limit reached: \"Rate limit exceeded\"", "OpenRouter 429 free model limit reached"},
		{"Short: title", "Short: title"},
		{"OpenRouter \"No allowed providers are available for the selected model\" (404/503 routing)", "OpenRouter \"No allowed providers are…"},
		{"401 User not found", "401 User not found"},
	}
	for _, tc := range tests {
		if got := ShortTitle(tc.in); got != tc.want {
			t.Errorf("ShortTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
