package gaps

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case and space", "  Model   NOT\tfound\n", "model not found"},
		{"numbers fold, statuses stay", "Error 402: requested 16384 tokens, can afford 2301 (v1.2.3)", "error 402:requested <n> tokens,can afford <n> (<id>.<n>)"},
		{"status-like number outside 4xx/5xx folds", "code 200 and 1404", "code <n> and <n>"},
		{"url", "see https://openrouter.ai/settings/credits?x=1 now", "see <url> now"},
		{"uuid", "request 123e4567-e89b-12d3-a456-426614174000 failed", "request <uuid> failed"},
		{"hex with digit folds, hex word stays", "trace deadbeef00112233 and facade", "trace <hex> and facade"},
		{"ids", "gen-1733-abc123 user_2xYz req_01hx", "<id> <id> <id>"},
		{"masked secret", "key sk-or-v1-…[redacted]…cdef is bad", "key <secret> is bad"},
		{"json spacing", "{\"a\": [1, 2],\n \"b\" : \"x y\" }", "{\"a\":[<n>,<n>],\"b\":\"x y\"}"},
		{"invalid utf-8", "bad \xff byte", "bad \ufffd byte"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Normalize(tc.in); got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestKeyFoldsTwoReportsOfOneError(t *testing.T) {
	a := `OpenrouterException - {"error":{"message":"Quota exceeded for model gpt-4o, retry in 31s","code":429},"user_id":"user_2xYz"}`
	b := `openrouterexception -   {"error":{"message":"Quota exceeded for model claude-3-5-sonnet, retry in 7s","code":429},"user_id":"user_9AbC"}`
	c := `OpenrouterException - {"error":{"message":"Quota exceeded for model gpt-4o, retry in 31s","code":503}}`
	if Key(a) != Key(b) {
		t.Errorf("two reports of one error have different keys:\n%q\n%q", Key(a), Key(b))
	}
	if Key(a) == Key(c) {
		t.Errorf("a different status has the same key %q", Key(a))
	}
}

func TestKeyIsCut(t *testing.T) {
	long := ""
	for range 100 {
		long += "word é "
	}
	k := Key(long)
	if n := len([]rune(k)); n > KeyRunes {
		t.Errorf("key is %d runes, want at most %d", n, KeyRunes)
	}
}
