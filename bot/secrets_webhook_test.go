package bot

import (
	"strings"
	"testing"
)

// TestScanSecretsWebhooks checks that Slack, Teams and Discord webhook URLs
// are masked wherever they are pasted, and are marked as webhooks.
func TestScanSecretsWebhooks(t *testing.T) {
	g := newKeyGen()
	slack := "https://hooks.slack.com/services/T0" + g.pick(alnumChars, 8) + "/B0" + g.pick(alnumChars, 8) + "/" + g.pick(alnumChars, 24)
	teams := "https://contoso.webhook.office.com/webhookb2/" + g.pick(hexChars, 8) + "-1a2b-4c3d-8e9f-" + g.pick(hexChars, 12) +
		"@" + g.pick(hexChars, 8) + "-aaaa-bbbb-cccc-" + g.pick(hexChars, 12) + "/IncomingWebhook/" + g.pick(hexChars, 32) + "/" + g.pick(hexChars, 8) + "-dddd-eeee-ffff-" + g.pick(hexChars, 12)
	discord := "https://discord.com/api/webhooks/123456789012345678/" + g.pick(tokChars, 68)
	tests := []struct{ name, url, kind string }{
		{"slack", slack, "slack-webhook"},
		{"teams", teams, "teams-webhook"},
		{"discord", discord, "discord-webhook"},
	}
	shapes := []string{
		"curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"hi\"}' %s",
		`{"webhook_url": "%s", "channel": "#alerts"}`,
		"SLACK_WEBHOOK_URL=%s\n",
		"I posted to %s and got 404, why?",
	}
	for _, tt := range tests {
		for i, sh := range shapes {
			text := strings.Replace(sh, "%s", tt.url, 1)
			fs := ScanSecrets(text)
			if len(fs) != 1 || fs[0].Kind != tt.kind || !fs[0].Webhook {
				t.Errorf("%s shape %d: got %+v, want one %s finding with Webhook set", tt.name, i, fs, tt.kind)
				continue
			}
			out, _ := Redact(text)
			secret := tt.url[len(tt.url)-16:]
			if strings.Contains(out, secret) {
				t.Errorf("%s shape %d: %q still in %q", tt.name, i, secret, out)
			}
		}
	}
	for _, doc := range []string{
		"https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
		"https://hooks.slack.com/services/YOUR/WEBHOOK/URL",
	} {
		if fs := ScanSecrets(doc); len(fs) != 0 {
			t.Errorf("documentation webhook %q raised %+v", doc, fs)
		}
	}
}

func TestCountKinds(t *testing.T) {
	tests := []struct {
		fs   []Finding
		want string
	}{
		{nil, ""},
		{[]Finding{{Kind: "openrouter"}}, "openrouter=1"},
		{[]Finding{{Kind: "openrouter"}, {Kind: "github"}, {Kind: "openrouter"}}, "openrouter=2 github=1"},
	}
	for _, tt := range tests {
		if got := CountKinds(tt.fs); got != tt.want {
			t.Errorf("CountKinds(%v) = %q, want %q", tt.fs, got, tt.want)
		}
	}
}
