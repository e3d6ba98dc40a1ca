package bot

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestScanSecretsCorpus(t *testing.T) {
	for _, sec := range fakeSecrets() {
		for _, sh := range pasteShapes {
			if (sec.assignOnly && !sh.assign) || (sec.bearerOnly && !sh.bearer) {
				continue
			}
			t.Run(sec.name+"/"+sh.name, func(t *testing.T) {
				text := strings.Replace(sh.text, "{{KEY}}", sec.paste(), 1)
				checkFound(t, text, sec)
			})
		}
	}
}

// checkFound asserts that text holds exactly one finding, sec, and that
// Redact removes it properly.
func checkFound(t *testing.T, text string, sec fakeSecret) {
	t.Helper()
	fs := ScanSecrets(text)
	if len(fs) != 1 {
		t.Fatalf("want 1 finding of kind %q, got %d: %+v\ntext: %s", sec.kind, len(fs), fs, text)
	}
	f := fs[0]
	if f.Kind != sec.kind {
		t.Errorf("Kind = %q, want %q", f.Kind, sec.kind)
	}
	if got := text[f.Start:f.End]; got != sec.value {
		t.Errorf("value = %q, want %q", got, sec.value)
	}
	if f.Label == "" {
		t.Errorf("empty Label")
	}
	out, rfs := Redact(text)
	if len(rfs) != 1 || rfs[0] != f {
		t.Errorf("Redact findings %+v differ from ScanSecrets %+v", rfs, fs)
	}
	if want := text[:f.Start] + f.Masked + text[f.End:]; out != want {
		t.Errorf("Redact changed more than the value:\n got %q\nwant %q", out, want)
	}
	checkMasked(t, f.Masked, sec)
	checkGone(t, out, sec)
}

func checkMasked(t *testing.T, masked string, sec fakeSecret) {
	t.Helper()
	rest, ok := strings.CutPrefix(masked, sec.prefix+redactMark)
	if !ok {
		t.Fatalf("Masked = %q, want it to start with %q", masked, sec.prefix+redactMark)
	}
	if rest, ok = strings.CutSuffix(rest, sec.suffix); !ok {
		t.Fatalf("Masked = %q, want it to end with %q", masked, sec.suffix)
	}
	if len(rest) > 4 || !strings.HasSuffix(strings.TrimSuffix(sec.value, sec.suffix), rest) {
		t.Errorf("Masked = %q shows %q, want at most the last 4 characters of the value", masked, rest)
	}
	if sec.noTail && rest != "" {
		t.Errorf("Masked = %q shows a tail, want none for %s", masked, sec.kind)
	}
}

// checkGone asserts out holds neither the value nor any 8 bytes of its
// secret part (the value without its visible prefix and suffix).
func checkGone(t *testing.T, out string, sec fakeSecret) {
	t.Helper()
	if strings.Contains(out, sec.value) {
		t.Fatalf("redacted text still holds the value: %s", out)
	}
	secret := strings.TrimSuffix(strings.TrimPrefix(sec.value, sec.prefix), sec.suffix)
	for i := 0; i+8 <= len(secret); i++ {
		if strings.Contains(out, secret[i:i+8]) {
			t.Fatalf("redacted text holds %q, part of the secret: %s", secret[i:i+8], out)
		}
	}
}

func TestScanSecretsLabelsAndRotateURLs(t *testing.T) {
	want := map[string]string{
		"openrouter":    "https://openrouter.ai/settings/keys",
		"openai":        "https://platform.openai.com/api-keys",
		"anthropic":     "https://console.anthropic.com/settings/keys",
		"google":        "https://aistudio.google.com/app/apikey",
		"groq":          "https://console.groq.com/keys",
		"xai":           "https://console.x.ai",
		"huggingface":   "https://huggingface.co/settings/tokens",
		"github":        "https://github.com/settings/tokens",
		"slack":         "https://api.slack.com/apps",
		"discord-token": "https://discord.com/developers/applications",
	}
	for _, sec := range fakeSecrets() {
		t.Run(sec.name, func(t *testing.T) {
			text := "key = " + sec.paste()
			if sec.assignOnly {
				text = "token = " + sec.paste()
			}
			if sec.bearerOnly {
				text = "Authorization: Bearer " + sec.paste()
			}
			fs := ScanSecrets(text)
			if len(fs) != 1 {
				t.Fatalf("want 1 finding, got %+v", fs)
			}
			if u, ok := want[fs[0].Kind]; ok && fs[0].RotateURL != u {
				t.Errorf("RotateURL = %q, want %q", fs[0].RotateURL, u)
			}
			if fs[0].Label == "" || strings.Contains(fs[0].Label, "…") {
				t.Errorf("Label = %q", fs[0].Label)
			}
		})
	}
}

func TestScanSecretsPrivateKey(t *testing.T) {
	g := newKeyGen()
	rsa, _ := fakePEM(g, "RSA PRIVATE KEY", false)
	ssh, _ := fakePEM(g, "OPENSSH PRIVATE KEY", false)
	pkcs8, _ := fakePEM(g, "PRIVATE KEY", true)
	enc, _ := fakePEM(g, "ENCRYPTED PRIVATE KEY", false)
	cut := rsa[:len(rsa)-len("\n-----END RSA PRIVATE KEY-----")-200]
	cutJSON := pkcs8[:len(pkcs8)/2]
	cutJSON = cutJSON[:strings.LastIndex(cutJSON, `\n`)] + `\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC`
	tests := []struct {
		name, text, value, begin, end string
	}{
		{"pem", "key.pem:\n" + rsa + "\n", rsa, "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"},
		{"code-fence", "```\n" + ssh + "\n```", ssh, "-----BEGIN OPENSSH PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----"},
		{"encrypted-yaml", "tls:\n  key: |\n    " + strings.ReplaceAll(enc, "\n", "\n    ") + "\n  cert: cert.pem\n",
			strings.ReplaceAll(enc, "\n", "\n    "), "-----BEGIN ENCRYPTED PRIVATE KEY-----", "-----END ENCRYPTED PRIVATE KEY-----"},
		{"service-account-json", `{"type": "service_account", "private_key": "` + pkcs8 + `\n", "client_email": "bot@proj.iam.gserviceaccount.com"}`,
			pkcs8, "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"},
		{"truncated", "my key:\n" + cut + "\nTraceback (most recent call last):\n", cut, "-----BEGIN RSA PRIVATE KEY-----", ""},
		{"truncated-json", `{"private_key": "` + cutJSON + `"}`, cutJSON, "-----BEGIN PRIVATE KEY-----", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFound(t, tt.text, fakeSecret{kind: "private-key", value: tt.value, prefix: tt.begin, suffix: tt.end, noTail: true})
		})
	}
}

func TestScanSecretsContextKinds(t *testing.T) {
	g := newKeyGen()
	pw := g.pick(alnumChars, 20)
	basic := base64.StdEncoding.EncodeToString([]byte("deploy:" + g.pick(alnumChars, 24)))
	tests := []struct {
		name, text, kind, value string
	}{
		{"url-password", "DATABASE_URL=postgres://app:" + pw + "@db.internal:5432/app", "url-password", pw},
		{"basic-auth", "curl -H 'Authorization: Basic " + basic + "' https://example.com", "basic-auth", basic},
		{"generic-secret", `client_secret: "` + pw + `"`, "generic", pw},
		{"generic-password", "DB_PASSWORD=" + pw + "\n", "generic", pw},
		{"generic-token-camel", `{"authToken": "` + pw + `"}`, "generic", pw},
		{"generic-x-api-key", "-H 'x-api-key: " + pw + "'", "generic", pw},
		{"generic-go", `apiKey := "` + pw + `"`, "generic", pw},
		{"generic-powershell", `$env:MY_SERVICE_TOKEN="` + pw + `"`, "generic", pw},
		{"generic-python-dict", `{'api_key': '` + pw + `'}`, "generic", pw},
		{"bearer-lowercase", "authorization: bearer " + pw, "bearer", pw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFound(t, tt.text, fakeSecret{kind: tt.kind, value: tt.value, noTail: len(tt.value) < 20 || tt.kind == "url-password" || tt.kind == "basic-auth"})
		})
	}
}

func TestScanSecretsSeveral(t *testing.T) {
	secs := fakeSecrets()
	var b strings.Builder
	var want []string
	for _, sec := range secs {
		switch {
		case sec.bearerOnly:
			b.WriteString("-H \"Authorization: Bearer " + sec.paste() + "\"\n")
		case sec.assignOnly:
			b.WriteString("SOME_SECRET=" + sec.paste() + "\n")
		default:
			b.WriteString("value: " + sec.paste() + " ok\n")
		}
		want = append(want, sec.kind)
	}
	text := b.String()
	fs := ScanSecrets(text)
	if len(fs) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(fs), len(want), fs)
	}
	for i, f := range fs {
		if f.Kind != want[i] {
			t.Errorf("finding %d: Kind = %q, want %q", i, f.Kind, want[i])
		}
		if i > 0 && f.Start < fs[i-1].End {
			t.Errorf("finding %d overlaps or is out of order: %+v after %+v", i, f, fs[i-1])
		}
	}
	out, _ := Redact(text)
	for _, sec := range secs {
		checkGone(t, out, sec)
	}
	if again := ScanSecrets(out); len(again) != 0 {
		t.Errorf("redacted text still has findings: %+v", again)
	}
}

func TestScanSecretsBoundaries(t *testing.T) {
	key := "sk-or-v1-" + newKeyGen().pick(hexChars, 64)
	tests := []struct{ name, text string }{
		{"after-escaped-newline", `{"content": "my config:\n` + key + `\nstill 401"}`},
		{"after-escaped-tab", `"\t` + key + `"`},
		{"percent-encoded", "GET /v1/models?auth=Bearer%20" + key + "&x=1"},
		{"after-equals-no-space", "key=" + key + ";"},
		{"crlf", "OPENROUTER_API_KEY=" + key + "\r\n"},
		{"markdown-bold", "**" + key + "**"},
		{"html", "<code>" + key + "</code>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFound(t, tt.text, fakeSecret{kind: "openrouter", prefix: "sk-or-v1-", value: key})
		})
	}
	// Glued to a word on the left it is not a key prefix (task-, disk-).
	if fs := ScanSecrets("task" + key[2:]); len(fs) != 0 {
		t.Errorf("found %+v in a word that merely contains sk-", fs)
	}
}

func TestScanSecretsWrappedKey(t *testing.T) {
	key := "sk-or-v1-" + newKeyGen().pick(hexChars, 64)
	for _, nl := range []string{"\n", "\r\n", "\n    ", `\n`} {
		value := key[:49] + nl + key[49:]
		text := "OPENROUTER_API_KEY=" + value + "\nMODEL=openai/gpt-4o"
		checkFound(t, text, fakeSecret{kind: "openrouter", prefix: "sk-or-v1-", value: value})
	}
}

func TestScanSecretsRepeatedValue(t *testing.T) {
	pw := newKeyGen().pick(alnumChars, 28)
	text := "SERVICE_TOKEN=" + pw + "\n...\nrequest failed for token " + pw + " (401)"
	out, fs := Redact(text)
	if len(fs) != 2 {
		t.Fatalf("want both occurrences, got %+v", fs)
	}
	if strings.Contains(out, pw[:8]) {
		t.Errorf("value survived: %s", out)
	}
}
