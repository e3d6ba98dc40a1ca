package bot

import (
	"fmt"
	"slices"
	"strings"
)

// The key-leak policy, the same on every chat platform: a message that
// leaks a secret is deleted when orfix can; its author is warned privately
// (a DM, an ephemeral message) with the kind, the masked key and how to
// replace it; a public notice, naming kinds but never a key, is posted only
// when the private warning could not be delivered; the moderators, when a
// channel is configured, get an alert with the masked keys. In a direct
// message with orfix nothing is public: only the private warning is sent.
// Adapters execute a LeakPlan and word nothing themselves.

// LeakWhere describes where a leaking message was posted and what the
// adapter can do there. Author, Channel and Link are already in the
// platform's syntax ("<@U1>", "<#C1>", a link the platform renders).
type LeakWhere struct {
	// Author mentions the author; Channel names the channel.
	Author, Channel string
	// Here names the channel in the private warning, when that differs
	// from Channel (a warning shown in the channel itself: "this
	// channel"); "" means Channel.
	Here string
	// Link points at the message, or is "" when unknown.
	Link string
	// Private is true in a direct message with orfix: nobody else saw it.
	Private bool
	// CanDelete is true when the adapter has the means to delete the
	// message (Discord: always tries; Slack: an admin token).
	CanDelete bool
	// Moderators is true when a moderator channel is configured.
	Moderators bool
	// GrantDelete says how to let orfix delete such messages, e.g. "grant
	// orfix the Manage Messages permission in that channel".
	GrantDelete string
	// SelfDelete says how the author deletes their message, or "".
	SelfDelete string
}

// LeakOutcome is what happened when the adapter ran a plan's actions.
type LeakOutcome struct {
	// Deleted is true when the message was deleted.
	Deleted bool
	// Warned is true when the private warning was delivered.
	Warned bool
}

// LeakPlan is what to do about a leaking message, and the words for it.
type LeakPlan struct {
	// Delete: try to delete the message.
	Delete bool
	// Warn: warn the author privately (always true for a leak).
	Warn bool
	// Alert: alert the moderators.
	Alert bool
	// Findings are the secrets, as in the reply.
	Findings []Finding

	where LeakWhere
}

// PlanLeak decides what to do about reply r's secrets posted at where. A
// reply without secrets gets the zero plan: nothing to do.
func PlanLeak(r Reply, where LeakWhere) LeakPlan {
	if !r.HasSecrets() {
		return LeakPlan{}
	}
	return LeakPlan{
		Delete:   where.CanDelete && !where.Private,
		Warn:     true,
		Alert:    where.Moderators && !where.Private,
		Findings: r.Secrets,
		where:    where,
	}
}

// Notice reports whether the author must be told in public: only when the
// private warning did not reach them, and never in a direct message.
func (p LeakPlan) Notice(o LeakOutcome) bool {
	return p.Warn && !o.Warned && !p.where.Private
}

// Action is the line of the private warning that says what orfix did with
// the message (see SecretWarning).
func (p LeakPlan) Action(deleted bool) string {
	here := p.where.Channel
	if p.where.Here != "" {
		here = p.where.Here
	}
	switch {
	case p.where.Private:
		return "Nobody else can see this conversation, but delete the secret anywhere else you shared it."
	case deleted:
		return fmt.Sprintf("I deleted your message in %s, but others may have seen it already.", here)
	}
	s := fmt.Sprintf("I could not delete your message in %s: please delete it now", here)
	if p.where.SelfDelete != "" {
		s += " (" + p.where.SelfDelete + ")"
	}
	return s + "."
}

// Warning is the private warning without an answer: the kinds, masked
// keys and how to replace each, then Action.
func (p LeakPlan) Warning(deleted bool) string {
	return SecretWarning(p.Findings, p.Action(deleted))
}

// NoticeText is the public notice: it mentions the author, names the kinds
// and where to replace them, never a key, not even masked.
func (p LeakPlan) NoticeText(o LeakOutcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s your message contained %s.", p.where.Author, SecretKinds(p.Findings))
	if o.Deleted {
		b.WriteString(" I removed it.")
	} else {
		b.WriteString(" Please delete it now.")
	}
	b.WriteString(" " + LeakAdvice(p.Findings) + ".")
	if !o.Warned {
		b.WriteString(" I could not send you the details privately.")
	}
	return b.String()
}

// AlertText is the moderators' alert: who, where, the masked keys, and
// what was done.
func (p LeakPlan) AlertText(o LeakOutcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "🚨 %s posted %s in %s", p.where.Author, SecretKinds(p.Findings), p.where.Channel)
	if !o.Deleted && p.where.Link != "" {
		fmt.Fprintf(&b, " (%s)", p.where.Link)
	}
	b.WriteString(":")
	var seen []string
	for _, f := range p.Findings {
		line := fmt.Sprintf("\n- %s `%s`", f.Label, f.Masked)
		if !slices.Contains(seen, line) {
			seen = append(seen, line)
			b.WriteString(line)
		}
	}
	n := len(seen)
	if o.Deleted {
		fmt.Fprintf(&b, "\norfix deleted the message")
	} else {
		fmt.Fprintf(&b, "\nThe message could not be deleted and is still there: delete it")
		if p.where.GrantDelete != "" {
			b.WriteString(", and " + p.where.GrantDelete)
		}
	}
	if o.Warned {
		fmt.Fprintf(&b, "; the author was warned privately to replace %s.", itThem(n))
	} else {
		fmt.Fprintf(&b, "; the author could not be warned privately and was told in the channel to replace %s.", itThem(n))
	}
	return b.String()
}

// LeakAdvice is the sentence that tells the owner how to replace the
// secrets: "Treat it as leaked and rotate it now: <url>", or, for webhook
// URLs, "delete and regenerate the webhook"; no final period.
func LeakAdvice(fs []Finding) string {
	s := leakHead(fs)
	if urls := rotateURLs(fs); len(urls) > 0 {
		s += ": " + strings.Join(urls, " ")
	}
	return s
}

// leakHead is LeakAdvice without the URLs.
func leakHead(fs []Finding) string {
	hooks, keys := 0, 0
	for _, f := range fs {
		if f.Webhook {
			hooks++
		} else {
			keys++
		}
	}
	it := itThem(len(fs))
	var s string
	switch {
	case keys == 0 && hooks == 1:
		s = "Treat it as leaked: delete and regenerate the webhook now"
	case keys == 0:
		s = "Treat them as leaked: delete and regenerate the webhooks now"
	case hooks == 0:
		s = fmt.Sprintf("Treat %s as leaked and rotate %s now", it, it)
	default:
		s = "Treat them as leaked: rotate the keys and delete and regenerate the webhooks now"
	}
	return s
}

// FindingAdvice is how to replace one secret: "rotate at <url>", "delete
// and regenerate the webhook" (" at <url>" when known), or "" for a key
// whose rotation page orfix does not know.
func FindingAdvice(f Finding) string {
	switch {
	case f.Webhook && f.RotateURL != "":
		return "delete and regenerate the webhook at " + f.RotateURL
	case f.Webhook:
		return "delete and regenerate the webhook"
	case f.RotateURL != "":
		return "rotate at " + f.RotateURL
	}
	return ""
}

// SecretKinds names the kinds of secrets for a sentence: "an OpenRouter
// API key", "a GitHub token and a Slack webhook URL".
func SecretKinds(fs []Finding) string {
	var labels []string
	for _, f := range fs {
		if l := withArticle(f.Label); !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	switch len(labels) {
	case 0:
		return "a secret"
	case 1:
		return labels[0]
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
}

// withArticle prefixes a label with "a" or "an".
func withArticle(label string) string {
	if label == "" {
		return "a secret"
	}
	switch strings.ToLower(label[:1]) {
	case "a", "e", "i", "o", "u":
		return "an " + label
	}
	return "a " + label
}

// itThem is "it" for one secret and "them" for several.
func itThem(n int) string {
	if n > 1 {
		return "them"
	}
	return "it"
}

// rotateURLs are the findings' distinct rotation URLs, in order.
func rotateURLs(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.RotateURL != "" && !slices.Contains(out, f.RotateURL) {
			out = append(out, f.RotateURL)
		}
	}
	return out
}
