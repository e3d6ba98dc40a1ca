package bot

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestRedactSeesThroughObfuscation checks that a key broken up by what
// terminals, chat clients and encoders insert is still masked, and that
// nothing of its secret part survives.
func TestRedactSeesThroughObfuscation(t *testing.T) {
	g := newKeyGen()
	hex := g.pick(hexChars, 64)
	key := "sk-or-v1-" + hex
	tests := []struct{ name, text string }{
		{"ansi-colour", "\x1b[32m" + key + "\x1b[0m"},
		{"ansi-glued", "key:\x1b[1;32m" + key},
		{"newline-in-prefix", "OPENROUTER_API_KEY=sk-or-\nv1-" + hex},
		{"crlf-in-prefix", "my key sk-or-\r\n  v1-" + hex + " fails"},
		{"zero-width-space", "sk-or-v1-" + hex[:20] + "\u200b" + hex[20:]},
		{"zero-width-joiner", "sk-or-v1-" + hex[:10] + "\u200d" + hex[10:40] + "\u200c" + hex[40:]},
		{"bom", "sk-or-v1-" + hex[:32] + "\ufeff" + hex[32:]},
		{"soft-hyphen", "sk-or-v1-" + hex[:32] + "\u00ad" + hex[32:]},
		{"json-escaped-dashes", `{"key":"sk\u002dor\u002dv1\u002d` + hex + `"}`},
		{"percent-escaped-dashes", "https://example.com/?k=sk%2Dor%2Dv1%2D" + hex},
		{"basic-key-as-user", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"))},
		{"box-wrapped", "╭──────────────────────────────────────────╮\n│ sk-or-v1-" + hex[:32] + " │\n│ " + hex[32:] + "                                │\n╰──────────────────────────────────────────╯"},
		{"slack-link", "<https://openrouter.ai/keys|" + key + ">"},
		{"slack-mailto", "<mailto:dev@example.com|dev@example.com> " + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fs := Redact(tt.text)
			if len(fs) == 0 {
				t.Fatalf("no finding in %q", tt.text)
			}
			for i := 0; i+8 <= len(hex); i++ {
				if strings.Contains(out, hex[i:i+8]) {
					t.Fatalf("output still holds %q: %q", hex[i:i+8], out)
				}
			}
			if strings.Contains(out, "\u200b") || strings.Contains(fs[0].Masked, "\x1b") {
				t.Errorf("obfuscation left in the mask: %q", out)
			}
		})
	}
}

// TestRedactShadowKeepsCleanText checks that texts holding the characters
// the shadow removes, but no key, come out unchanged.
func TestRedactShadowKeepsCleanText(t *testing.T) {
	tests := []string{
		"\x1b[31mError:\x1b[0m 401 Unauthorized",
		"soft\u00adhyphen and zero\u200bwidth in prose",
		"│ Provider returned error                          │\n│ code 429                                          │",
		"a list-\nthat wraps after a dash",
		`{"msg":"rate\u002dlimited"} and 50%2D off`,
	}
	for _, text := range tests {
		if out, fs := Redact(text); out != text || len(fs) != 0 {
			t.Errorf("Redact(%q) = %q, %+v; want it unchanged", text, out, fs)
		}
	}
}
