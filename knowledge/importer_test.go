package knowledge

import "testing"

func TestClipTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"OpenRouter 401 error", "OpenRouter 401 error"},
		{`OpenRouter returns 418 "teapot circuit tripped" in Cline and other AI tools`, `OpenRouter returns 418 "teapot circuit tripped" in Cline`},
		{"OpenRouter provider returns 401 unauthorized error in Cline and other AI tools", "OpenRouter provider returns 401 unauthorized error in Cline"},
		{"OpenRouter 402: insufficient credits, top up, lower max_tokens, buy more credits now", "OpenRouter 402: insufficient credits, top up, lower"},
	}
	for _, tc := range tests {
		got := clipTitle(tc.in)
		if got != tc.want {
			t.Errorf("clipTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := len([]rune(got)); n > MaxTitleRunes {
			t.Errorf("clipTitle(%q) is %d runes", tc.in, n)
		}
	}
}

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The key is **wrong**. Make a new one.", "The key is wrong."},
		{"OpenRouter answered `User not found.` because\nthe key is gone", "OpenRouter answered `User not found.` because the key is gone."},
		{"It said \"Stop.\" Then it stopped.", "It said \"Stop.\""},
		{"Why? Because.", "Why?"},
	}
	for _, tc := range tests {
		if got := firstSentence(tc.in); got != tc.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
