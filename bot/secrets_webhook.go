package bot

// Slack and Microsoft Teams webhook URLs. Anyone holding one can post to the
// channel, so they are credentials; the fix is to regenerate the webhook.
// Discord webhooks are in secrets_discord.go.

import "strings"

// slackWebhookAt checks a Slack webhook path after "hooks.slack.com" at the
// slash i: /services/, /workflows/ or /triggers/ and 20+ characters of
// [A-Za-z0-9+/], which it masks after the first path segment.
func (s *scanner) slackWebhookAt(i int) {
	t := s.text
	const host = "hooks.slack.com"
	if i < len(host) || t[i-len(host):i] != host {
		return
	}
	from := -1
	for _, p := range [...]string{"/services/", "/workflows/", "/triggers/"} {
		if strings.HasPrefix(t[i:], p) {
			from = i + len(p)
			break
		}
	}
	if from < 0 {
		return
	}
	end := from
	for end < len(t) && end-from < 256 && (isB64Std(t[end]) || t[end] == '_' || t[end] == '-') {
		end++
	}
	if end-from < 20 || !webhookBody(t[from:end]) {
		return
	}
	s.add(candidate{start: from, end: end, kind: kindSlackWebhook, prio: prioVendor, tail: 4})
}

// teamsWebhookAt checks a Microsoft Teams incoming webhook at the slash i
// after "webhook.office.com" (/webhookb2/...) and masks its path.
func (s *scanner) teamsWebhookAt(i int) {
	t := s.text
	const host = "webhook.office.com"
	if i < len(host) || t[i-len(host):i] != host || !strings.HasPrefix(t[i:], "/webhookb2/") {
		return
	}
	from := i + len("/webhookb2/")
	end := from
	for end < len(t) && end-from < 512 && (isTok(t[end]) || t[end] == '@' || t[end] == '/') {
		end++
	}
	if end-from < 30 || !webhookBody(t[from:end]) {
		return
	}
	s.add(candidate{start: from, end: end, kind: kindTeamsWebhook, prio: prioVendor, tail: 4})
}

// webhookBody rejects documentation placeholders such as
// T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX.
func webhookBody(p string) bool {
	return xRun(p) < 6 && !placeholderWords(p) && entropy(p) >= 3.0
}
