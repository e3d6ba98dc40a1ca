package discord

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/contract"
	"github.com/orfix/orfix/internal/testutil"
	"github.com/orfix/orfix/knowledge"
)

func TestClip(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"fits", "short text", 20, "short text"},
		{"at a space, never mid-word", "alpha beta gamma delta", 14, "alpha beta …"},
		{"not inside a link", "see [the full article here](https://x.example/kb/a) now", 40, "see …"},
		{"after a whole link", "see [article](https://x.example/kb/a) and more words", 42, "see [article](https://x.example/kb/a) …"},
		{"not inside inline code", "run `curl -s https://x` then retry", 15, "run …"},
		{"after whole inline code", "run `curl -s https://x` then retry", 26, "run `curl -s https://x` …"},
		{"closes bold", "**restart the tool now** please", 18, "**restart the** …"},
		{"closes a code fence", "1. Run:\n```bash\ncurl -s a\ncurl -s b\n```\nthen", 34, "1. Run:\n```bash\ncurl -s a\n```\n…"},
		{"bare URL kept whole", "open https://openrouter.ai/settings/keys now", 30, "open …"},
		{"one huge word", strings.Repeat("x", 50), 10, strings.Repeat("x", 9) + "…"},
		{"astral characters count twice", "😀😀😀 😀😀😀", 9, "😀😀😀 …"},
		{"escaped brackets are text", `a \[b c d e f g`, 9, `a \[b c …`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := clip(tc.in, tc.n)
			if got != tc.want {
				t.Errorf("clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
			if width(got) > tc.n {
				t.Errorf("width %d > %d", width(got), tc.n)
			}
		})
	}
}

var (
	mdLinkRE = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]*)\)`)
	urlRE    = regexp.MustCompile(`https?://[^\s)>\]` + "`" + `]+`)
)

// TestClipKnowledgeBase cuts every section of the real knowledge base at
// many lengths and checks the rules: within the limit, marked, cut at a
// word boundary, and every link and URL left whole.
func TestClipKnowledgeBase(t *testing.T) {
	kb := testutil.DefaultKB(t)
	var texts []string
	for _, e := range kb.Entries() {
		for _, s := range []string{knowledge.SecMeaning, knowledge.SecQuickFixes, knowledge.SecSteps, knowledge.SecToolChecks, knowledge.SecFAQ} {
			texts = append(texts, reflow(e.SectionText(s)))
		}
	}
	for ti, text := range texts {
		for _, n := range []int{40, 97, 256, 300, 1024} {
			if width(text) <= n {
				continue
			}
			got := clip(text, n)
			where := fmt.Sprintf("text %d at %d", ti, n)
			if width(got) > n {
				t.Fatalf("%s: width %d", where, width(got))
			}
			if !strings.HasSuffix(got, ellipsis) {
				t.Fatalf("%s: cut not marked: %q", where, got)
			}
			// The kept text is a prefix of the original that ends at whitespace,
			// followed by the closing of an open construct and the mark.
			cutAtSpace := false
			for _, closing := range []string{" " + ellipsis, "** " + ellipsis, "\n```\n" + ellipsis} {
				body, ok := strings.CutSuffix(got, closing)
				if ok && strings.HasPrefix(text, body) && strings.ContainsAny(text[len(body):][:1], " \n\t") {
					cutAtSpace = true
				}
			}
			if !cutAtSpace {
				t.Fatalf("%s: not cut at a word boundary: …%q", where, tail(got, 40))
			}
			for _, m := range mdLinkRE.FindAllStringSubmatch(got, -1) {
				if !strings.Contains(text, m[0]) {
					t.Fatalf("%s: broken link %q", where, m[0])
				}
			}
			if strings.Count(got, "[")-strings.Count(got, `\[`) != strings.Count(got, "]")-strings.Count(got, `\]`) {
				t.Fatalf("%s: unbalanced link brackets in %q", where, tail(got, 80))
			}
			for _, u := range urlRE.FindAllString(got, -1) {
				if !strings.Contains(text, u+" ") && !strings.Contains(text, u+")") && !strings.Contains(text, u+"\n") &&
					!strings.Contains(text, u+"`") && !strings.HasSuffix(text, u) && !strings.Contains(text, u+".") && !strings.Contains(text, u+",") {
					t.Fatalf("%s: URL cut: %q", where, u)
				}
			}
			if strings.Count(got, "```")%2 != 0 {
				t.Fatalf("%s: unclosed code fence: %q", where, tail(got, 80))
			}
		}
	}
}

func tail(s string, n int) string {
	r := []rune(s)
	return string(r[max(0, len(r)-n):])
}

// TestRenderLimits renders replies far over every Discord limit and checks
// the payload stays within them with the entry link and reminder kept.
func TestRenderLimits(t *testing.T) {
	long := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }
	entry := &knowledge.Entry{ID: "openrouter-huge", Title: long("Enormous", 60)}
	link := bot.Link{ID: entry.ID, Title: entry.Title, URL: testPublic + "/kb/" + entry.ID}
	var links []bot.Link
	for i := range 30 {
		links = append(links, bot.Link{ID: fmt.Sprint("e", i), Title: long("Related", 30), URL: fmt.Sprintf("%s/kb/e%d", testPublic, i)})
	}
	var faq []knowledge.QA
	for range 30 {
		faq = append(faq, knowledge.QA{Question: long("Why", 100), Answer: long("because", 300)})
	}
	var secrets []bot.Finding
	for range 100 {
		secrets = append(secrets, bot.Finding{Kind: "openrouter", Label: "OpenRouter API key", Masked: "sk-or-v1-…[redacted]…" + fmt.Sprint(len(secrets)+1000), RotateURL: "https://openrouter.ai/settings/keys"})
	}
	tests := []struct {
		name string
		r    bot.Reply
	}{
		{"high", bot.Reply{Entry: entry, Link: link, Level: bot.High, Meaning: long("meaning", 900), QuickFixes: long("fix [a link](https://x.example/a)", 400),
			ToolChecks: long("check", 500), ToolName: "Cline", FAQ: faq, Related: links}},
		{"middling", bot.Reply{Entry: entry, Link: link, Level: bot.Middling, Confidence: 0.4, Meaning: long("meaning", 100), QuickFixes: long("fix", 100),
			FAQ: faq[:2], Alternatives: links, Related: links}},
		{"low", bot.Reply{Level: bot.Low, Alternatives: links}},
		{"secrets and notes", bot.Reply{Entry: entry, Link: link, Level: bot.High, Meaning: "m", QuickFixes: "q", Secrets: secrets,
			Notes: []string{long("note", 500)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := renderReply(tc.r, view{Feedback: true, Index: testPublic + "/kb/"})
			checkData(t, d)
			e := d.Embeds[0]
			if e.Footer == nil || e.Footer.Text != bot.RedactReminder {
				t.Errorf("the redact reminder is missing")
			}
			if n := embedSize(e); n > firstReplyBudget {
				t.Errorf("first reply shows %d characters, budget %d", n, firstReplyBudget)
			}
			if len(d.Components) != 1 {
				t.Errorf("first reply has %d rows of buttons, want 1", len(d.Components))
			}
			if tc.r.Entry != nil && (e.URL != link.URL || !strings.Contains(mustJSON(t, d.Components), link.URL)) {
				t.Errorf("the link to the full answer was dropped")
			}
			if tc.r.HasSecrets() && d.Flags != discordgo.MessageFlagsEphemeral {
				t.Errorf("a reply with secrets must be ephemeral")
			}
		})
	}
}

func TestLinkList(t *testing.T) {
	ls := []bot.Link{{Title: "One [x]", URL: "https://a.example/1"}, {Title: "Two", URL: "https://a.example/2"}, {Title: "Three", URL: "https://a.example/3"}}
	if got, want := linkList(ls[:1], 100), `- [One \[x\]](https://a.example/1)`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got := linkList(ls, 60)
	if want := "- [One \\[x\\]](https://a.example/1)\n- …"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReflow(t *testing.T) {
	in := "First line\nwraps here.\n\n1. Item one\n   continues.\n2. Item two\n   ```bash\n   keep\n   this\n   ```\n- bullet\n| a | b |\n| c | d |"
	want := "First line wraps here.\n\n1. Item one continues.\n2. Item two\n   ```bash\n   keep\n   this\n   ```\n- bullet\n| a | b |\n| c | d |"
	if got := reflow(in); got != want {
		t.Errorf("reflow:\n%s\nwant:\n%s", got, want)
	}
}

func TestSupportMentions(t *testing.T) {
	m := supportMentions("<@&123> or <@456> and <@!789>, not <#111> nor <@abc>")
	if fmt.Sprint(m.Roles, m.Users, m.Parse) != "[123] [456 789] []" {
		t.Errorf("got roles %v users %v parse %v", m.Roles, m.Users, m.Parse)
	}
}

func TestCustomID(t *testing.T) {
	id := customID(actNotYet, "openrouter-401-invalid-key")
	if a, e, ok := parseCustomID(id); !ok || a != actNotYet || e != "openrouter-401-invalid-key" {
		t.Errorf("round trip: %q -> %q %q %v", id, a, e, ok)
	}
	full := customID(actSteps, "openrouter-401-invalid-key", testUser, "cline")
	if b, ok := parseButton(full); !ok || b != (button{actSteps, "openrouter-401-invalid-key", testUser, "cline"}) {
		t.Errorf("round trip with asker and tool: %q -> %+v", full, b)
	}
	if got := customID(actSteps, strings.Repeat("x", 70), testUser, "cline"); got != "orfix:steps:"+strings.Repeat("x", 70) {
		t.Errorf("the optional parts are dropped when too long: %q", got)
	}
	if customID(actFixed, strings.Repeat("x", 95)) != "" {
		t.Errorf("a custom id over 100 characters must not be built")
	}
	long := &knowledge.Entry{ID: strings.Repeat("x", 95)}
	if d := renderReply(bot.Reply{Entry: long, Level: bot.High, Link: bot.Link{URL: testPublic + "/kb/" + long.ID}}, view{Feedback: true}); len(d.Components) != 1 {
		t.Errorf("an entry id too long for a custom id gets link buttons only, got %d rows", len(d.Components))
	}
	for _, bad := range []string{"", "orfix:", "other:fixed:x", "fixed:x"} {
		if _, _, ok := parseCustomID(bad); ok {
			t.Errorf("parseCustomID(%q) accepted", bad)
		}
	}
}

// TestLeakPayloadsGolden: the key-leak messages. The public notice names
// the kind but no key; the DM and the moderator alert show the masked key.
func TestLeakPayloadsGolden(t *testing.T) {
	fs := []bot.Finding{
		{Kind: "openrouter", Label: "OpenRouter API key", Masked: "sk-or-v1-…[redacted]…9f3c", RotateURL: "https://openrouter.ai/settings/keys"},
		{Kind: "github", Label: "GitHub token", Masked: "ghp_…[redacted]…Q2x8", RotateURL: "https://github.com/settings/tokens"},
	}
	silent := bot.Reply{Silent: true, Reason: "below-passive-threshold", Secrets: fs, Level: bot.Low}
	leakMsg := &discordgo.Message{ID: "1500000000000000005", ChannelID: testChannel, GuildID: "1200000000000000002", Author: &discordgo.User{ID: testUser}}
	tests := []struct {
		name string
		d    *discordgo.InteractionResponseData
	}{
		{"leak-dm-warning-only", leakDM(silent, "I deleted your message in <#1300000000000000003>, but others may have seen it already.", testPublic+"/kb/", testUser)},
		{"leak-notice-deleted-dm-closed", leakNotice(testUser, fs, true, false)},
		{"leak-notice-not-deleted", leakNotice(testUser, fs, false, true)},
		{"leak-mod-alert", modAlert(leakMsg, fs, true)},
		{"leak-mod-alert-not-deleted", modAlert(leakMsg, fs, false)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkData(t, tc.d)
			b, err := json.Marshal(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			public := strings.HasPrefix(tc.name, "leak-notice")
			if public && strings.Contains(tc.d.Content, "Manage Messages") {
				t.Errorf("a public notice tells users about the bot's permissions: %q", tc.d.Content)
			}
			if masked := strings.Contains(tc.d.Content, "[redacted]"); masked == public {
				t.Errorf("masked key shown: %v; want it only in private messages: %q", masked, tc.d.Content)
			}
			if !strings.HasPrefix(tc.name, "leak-mod-alert") && !strings.HasSuffix(tc.d.Content, "_"+bot.RedactReminder+"_") {
				t.Errorf("a message to the user ends with the redact reminder: %q", tc.d.Content)
			}
			golden(t, tc.name, b)
		})
	}
}

func TestNoUnfurl(t *testing.T) {
	in := "rotate at https://openrouter.ai/settings/keys. See <https://a.example/x> and [b](https://b.example/y), (https://c.example)"
	want := "rotate at <https://openrouter.ai/settings/keys>. See <https://a.example/x> and [b](https://b.example/y), (<https://c.example>)"
	if got := noUnfurl(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestReplyShapesGolden: the reply shapes that no interaction fixture
// reaches with today's matcher: the fitted first reply, the "which of
// these" question, the hand-off (first and later in a thread), the
// answer after a vote and a refused vote.
func TestReplyShapesGolden(t *testing.T) {
	kb := testutil.DefaultKB(t)
	core := bot.New(kb, bot.Config{PublicURL: testPublic})
	entry := func(id string) bot.Reply {
		r, ok := core.ReplyFor(id, "cline")
		if !ok {
			t.Fatalf("no entry %s", id)
		}
		return r
	}
	fitted := entry("openrouter-429-free-limit")
	fitted.Read = "OpenRouter answered 429 `free-models-per-day` to Cline for `deepseek/deepseek-r1:free`"
	torn := fitted
	torn.Ambiguous, torn.Level = true, bot.Middling
	torn.Candidates = []bot.Link{fitted.Link, entry("openrouter-429-upstream").Link, entry("openrouter-402-insufficient-credits").Link}
	notYet := entry("openrouter-401-invalid-key")
	notYet.Alternatives = []bot.Link{entry("openrouter-401-missing-key").Link, entry("openrouter-wrong-base-url").Link}
	answered := renderReply(fitted, view{Feedback: true, Asker: testUser})
	msg := &discordgo.Message{ID: "1800000000000000001", Embeds: answered.Embeds, Components: answered.Components}
	tests := []struct {
		name string
		d    *discordgo.InteractionResponseData
	}{
		{"shape-fitted", answered},
		{"shape-which", renderReply(torn, view{Feedback: true, Asker: testUser})},
		{"shape-handoff", renderHandoff(notYet, testSupport, testUser, testUser)},
		{"shape-handoff-again", renderHandoff(notYet, "", "1400000000000000088", testUser)},
		{"shape-voted-fixed", renderVoted(msg, testUser, bot.VoteFixed)},
		{"shape-refused", renderNotice("Only the person who asked (or a moderator) can mark this answer.", true, false)},
	}
	specs := contract.DiscordIfPresent(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkData(t, tc.d)
			b := mustJSON(t, messageSend(tc.d))
			specs.REST(t, "POST", "/channels/1/messages", []byte(b))
			for _, e := range tc.d.Embeds {
				if n := embedSize(e); n > firstReplyBudget {
					t.Errorf("%d visible characters, budget %d", n, firstReplyBudget)
				}
			}
			if len(tc.d.Components) > 1 {
				t.Errorf("%d rows of buttons, want at most 1", len(tc.d.Components))
			}
			if strings.Contains(b, "confidence") {
				t.Errorf("a raw score in front of users: %s", b)
			}
			golden(t, tc.name, []byte(mustJSON(t, tc.d)))
		})
	}
}
