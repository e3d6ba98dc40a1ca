package bot

import (
	"fmt"
	"strings"
)

// RedactReminder ends every reply.
const RedactReminder = "Before you paste, remove API keys and tokens (orfix masks any it sees, but they may already be exposed)."

// TriageSteps are the general steps for an error the bot does not know.
var TriageSteps = []string{
	"Find the HTTP status and the exact `message` in the error body (and `metadata.raw` / `provider_name` if present).",
	"Check your key and credits: `curl -s https://openrouter.ai/api/v1/key -H \"Authorization: Bearer $OPENROUTER_API_KEY\"`.",
	"Check https://status.openrouter.ai for an incident, and https://openrouter.ai/activity for the failed request.",
	"Try another model or provider to see whether the problem follows the model.",
	"Ask again with the full error text (`/orfix <error>`), with keys removed.",
}

// SecretWarning is the warning for a paste that held secrets. action says
// what the bot did with the message ("I deleted your message."), or "".
// It names each secret's kind and masked form, never the secret.
func SecretWarning(fs []Finding, action string) string {
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("⚠️ **Your message contained ")
	if len(fs) == 1 {
		b.WriteString("a secret")
	} else {
		fmt.Fprintf(&b, "%d secrets", len(fs))
	}
	b.WriteString(".** Treat it as leaked and rotate it now:\n")
	seen := map[string]bool{}
	for _, f := range fs {
		line := fmt.Sprintf("- %s `%s`", f.Label, f.Masked)
		if f.RotateURL != "" {
			line += ": rotate at " + f.RotateURL
		}
		if seen[line] {
			continue
		}
		seen[line] = true
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if action != "" {
		b.WriteString(action)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// RenderText renders a reply as Markdown, exactly what a chat user reads;
// the terminal and the web paste box show it as is. action is passed to
// SecretWarning.
func RenderText(r Reply, action string) string {
	var b strings.Builder
	para := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(s)
	}
	para(SecretWarning(r.Secrets, action))
	if r.Acknowledged != "" {
		para(r.Acknowledged)
		para(linkList(r.Alternatives))
		if r.Entry != nil {
			para("Answer: " + r.Link.URL)
		}
		if r.Support != "" {
			para("Asking for a human: " + r.Support)
		}
		para("_" + RedactReminder + "_")
		return b.String() + "\n"
	}
	switch {
	case len(r.Suggestions) > 0:
		var lines []string
		for _, s := range r.Suggestions {
			lines = append(lines, "- "+s.Name+" ("+s.ID+")")
		}
		para(strings.Join(lines, "\n"))
	case r.Entry == nil:
		para("**I'm not sure which error this is.**")
		if len(r.Alternatives) > 0 {
			para("The closest entries:\n" + linkList(r.Alternatives))
		}
		var steps []string
		for i, s := range TriageSteps {
			steps = append(steps, fmt.Sprintf("%d. %s", i+1, s))
		}
		para("**General triage**\n" + strings.Join(steps, "\n"))
	default:
		title := "**" + r.Entry.Title + "**"
		if r.Level == Middling {
			title += fmt.Sprintf(" (probably; confidence %.2f)", r.Confidence)
		}
		para(title)
		para(r.Meaning)
		para("**Quick fixes**\n" + r.QuickFixes)
		if r.ToolChecks != "" {
			para("**Checks for " + r.ToolName + "**\n" + r.ToolChecks)
		}
		for _, qa := range r.FAQ {
			para("**" + qa.Question + "**\n" + qa.Answer)
		}
		if r.Level == Middling && len(r.Alternatives) > 0 {
			para("**Could also be**\n" + linkList(r.Alternatives))
		}
		if len(r.Related) > 0 {
			para("**Related errors**\n" + linkList(r.Related))
		}
		para("Full article: " + r.Link.URL)
	}
	for _, n := range r.Notes {
		para("_" + n + "_")
	}
	para("_" + RedactReminder + "_")
	return b.String() + "\n"
}

func linkList(ls []Link) string {
	var lines []string
	for _, l := range ls {
		lines = append(lines, "- "+l.Title+": "+l.URL)
	}
	return strings.Join(lines, "\n")
}
