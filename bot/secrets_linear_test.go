package bot

import (
	"strings"
	"testing"
	"time"
)

// hostileUnits are repeated to build adversarial pastes: every prefix
// family, keyword, separator-free run, nesting and obfuscation the scanner
// treats specially.
var hostileUnits = []struct{ name, unit string }{
	{"sk", "sk-"},
	{"sk-or", "sk-or-"},
	{"sk-ant", "sk-ant-api03-"},
	{"xoxb", "xoxb-"},
	{"xapp", "xapp-"},
	{"xai", "xai-"},
	{"gsk", "gsk_"},
	{"hf", "hf-hf_"},
	{"ghp", "ghp-ghp_"},
	{"aiza", "-AIza"},
	{"akia", "-AKIA"},
	{"glpat", "glpat-"},
	{"table-prefixes", "npm_pplx-SG.sntrys_eyJ"},
	{"eyJ", "eyJ-"},
	{"jwt-dots", "eyJhbGciOiJIUzI1NiJ9."},
	{"api_key", "api_key="},
	{"token", "token="},
	{"secret", "secret="},
	{"password", "password="},
	{"auth", "auth="},
	{"env-name", "\nX_TOKEN="},
	{"quoted", `"api_key":"`},
	{"bearer", "Bearer "},
	{"bearer-glued", "Bearer a1"},
	{"basic", "Basic QUJD"},
	{"url-password", "://u:p"},
	{"curl-u", "curl -u a:"},
	{"run", "a"},
	{"run-dashes", "a-"},
	{"nested-json", `{"a":`},
	{"base64", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0"},
	{"pem", "-----BEGIN PRIVATE KEY-----\n"},
	{"dots", "abcdefghijk."},
	{"telegram", "123456:"},
	{"facebook", "1234567890123456|"},
	{"azure", "ab1Q~"},
	{"mailchimp", "0123456789abcdef0123456789abcdef-us"},
	{"slack-webhook", "hooks.slack.com/services/"},
	{"teams-webhook", "x.webhook.office.com/webhookb2/"},
	{"discord-webhook", "discord.com/api/webhooks/"},
	{"ansi", "\x1b[32m"},
	{"zero-width", "sk-or-\u200b"},
	{"escapes", `\u002d%2D`},
	{"box", "│ sk-or-v1-ab │\n"},
	{"slack-link", "<https://x|"},
}

// hostile returns unit repeated to n bytes.
func hostile(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

// scanCost returns the least time per byte, over a few tries, that
// ScanSecrets takes on text; reps scans make one try.
func scanCost(text string, reps int) float64 {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		for range reps {
			ScanSecrets(text)
		}
		best = min(best, time.Since(start))
	}
	return float64(best) / float64(reps*len(text))
}

// TestScanSecretsScalesLinearly compares the cost per byte of scanning each
// hostile paste at 16 KiB and at 1 MiB. A linear scanner costs about the
// same per byte at both sizes; a quadratic path costs 64 times more at 1
// MiB. The best of three tries is compared, so noise from a shared machine
// only makes the check more lenient, and 3x leaves room for cache effects.
func TestScanSecretsScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("scaling test")
	}
	const small, large, maxGrowth = 16 << 10, 1 << 20, 3.0
	for _, h := range hostileUnits {
		t.Run(h.name, func(t *testing.T) {
			// A burst of load from elsewhere can spoil one measurement;
			// a quadratic path fails every one.
			var cs, cl float64
			for range 3 {
				cs = scanCost(hostile(h.unit, small), 16)
				cl = scanCost(hostile(h.unit, large), 1)
				if cl/cs <= maxGrowth {
					return
				}
			}
			t.Errorf("cost per byte grew %.1fx from 16 KiB (%.1f ns/B) to 1 MiB (%.1f ns/B)", cl/cs, cs, cl)
		})
	}
}

// TestScanSecretsRepeatedSkIsFast is the case: 1 MiB of "sk-"
// took minutes when each anchor rescanned the rest of the run.
func TestScanSecretsRepeatedSkIsFast(t *testing.T) {
	text := hostile("sk-", 1<<20)
	start := time.Now()
	ScanSecrets(text)
	d := time.Since(start)
	t.Logf("1 MiB of sk- scanned in %v", d)
	if d > slowdown*time.Second {
		t.Errorf("1 MiB of sk- took %v; linear code takes milliseconds", d)
	}
}
