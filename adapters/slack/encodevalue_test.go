package slack

import (
	"encoding/json"
	"testing"
)

// TestEncodeValueIsJSONMarshal checks encodeValue against json.Marshal.
func TestEncodeValueIsJSONMarshal(t *testing.T) {
	tests := []actionValue{
		{},
		{ID: "openrouter-402-insufficient-credits"},
		{ID: "a", Tool: "cline", Asker: "U123"},
		{ID: "a", Shown: []string{}},
		{ID: "a", Shown: []string{"b", "c<d>&e"}},
		{ID: `q"uote\\back`, Tool: "\u2028\x01é", Asker: "\xff", Shown: []string{""}},
	}
	for _, v := range tests {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeValue(v); got != string(want) {
			t.Errorf("encodeValue(%+v) = %s, want %s", v, got, want)
		}
	}
}
