package bot

import (
	"strings"
	"testing"
)

// TestPlanLeak: the actions of the one leak policy, and the words for
// them: plurals, the webhook wording, no key in public.
func TestPlanLeak(t *testing.T) {
	key := Finding{Kind: "openrouter", Label: "OpenRouter API key", Masked: "sk-or-v1-…[redacted]…9f3c", RotateURL: "https://openrouter.ai/settings/keys"}
	gh := Finding{Kind: "github", Label: "GitHub token", Masked: "ghp_…[redacted]…Q2x8", RotateURL: "https://github.com/settings/tokens"}
	hook := Finding{Kind: "slack-webhook", Label: "Slack webhook URL", Masked: "https://hooks.slack.com/…[redacted]…", RotateURL: "https://api.slack.com/apps", Webhook: true}
	bare := Finding{Kind: "discord-webhook", Label: "Discord webhook URL", Masked: "https://discord.com/api/webhooks/…[redacted]…", Webhook: true}
	channel := LeakWhere{Author: "<@U1>", Channel: "<#C1>", Link: "LINK", CanDelete: true, Moderators: true, GrantDelete: "grant it", SelfDelete: "click"}
	noAdmin := channel
	noAdmin.CanDelete, noAdmin.Moderators = false, false
	dm := channel
	dm.Private = true

	tests := []struct {
		name                 string
		fs                   []Finding
		where                LeakWhere
		out                  LeakOutcome
		del, alert, notice   bool
		action, noticeWants  []string
		alertWants           []string
		alertLacks, anyLacks []string
	}{
		{
			name: "one key, deleted and warned", fs: []Finding{key}, where: channel, out: LeakOutcome{Deleted: true, Warned: true},
			del: true, alert: true,
			action:     []string{"I deleted your message in <#C1>"},
			alertWants: []string{"<@U1> posted an OpenRouter API key in <#C1>:", "`sk-or-v1-…[redacted]…9f3c`", "orfix deleted the message", "warned privately to replace it."},
			alertLacks: []string{"LINK"},
		},
		{
			name: "two keys, not deleted, warning failed: notice", fs: []Finding{key, gh}, where: channel, out: LeakOutcome{},
			del: true, alert: true, notice: true,
			action:      []string{"I could not delete your message in <#C1>: please delete it now (click)."},
			noticeWants: []string{"<@U1> your message contained an OpenRouter API key and a GitHub token.", "Please delete it now.", "Treat them as leaked and rotate them now: https://openrouter.ai/settings/keys https://github.com/settings/tokens.", "could not send you the details privately"},
			alertWants:  []string{"(LINK)", "could not be deleted", "grant it", "told in the channel to replace them."},
		},
		{
			name: "webhook: delete and regenerate", fs: []Finding{hook}, where: noAdmin, out: LeakOutcome{Deleted: false, Warned: false},
			notice:      true,
			action:      []string{"I could not delete"},
			noticeWants: []string{"a Slack webhook URL.", "Treat it as leaked: delete and regenerate the webhook now: https://api.slack.com/apps."},
		},
		{
			name: "two webhooks, one without a page", fs: []Finding{hook, bare}, where: channel, out: LeakOutcome{Deleted: true},
			del: true, alert: true, notice: true,
			noticeWants: []string{"I removed it.", "Treat them as leaked: delete and regenerate the webhooks now"},
		},
		{
			name: "key and webhook", fs: []Finding{key, hook}, where: channel, out: LeakOutcome{Deleted: true},
			del: true, alert: true, notice: true,
			noticeWants: []string{"rotate the keys and delete and regenerate the webhooks now"},
		},
		{
			name: "direct message: warn only", fs: []Finding{key}, where: dm, out: LeakOutcome{},
			action: []string{"Nobody else can see this conversation"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PlanLeak(Reply{Secrets: tc.fs}, tc.where)
			if !p.Warn || p.Delete != tc.del || p.Alert != tc.alert || p.Notice(tc.out) != tc.notice {
				t.Errorf("warn %v delete %v alert %v notice %v, want true %v %v %v", p.Warn, p.Delete, p.Alert, p.Notice(tc.out), tc.del, tc.alert, tc.notice)
			}
			action, notice, alert := p.Action(tc.out.Deleted), p.NoticeText(tc.out), p.AlertText(tc.out)
			check := func(what, text string, wants, lacks []string) {
				for _, w := range wants {
					if !strings.Contains(text, w) {
						t.Errorf("%s lacks %q: %s", what, w, text)
					}
				}
				for _, l := range lacks {
					if strings.Contains(text, l) {
						t.Errorf("%s holds %q: %s", what, l, text)
					}
				}
			}
			check("action", action, tc.action, nil)
			check("notice", notice, tc.noticeWants, []string{"[redacted]", "sk-or-"})
			check("alert", alert, tc.alertWants, tc.alertLacks)
		})
	}
	if p := PlanLeak(Reply{}, channel); p.Warn || p.Delete || p.Alert {
		t.Errorf("a reply without secrets needs no plan: %+v", p)
	}
}

// TestSecretWarningWebhook: the private warning tells a webhook's owner
// to delete and regenerate it, not to rotate a key.
func TestSecretWarningWebhook(t *testing.T) {
	tests := []struct {
		fs    []Finding
		wants []string
	}{
		{[]Finding{{Label: "Slack webhook URL", Masked: "m", RotateURL: "https://api.slack.com/apps", Webhook: true}},
			[]string{"a secret.** Treat it as leaked: delete and regenerate the webhook now:", "`m`: delete and regenerate the webhook at https://api.slack.com/apps"}},
		{[]Finding{{Label: "OpenRouter API key", Masked: "k", RotateURL: "https://openrouter.ai/settings/keys"}, {Label: "JWT", Masked: "j"}},
			[]string{"2 secrets.** Treat them as leaked and rotate them now:", "`k`: rotate at https://openrouter.ai/settings/keys\n- JWT `j`\nACTION"}},
	}
	for _, tc := range tests {
		got := SecretWarning(tc.fs, "ACTION")
		for _, w := range tc.wants {
			if !strings.Contains(got, w) {
				t.Errorf("warning lacks %q:\n%s", w, got)
			}
		}
	}
}
