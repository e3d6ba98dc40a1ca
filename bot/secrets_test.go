package bot

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// All keys below are FAKE: random characters in the shape of real keys,
// generated with a fixed seed. None was ever issued by anyone.

const (
	alnumChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	tokChars   = alnumChars + "-_"
	hexChars   = "0123456789abcdef"
)

type keyGen struct{ r *rand.Rand }

func newKeyGen() *keyGen { return &keyGen{rand.New(rand.NewPCG(2026, 11))} }

func (g *keyGen) pick(chars string, n int) string {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = chars[g.r.IntN(len(chars))]
		}
		s := string(b)
		// Keep fakes unambiguous: letters and digits, no placeholder words.
		if chars == hexChars || chars == "0123456789" || (hasDigit(s) && hasLetter(s) && !placeholderWords(s)) {
			return s
		}
	}
}

// fakeSecret is one fake secret: the text that must disappear (value), the
// kind prefix that may stay visible, and the kind expected.
type fakeSecret struct {
	name, kind string
	value      string // the finding's value
	prefix     string // the start of value that may be shown
	suffix     string // the end of value that may be shown (a private key's END line)
	inURL      string // when set, the text pasted (a URL holding value)
	noTail     bool   // Masked must end without any of the value
	assignOnly bool   // only found as name=value (generic)
	bearerOnly bool   // only found after "Bearer "
}

func (f fakeSecret) paste() string {
	if f.inURL != "" {
		return f.inURL
	}
	return f.value
}

func fakeDiscordToken(g *keyGen) string {
	id := "1" + g.pick("0123456789", 18)
	var ts [4]byte
	binary.BigEndian.PutUint32(ts[:], uint32(1_700_000_000-1_293_840_000+g.r.IntN(1_000_000)))
	return base64.RawURLEncoding.EncodeToString([]byte(id)) + "." +
		base64.RawURLEncoding.EncodeToString(ts[:]) + "." + g.pick(tokChars, 38)
}

func fakeSecrets() []fakeSecret {
	g := newKeyGen()
	aws := "AKIA" + g.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
	webhookToken := g.pick(tokChars, 68)
	jwt := "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"`+g.pick(alnumChars, 12)+`","iat":1732700000}`)) + "." +
		g.pick(tokChars, 43)
	dt := fakeDiscordToken(g)
	return []fakeSecret{
		{name: "openrouter", kind: "openrouter", prefix: "sk-or-v1-", value: "sk-or-v1-" + g.pick(hexChars, 64)},
		{name: "openrouter-other", kind: "openrouter", prefix: "sk-or-", value: "sk-or-" + g.pick(tokChars, 40)},
		{name: "openai-legacy", kind: "openai", prefix: "sk-", value: "sk-" + g.pick(alnumChars, 48)},
		{name: "openai-proj", kind: "openai", prefix: "sk-proj-", value: "sk-proj-" + g.pick(tokChars, 156)},
		{name: "openai-svcacct", kind: "openai", prefix: "sk-svcacct-", value: "sk-svcacct-" + g.pick(tokChars, 120)},
		{name: "openai-admin", kind: "openai", prefix: "sk-admin-", value: "sk-admin-" + g.pick(tokChars, 80)},
		{name: "anthropic", kind: "anthropic", prefix: "sk-ant-api03-", value: "sk-ant-api03-" + g.pick(tokChars, 93) + "AA"},
		{name: "anthropic-admin", kind: "anthropic", prefix: "sk-ant-admin01-", value: "sk-ant-admin01-" + g.pick(tokChars, 93) + "AA"},
		{name: "google", kind: "google", prefix: "AIza", value: "AIzaSy" + g.pick(tokChars, 33)},
		{name: "groq", kind: "groq", prefix: "gsk_", value: "gsk_" + g.pick(alnumChars, 52)},
		{name: "xai", kind: "xai", prefix: "xai-", value: "xai-" + g.pick(alnumChars, 80)},
		{name: "huggingface", kind: "huggingface", prefix: "hf_", value: "hf_" + g.pick(alnumChars, 34)},
		{name: "github-classic", kind: "github", prefix: "ghp_", value: "ghp_" + g.pick(alnumChars, 36)},
		{name: "github-app", kind: "github", prefix: "ghs_", value: "ghs_" + g.pick(alnumChars, 36)},
		{name: "github-fine-grained", kind: "github", prefix: "github_pat_",
			value: "github_pat_" + g.pick(alnumChars, 22) + "_" + g.pick(alnumChars, 59)},
		{name: "slack-bot", kind: "slack", prefix: "xoxb-",
			value: "xoxb-" + g.pick("0123456789", 13) + "-" + g.pick("0123456789", 13) + "-" + g.pick(alnumChars, 24)},
		{name: "slack-app", kind: "slack", prefix: "xapp-",
			value: "xapp-1-A" + g.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10) + "-" + g.pick("0123456789", 13) + "-" + g.pick(hexChars, 64)},
		{name: "discord-token", kind: "discord-token", value: dt},
		{name: "discord-webhook", kind: "discord-webhook", value: webhookToken,
			inURL: "https://discord.com/api/webhooks/1" + g.pick("0123456789", 18) + "/" + webhookToken},
		{name: "discord-webhook-canary", kind: "discord-webhook", value: "Z" + webhookToken[1:],
			inURL: "https://canary.discordapp.com/api/v10/webhooks/1" + g.pick("0123456789", 18) + "/Z" + webhookToken[1:]},
		{name: "aws", kind: "aws-access-key", prefix: "AKIA", value: aws},
		{name: "jwt", kind: "jwt", prefix: "eyJ", value: jwt, noTail: true},
		{name: "bearer", kind: "bearer", value: g.pick(tokChars, 40), bearerOnly: true},
		{name: "generic", kind: "generic", value: g.pick(alnumChars, 32), assignOnly: true},
	}
}

// pasteShape is a place a key shows up in a paste; "{{KEY}}" marks it.
type pasteShape struct {
	name   string
	text   string
	assign bool // the key is assigned to a secret name (generic values count)
	bearer bool // the key follows "Bearer " (opaque bearer values count)
}

var pasteShapes = []pasteShape{
	{name: "json-body", text: `{"error":{"message":"Incorrect API key provided: {{KEY}}","type":"invalid_request_error","code":401},"user_id":"user_39ktqAYU0JZKhG1fder8F40HVSC"}`},
	{name: "json-field", assign: true, text: `{"model":"openai/gpt-4o","api_key":"{{KEY}}","messages":[{"role":"user","content":"hi"}]}`},
	{name: "escaped-json", assign: true, text: `"body": "{\"apiKey\":\"{{KEY}}\",\"model\":\"anthropic/claude-sonnet-4\"}"`},
	{name: "curl", bearer: true, text: `curl https://openrouter.ai/api/v1/chat/completions -H "Authorization: Bearer {{KEY}}" -H "Content-Type: application/json" -d '{"model":"openai/gpt-4o"}'`},
	{name: "curl-single-quotes", bearer: true, text: "curl -s https://openrouter.ai/api/v1/models \\\n  -H 'Authorization: Bearer {{KEY}}'\n"},
	{name: "env", assign: true, text: "OPENROUTER_API_KEY={{KEY}}\nOPENROUTER_MODEL=openai/gpt-4o\n"},
	{name: "env-quoted", assign: true, text: "# .env\nexport OPENROUTER_API_KEY=\"{{KEY}}\"\n"},
	{name: "yaml", assign: true, text: "providers:\n  openrouter:\n    api_key: {{KEY}}\n    model: openai/gpt-4o\n"},
	{name: "cli-flag", assign: true, text: "$ aider --model openrouter/openai/gpt-4o --api-key {{KEY}}\n"},
	{name: "python-traceback", assign: true, text: "Traceback (most recent call last):\n  File \"/app/main.py\", line 12, in <module>\n" +
		"    client = OpenAI(base_url=\"https://openrouter.ai/api/v1\", api_key='{{KEY}}')\n" +
		"openai.AuthenticationError: Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}\n"},
	{name: "code-fence", text: "it fails with\n```\n{{KEY}}\n```\nany idea?"},
	{name: "followed-by-period", text: "I set my key to {{KEY}}."},
	{name: "followed-by-comma", text: "key {{KEY}}, model openai/gpt-4o"},
	{name: "in-parens", text: "(I used {{KEY}})"},
	{name: "double-quotes", text: `"{{KEY}}"`},
	{name: "single-quotes", text: `'{{KEY}}'`},
	{name: "backticks", text: "`{{KEY}}`"},
	{name: "end-of-text", text: "here it is: {{KEY}}"},
}

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

func fakePEM(g *keyGen, label string, escaped bool) (block, body string) {
	var lines []string
	for range 12 {
		lines = append(lines, g.pick(alnumChars+"+/", 64))
	}
	lines = append(lines, g.pick(alnumChars+"+/", 40)+"==")
	nl := "\n"
	if escaped {
		nl = `\n`
	}
	body = strings.Join(lines, nl)
	return "-----BEGIN " + label + "-----" + nl + body + nl + "-----END " + label + "-----", body
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

func TestScanSecretsPlaceholders(t *testing.T) {
	tests := []struct{ name, text string }{
		{"or-xxx", "OPENROUTER_API_KEY=sk-or-v1-xxx"},
		{"or-XXXX-dots", `curl -H "Authorization: Bearer sk-or-v1-XXXX..." https://openrouter.ai/api/v1/chat/completions`},
		{"or-stars", "api_key: sk-or-v1-****"},
		{"or-stars-tail", "Incorrect API key provided: sk-or-v1-************************************************************a1b2"},
		{"or-dashboard-label", "my key sk-or-v1-abc...123 stopped working"},
		{"or-dashboard-label-long", "my key sk-or-v1-0f3a9c2b7e1d4f5a6b8c...9d2e stopped working"},
		{"or-bullets", "OPENROUTER_API_KEY=sk-or-v1-0f3a9c2b7e1d4f5a6b8c9d0e••••••••"},
		{"or-stars-generic", "OPENROUTER_API_KEY=sk-or-v1-0f3a9c2b7e1d4f5a6b8c9d0e****"},
		{"openai-masked", "Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUv1234****************wxyz."},
		{"sk-dots", "key is sk-...abcd"},
		{"or-redacted", "OPENROUTER_API_KEY=sk-or-v1-<redacted>"},
		{"or-x-run", "OPENROUTER_API_KEY=sk-or-v1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{"or-repeated", "OPENROUTER_API_KEY=sk-or-v1-" + strings.Repeat("a", 64)},
		{"or-repeated-0", "Bearer sk-or-v1-" + strings.Repeat("0", 64)},
		{"your-key-angle", "Authorization: Bearer <YOUR_KEY>"},
		{"your-api-key", "Authorization: Bearer YOUR_API_KEY"},
		{"your-openrouter-api-key", "Authorization: Bearer YOUR_OPENROUTER_API_KEY"},
		{"your-key-sk", "OPENAI_API_KEY=sk-your-api-key-here-1234"},
		{"env-ref", "Authorization: Bearer $OPENROUTER_API_KEY"},
		{"env-ref-braces", `-H "Authorization: Bearer ${OPENROUTER_API_KEY}"`},
		{"os-environ", `client = OpenAI(api_key=os.environ["OPENROUTER_API_KEY"])`},
		{"getenv", `api_key = os.getenv("OPENROUTER_API_KEY_2")`},
		{"process-env", "const client = new OpenAI({ apiKey: process.env.OPENROUTER_API_KEY });"},
		{"process-env-2", "apiKey: process.env.OPENROUTER_API_KEY_V2,"},
		{"gh-secrets", "OPENROUTER_API_KEY: ${{ secrets.OPENROUTER_API_KEY }}"},
		{"sha1", "commit 3f786850e387550fdab836ed7e6dc881de23001b"},
		{"sha256", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"uuid", `{"id":"123e4567-e89b-12d3-a456-426614174000","request_id":"9b2d2c3e-1f2a-4c5b-8d7e-6f5a4b3c2d1e"}`},
		{"generation-id", `{"id":"gen-1732700000-AbCdEfGhIjKlMnOpQrSt","object":"chat.completion"}`},
		{"chatcmpl", `{"id":"chatcmpl-9xYzAbCdEfGhIjKlMnOpQrStUvWx","model":"gpt-4o"}`},
		{"user-id", `{"error":{"message":"Insufficient credits","code":402},"user_id":"user_39ktqAYU0JZKhG1fder8F40HVSC"}`},
		{"paths", `File "/home/dev/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1059, in _request`},
		{"token-file", "open /home/dev/.config/openrouter/token.json: no such file or directory"},
		{"url", "POST https://openrouter.ai/api/v1/chat/completions?model=openai/gpt-4o-mini-2024-07-18 401"},
		{"discord-code", "await message.channel.send(embed=embed)"},
		{"discord-dummy", "token = xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{"dotted-version", "version 1.2.3-beta.4567890123.abcdefghij"},
		{"max-tokens", `{"max_tokens": 4096, "usage": {"prompt_tokens": 1234567890123456, "completion_tokens": 0}}`},
		{"tokenizer", "tokenizer: meta-llama/Llama-3.1-8B-Instruct-20240723"},
		{"token-type", `{"token_type": "Bearer", "token_id": "a1b2c3d4e5f6a7b8c9d0e1f2"}`},
		{"author", "Author: Jane Doe <jane@example.com> 2024-01-01T00:00:00Z"},
		{"auth-error", "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'No auth credentials found', 'code': 401}}"},
		{"model-names", "api_key: claude-3-5-sonnet-20241022"},
		{"words", "secret: my-secret-2024-prod-v1"},
		{"aws-example", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"},
		{"jwt-dots", "Bearer eyJhbGciOi..."},
		{"pem-placeholder", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"},
		{"pem-placeholder-words", "-----BEGIN RSA PRIVATE KEY-----\nyour_private_key_contents_go_here\n-----END RSA PRIVATE KEY-----"},
		{"public-key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----"},
		{"webhook-placeholder", "https://discord.com/api/webhooks/<id>/<token>"},
		{"url-placeholder-password", "postgres://user:password@localhost:5432/db"},
		{"url-same-user-password", "postgres://postgres:postgres@localhost:5432/db"},
		{"url-env-password", "redis://:${REDIS_PASSWORD}@cache:6379"},
		{"scikit", "pip install scikit-learn sk-learn-intelex-2024-extension"},
		{"task-ids", "task-abcdefghij0123456789klmnop failed"},
		{"basic-word", "Basic usage: orfix match --json"},
		{"bearer-word", "The API expects a Bearer token in the Authorization header."},
		{"data-uri", `{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg/AKIAABCDEFGHIJKLMNO+sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef=="}}`},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fs := ScanSecrets(tt.text); len(fs) != 0 {
				t.Errorf("ScanSecrets(%q) = %+v, want nothing", tt.text, fs)
			}
			if out, _ := Redact(tt.text); out != tt.text {
				t.Errorf("Redact changed a text with no secret: %q", out)
			}
		})
	}
}

// TestScanSecretsEvalPastes checks that the real pastes in ../shared/eval
// (keys masked by their authors) raise nothing.
func TestScanSecretsEvalPastes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "eval", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no ../../shared/eval/*.jsonl beside the repository; real-paste check not run")
	}
	checked := 0
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for line := 1; sc.Scan(); line++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var c struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Errorf("%s:%d: %v", name, line, err)
				continue
			}
			checked++
			for _, fd := range ScanSecrets(c.Text) {
				t.Errorf("%s:%d (%s): false positive %s %q", filepath.Base(name), line, c.ID, fd.Kind, c.Text[fd.Start:fd.End])
			}
		}
		if err := sc.Err(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f.Close()
	}
	if checked == 0 {
		t.Fatalf("found %d eval files but no pastes in them", len(files))
	}
	t.Logf("checked %d real pastes from %d files: no finding", checked, len(files))
}

func TestScanSecretsOddInput(t *testing.T) {
	g := newKeyGen()
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(g.r.IntN(256))
	}
	tests := []string{
		"\xff\xfe\xfd sk-or-v1-\xff\xff",
		"api_key=\xff" + strings.Repeat("\x80", 40),
		"sk-or-", "sk-", "AIza", "eyJ", "eyJabcdefghij.", "Bearer", "Bearer ", "Basic ", "-----BEGIN ",
		"-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\n", "://", "a://b:c@", "/webhooks/", "discord.com/api/webhooks/1234567/",
		"token=", "token:", `"token": "`, "--token", "xox", "xoxb-", "xapp-", "AKIA", "base64,", "%", "\\", "\\n",
		"MTIz.", "a.b.c", strings.Repeat(".", 100), strings.Repeat("a.", 5000), strings.Repeat("token=", 1000),
		string(bin),
		"sk-or-v1-" + strings.Repeat("\xe2\x80\xa6", 30),
	}
	for i, text := range tests {
		out, fs := Redact(text)
		checkInvariants(t, text, out, fs)
		if len(text) < 60 && len(fs) != 0 {
			t.Errorf("case %d %q: unexpected findings %+v", i, text, fs)
		}
	}
}

// TestScanSecretsLinearTime guards against quadratic paths on hostile
// pastes (one search per BEGIN line, per finding, per name). Linear code
// takes milliseconds here; a quadratic one takes many seconds.
func TestScanSecretsLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	g := newKeyGen()
	var keys strings.Builder
	for range 4000 {
		keys.WriteString("sk-or-v1-" + g.pick(hexChars, 64) + "\n")
	}
	tests := []struct {
		name, text string
		want       int
	}{
		{"many-keys", keys.String(), 4000},
		{"many-begin-lines", strings.Repeat("-----BEGIN PRIVATE KEY-----\n", 40000), 0},
		{"many-names", strings.Repeat("token_x.secret_y=1 ", 60000), 0},
		{"long-name", strings.Repeat("a", 1<<20) + "token=" + g.pick(alnumChars, 40), 1},
		{"many-dots", strings.Repeat("abcdefghijk.", 90000), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			if n := len(ScanSecrets(tt.text)); n != tt.want {
				t.Errorf("got %d findings, want %d", n, tt.want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("%d KB took %v", len(tt.text)>>10, d)
			}
		})
	}
}

// checkInvariants asserts what Redact promises for any input.
func checkInvariants(t *testing.T, text, out string, fs []Finding) {
	t.Helper()
	var b strings.Builder
	prev := 0
	for i, f := range fs {
		if f.Start < prev || f.End <= f.Start || f.End > len(text) {
			t.Fatalf("finding %d out of order or bounds: %+v (prev end %d, len %d)", i, f, prev, len(text))
		}
		if f.Kind == "" || f.Label == "" || !strings.Contains(f.Masked, redactMark) {
			t.Fatalf("finding %d incomplete: %+v", i, f)
		}
		b.WriteString(text[prev:f.Start])
		b.WriteString(f.Masked)
		prev = f.End
	}
	b.WriteString(text[prev:])
	if b.String() != out {
		t.Fatalf("Redact output is not the text with each value replaced by Masked")
	}
	for _, f := range fs {
		if v := text[f.Start:f.End]; len(v) >= 8 && strings.Contains(out, v) {
			t.Fatalf("detected value %q is still in the output", v)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, sec := range fakeSecrets() {
		for _, sh := range pasteShapes[:6] {
			f.Add(strings.Replace(sh.text, "{{KEY}}", sec.paste(), 1))
		}
	}
	g := newKeyGen()
	pem, _ := fakePEM(g, "EC PRIVATE KEY", false)
	f.Add(pem)
	f.Add(pem[:len(pem)/2])
	f.Add("\xff\xfe\x00\x01 Bearer \xff" + strings.Repeat("A1", 20))
	f.Add("api_key=sk-or-v1-…[redacted]…a1b2")
	f.Add("https://u:" + g.pick(alnumChars, 12) + "@h/ " + fakeDiscordToken(g))
	f.Add(bench4KBPaste())
	// Found by fuzzing: bearer values that hold a JWT or a Discord token; a
	// password that is also part of the user name; a value repeated glued
	// to something that looks like a key.
	f.Add("BeArer 0000011278A2+eyJ0000000.0000000000.0000000000")
	f.Add("://000000000:00000000@")
	f.Add("://abcdefgh12:abcdefgh1@host")
	f.Add("BeArer 9187BCXA0Y000002.MzA0MzA0NzA0NzA0NzA0.000000.0000001027")
	f.Add("BeArer 00010270809ABCXY 00010270809ABCXYsk-0000000112008907BCAX")
	f.Fuzz(func(t *testing.T, text string) {
		out, fs := Redact(text)
		checkInvariants(t, text, out, fs)
		out2, fs2 := Redact(out)
		if len(fs2) != 0 {
			t.Fatalf("second pass found %+v in %q (first pass %+v)", fs2, out, fs)
		}
		if out2 != out {
			t.Fatalf("Redact is not idempotent")
		}
	})
}
