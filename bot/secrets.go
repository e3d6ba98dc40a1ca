package bot

// Secret scanning and redaction. This runs before anything else sees a
// paste: matching, logging, storing and echoing only ever get the output of
// Redact.
//
// The scanner works on bytes, never decodes UTF-8 and never panics. It makes
// one pass over the text; only "anchor" bytes (the rarest byte of each key
// prefix or keyword: '-' of sk-, '_' of hf_, 'J' of eyJ, 'k' of token, ...)
// start a detector, which checks the bytes around it and validates the value
// by hand; a token that starts with the first byte of a prefix from the
// gitleaks-derived table (secrets_rules.go) is checked against the rules
// for that byte. Each detector family remembers how far it walked, so
// anchors inside a walked token are not tried again and every scan is
// linear. A paste holding ANSI codes, zero-width characters, escaped dashes
// or wrapped keys is scanned through a normalised shadow copy whose
// findings map back to the original (secrets_shadow.go). A clean 4 KB paste
// costs some tens of microseconds and no allocation.
// Candidates are then resolved: a private-key block beats a vendor key, a
// vendor key beats a Bearer/Basic value or a password in a URL, and those
// beat a generic "name = value" secret; overlapping lower-priority candidates
// are dropped. Finally every other verbatim occurrence of a found value is
// redacted too.

import (
	"fmt"
	"strings"
)

// Finding is one secret found in a text.
type Finding struct {
	// Kind is a stable machine id: "openrouter", "openai", "anthropic",
	// "google", "groq", "xai", "huggingface", "github", "slack",
	// "discord-token", "discord-webhook", "slack-webhook", "teams-webhook",
	// "aws-access-key", "jwt", "bearer", "basic-auth", "url-password",
	// "private-key", "generic", or the id of a prefixed key format taken
	// from gitleaks' rules such as "gitlab-pat" or "stripe-access-token"
	// (see prefixRules).
	Kind string
	// Label is the human name, e.g. "OpenRouter API key".
	Label string
	// Start and End are the byte offsets of the secret value in the scanned
	// text: the value only, not "Bearer " or "api_key=".
	Start, End int
	// Masked is what may be shown instead of the value: the kind prefix,
	// "…[redacted]…" and at most the last 4 characters, e.g.
	// "sk-or-v1-…[redacted]…a1b2". Private keys, JWTs and passwords show no
	// tail at all.
	Masked string
	// RotateURL is where the owner can revoke and rotate the secret, or ""
	// when unknown.
	RotateURL string
	// Webhook is true for a webhook URL (Slack, Discord, Microsoft Teams):
	// the advice is to delete and regenerate the webhook, not to rotate a
	// key.
	Webhook bool
}

// ScanSecrets returns the secrets in text, ordered by Start, never
// overlapping. It returns nil when there are none.
func ScanSecrets(text string) []Finding {
	if !needsShadow(text) {
		return scan(text)
	}
	sh := newShadow(text)
	fs := scan(sh.text)
	for i := range fs {
		fs[i].Start, fs[i].End = sh.origSpan(fs[i].Start, fs[i].End)
	}
	return fs
}

// scan runs the scanner over text as it is.
func scan(text string) []Finding {
	s := scanner{text: text}
	s.run()
	if len(s.cands) == 0 {
		return nil
	}
	return s.findings()
}

// Redact returns text with every finding's value replaced by its Masked
// form, everything else byte-identical, and the findings.
func Redact(text string) (string, []Finding) {
	fs := ScanSecrets(text)
	if len(fs) == 0 {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, f := range fs {
		b.WriteString(text[prev:f.Start])
		b.WriteString(f.Masked)
		prev = f.End
	}
	b.WriteString(text[prev:])
	return b.String(), fs
}

// CountKinds summarises findings for a log line, never showing a value:
// each kind with its count, in order of first appearance, such as
// "openrouter=2 github=1".
func CountKinds(fs []Finding) string {
	var kinds []string
	counts := map[string]int{}
	for _, f := range fs {
		if counts[f.Kind] == 0 {
			kinds = append(kinds, f.Kind)
		}
		counts[f.Kind]++
	}
	var b strings.Builder
	for i, k := range kinds {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%d", k, counts[k])
	}
	return b.String()
}

// redactMark replaces the secret part of every value.
const redactMark = "…[redacted]…"

type secretKind uint16

const (
	kindOpenRouter secretKind = iota
	kindOpenAI
	kindAnthropic
	kindGoogle
	kindGroq
	kindXAI
	kindHuggingFace
	kindGitHub
	kindSlack
	kindDiscordToken
	kindDiscordWebhook
	kindAWS
	kindJWT
	kindBearer
	kindBasicAuth
	kindURLPassword
	kindPrivateKey
	kindGeneric
	kindSlackWebhook
	kindTeamsWebhook
	kindTelegram
	kindFacebook
	kindAzure
	kindMailchimp
	kindTable // first kind of prefixRules; kindTable+i is rule i
)

// secretKinds is read-only: id, label and rotation page of each kind.
var secretKinds = [...]struct{ id, label, rotate string }{
	kindOpenRouter:     {"openrouter", "OpenRouter API key", "https://openrouter.ai/settings/keys"},
	kindOpenAI:         {"openai", "OpenAI API key", "https://platform.openai.com/api-keys"},
	kindAnthropic:      {"anthropic", "Anthropic API key", "https://console.anthropic.com/settings/keys"},
	kindGoogle:         {"google", "Google API key", "https://aistudio.google.com/app/apikey"},
	kindGroq:           {"groq", "Groq API key", "https://console.groq.com/keys"},
	kindXAI:            {"xai", "xAI API key", "https://console.x.ai"},
	kindHuggingFace:    {"huggingface", "Hugging Face token", "https://huggingface.co/settings/tokens"},
	kindGitHub:         {"github", "GitHub token", "https://github.com/settings/tokens"},
	kindSlack:          {"slack", "Slack token", "https://api.slack.com/apps"},
	kindDiscordToken:   {"discord-token", "Discord bot token", "https://discord.com/developers/applications"},
	kindDiscordWebhook: {"discord-webhook", "Discord webhook URL", ""},
	kindAWS:            {"aws-access-key", "AWS access key ID", "https://console.aws.amazon.com/iam/home#/security_credentials"},
	kindJWT:            {"jwt", "JSON Web Token", ""},
	kindBearer:         {"bearer", "Bearer token", ""},
	kindBasicAuth:      {"basic-auth", "HTTP Basic credentials", ""},
	kindURLPassword:    {"url-password", "Password in a URL", ""},
	kindPrivateKey:     {"private-key", "Private key", ""},
	kindGeneric:        {"generic", "Secret value", ""},
	kindSlackWebhook:   {"slack-webhook", "Slack webhook URL", "https://api.slack.com/apps"},
	kindTeamsWebhook:   {"teams-webhook", "Microsoft Teams webhook URL", ""},
	kindTelegram:       {"telegram-bot-api-token", "Telegram bot token", "https://t.me/BotFather"},
	kindFacebook:       {"facebook-access-token", "Facebook access token", ""},
	kindAzure:          {"azure-ad-client-secret", "Azure AD client secret", ""},
	kindMailchimp:      {"mailchimp-api-key", "Mailchimp API key", ""},
}

// kindInfo returns the id, label and rotation page of a kind.
func kindInfo(k secretKind) (id, label, rotate string) {
	if k >= kindTable {
		r := &prefixRules[k-kindTable]
		return r.id, r.label, ""
	}
	i := &secretKinds[k]
	return i.id, i.label, i.rotate
}

// isWebhook reports whether a kind is a webhook URL.
func isWebhook(k secretKind) bool {
	return k == kindDiscordWebhook || k == kindSlackWebhook || k == kindTeamsWebhook
}
