package bot

import (
	"encoding/base64"
	"encoding/binary"
	"math/rand/v2"
	"strings"
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
