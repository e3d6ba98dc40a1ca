package bot

import (
	"fmt"
	"slices"
	"strings"
)

// RedactReminder ends every reply.
const RedactReminder = "Before you paste, remove API keys and tokens (orfix masks any it sees, but they may already be exposed)."

// TriageSteps are the general steps for an error the bot does not know,
// in words that fit every surface (see TriageStepsFor).
var TriageSteps = []string{
	"Find the HTTP status and the exact `message` in the error body (and `metadata.raw` / `provider_name` if present).",
	"Check your key and credits: `curl -s https://openrouter.ai/api/v1/key -H \"Authorization: Bearer $OPENROUTER_API_KEY\"`.",
	"Check https://status.openrouter.ai for an incident, and https://openrouter.ai/activity for the failed request.",
	"Try another model or provider to see whether the problem follows the model.",
	"Try again with the full error text, with keys removed.",
}

// TriageStepsFor are TriageSteps in the words of a platform: in chat the
// last step names the command.
func TriageStepsFor(p Platform) []string {
	steps := slices.Clone(TriageSteps)
	if p == Discord || p == Slack {
		steps[len(steps)-1] = "Ask again with the full error text (`/orfix <error>`), with keys removed."
	}
	return steps
}

// SecretWarning is the warning for a paste that held secrets. action says
// what the bot did with the message ("I deleted your message."), or "".
// It names each secret's kind and masked form, never the secret.
func SecretWarning(fs []Finding, action string) string {
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	if len(fs) == 1 {
		b.WriteString("⚠️ **Your message contained a secret.** ")
	} else {
		fmt.Fprintf(&b, "⚠️ **Your message contained %d secrets.** ", len(fs))
	}
	b.WriteString(leakHead(fs) + ":\n")
	seen := map[string]bool{}
	for _, f := range fs {
		line := fmt.Sprintf("- %s `%s`", f.Label, f.Masked)
		if adv := FindingAdvice(f); adv != "" {
			line += ": " + adv
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

// RenderText renders a reply as Markdown for the terminal and plain-text
// surfaces: the short answer (what orfix read, the fixes that fit), then
// the tool's checks, the other candidates and related errors, and the link
// to the full answer. It uses no chat wording; the redact reminder ends
// answers to pastes only. action is passed to SecretWarning.
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
		if r.Entry != nil && r.Refused == "" {
			para("Answer: " + r.Link.URL)
		}
		if r.Support != "" {
			para("Asking for a human: " + r.Support)
		}
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
		para(sentence(r.Read))
		if len(r.Alternatives) > 0 {
			para("The closest entries:\n" + linkList(r.Alternatives))
		}
		para("**General triage**\n" + numbered(TriageStepsFor(CLI)))
	case r.Ambiguous:
		// No buttons here: list the candidates, then answer with the first.
		para("**Which of these matches?**")
		para(sentence(r.Read))
		para(linkList(r.Candidates))
		entryText(para, r, "**Most likely: "+r.Entry.Title+"**")
	default:
		entryText(para, r, "**"+r.Entry.Title+"**")
	}
	for _, n := range r.Notes {
		para("_" + n + "_")
	}
	if len(r.Suggestions) == 0 {
		para("_" + RedactReminder + "_")
	}
	return b.String() + "\n"
}

// entryText renders an entry's short answer and what else there is to
// read, under title.
func entryText(para func(string), r Reply, title string) {
	para(title)
	if s := r.Sureness(); s != "" && !r.Ambiguous {
		para("_" + s + "_")
	}
	if r.Ambiguous {
		para(r.Summary)
	} else {
		para(r.Lead())
	}
	if len(r.Fixes) > 0 {
		para("**Fixes**\n" + numbered(r.Fixes))
	}
	if r.ToolChecks != "" {
		para("**Checks for " + r.ToolName + "**\n" + r.ToolChecks)
	}
	if r.Level == Middling && len(r.Alternatives) > 0 && !r.Ambiguous {
		para("**Could also be**\n" + linkList(r.Alternatives))
	}
	if related := withoutLinks(r.Related, append(r.Alternatives, r.Candidates...)); len(related) > 0 {
		para("**Related errors**\n" + linkList(related))
	}
	para("All steps: " + r.Link.URL)
}

// sentence ends s with a full stop, or returns "" for "".
func sentence(s string) string {
	if s == "" {
		return ""
	}
	return s + "."
}

// numbered renders items as a numbered Markdown list.
func numbered(items []string) string {
	var lines []string
	for i, s := range items {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(s)))
	}
	return strings.Join(lines, "\n")
}

// withoutLinks returns ls minus the links whose id is in drop.
func withoutLinks(ls, drop []Link) []Link {
	var out []Link
	for _, l := range ls {
		if !slices.ContainsFunc(drop, func(d Link) bool { return d.ID == l.ID }) {
			out = append(out, l)
		}
	}
	return out
}

func linkList(ls []Link) string {
	var lines []string
	for _, l := range ls {
		lines = append(lines, "- "+l.Title+": "+l.URL)
	}
	return strings.Join(lines, "\n")
}
