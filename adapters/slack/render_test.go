package slack

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/contract"
	"github.com/orfix/orfix/internal/testutil"
	"github.com/orfix/orfix/knowledge"
)

// pretty renders a payload as indented JSON without HTML escapes.
func pretty(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(generic); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// goldenCore is a bot core on testdata/kb, a fixed copy of a few entries,
// so that edits to the real knowledge base do not move the golden files.
func goldenCore(t testing.TB) *bot.Bot {
	t.Helper()
	entries, problems := knowledge.ReadFS(os.DirFS("testdata/kb"), ".", "testdata/kb")
	if len(problems) > 0 {
		t.Fatalf("testdata/kb: %v", problems)
	}
	return bot.New(knowledge.Build(entries), bot.Config{PublicURL: publicURL})
}

// mustReply is the core's reply for a known entry.
func mustReply(t testing.TB, core Core, id, tool string) bot.Reply {
	t.Helper()
	r, ok := core.ReplyFor(id, tool)
	if !ok {
		t.Fatalf("no entry %s", id)
	}
	return r
}

func mustEntry(t testing.TB, core Core, id string) *knowledge.Entry {
	t.Helper()
	e, ok := core.KB().Get(id)
	if !ok {
		t.Fatalf("no entry %s", id)
	}
	return e
}

// goldenKey is a fixed fake key for the golden files (the live tests plant
// a fresh random one).
const goldenKey = "sk-or-v1-0f3a9c1b7d2e4f6a8b0c2d4e6f8a0b1c3d5e7f9a1b2c3d4e5f6a7b8c9d0e1f2a3"

func TestGoldenPayloads(t *testing.T) {
	core := goldenCore(t)
	r := newRenderer(core.EntryURL, publicURL)
	link := func(id string) bot.Link {
		e := mustEntry(t, core, id)
		return bot.Link{ID: id, Title: e.Title, URL: core.EntryURL(id)}
	}

	high := mustReply(t, core, "openrouter-401-invalid-key", "cline")
	high.Confidence = 0.93

	middling := mustReply(t, core, "openrouter-429-free-limit", "")
	middling.Level, middling.Confidence = bot.Middling, 0.48
	middling.Alternatives = []bot.Link{link("openrouter-402-insufficient-credits")}

	low := bot.Reply{Level: bot.Low, Confidence: 0.21,
		Alternatives: []bot.Link{link("openrouter-401-missing-key"), link("openrouter-402-insufficient-credits")},
		Notes:        []string{"The attachment error.txt was longer than 256 KB, so only its first part was read."}}

	_, findings := bot.Redact("Authorization: Bearer " + goldenKey)
	leaked := high
	leaked.Secrets = findings

	notYet := bot.Reply{Entry: mustEntry(t, core, "openrouter-401-invalid-key"), Level: bot.High, Link: link("openrouter-401-invalid-key"),
		Acknowledged: "Sorry it did not help yet. These may fit better:",
		Alternatives: []bot.Link{link("openrouter-402-insufficient-credits"), link("openrouter-401-missing-key")}, Support: "<!subteam^S0SUPPORT>"}

	torn := high
	torn.Ambiguous = true
	torn.Read = "OpenRouter answered 429 `free-models-per-day` to Cline for `deepseek/deepseek-r1:free`"
	torn.Candidates = []bot.Link{link("openrouter-429-free-limit"), link("openrouter-401-missing-key"), link("openrouter-402-insufficient-credits")}

	fitted := high
	fitted.Read = "OpenRouter answered 401 `User not found.` to Cline"
	original := r.answer(high, look{feedback: true, asker: "U2147483697"})

	tests := []struct {
		name string
		v    any
	}{
		{"high.json", r.replyMessage(high, "U2147483697")},
		{"middling_thread.json", r.answer(middling, look{feedback: true})},
		{"low.json", r.replyMessage(low, "U2147483697")},
		{"leaked_key_command.json", r.replyMessage(leaked, "U2147483697")},
		{"leaked_key_channel.json", r.answer(leaked, look{feedback: true, action: actionNotDeleted})},
		{"leaked_key_warning_only.json", r.leakWarning(findings, actionDeleted)},
		{"help.json", r.help(true)},
		{"modal.json", r.pasteModal(modalMeta{Channel: "C2147483705", ResponseURL: "https://hooks.slack.com/commands/T0001/1234/5678"})},
		{"fitted.json", r.replyMessage(fitted, "U2147483697")},
		{"which.json", r.answer(torn, look{feedback: true, asker: "U2147483697"})},
		{"voted_fixed.json", r.voted(original, high, "U2147483697", bot.VoteFixed)},
		{"voted_not_yet.json", r.voted(original, high, "U2147483697", bot.VoteNotYet)},
		{"handoff.json", r.handoff(notYet, "<!subteam^S0SUPPORT>", "U2147483697", "U2147483697")},
		{"handoff_again.json", r.handoff(notYet, "", "U0MODERATOR", "U2147483697")},
		{"steps.json", r.steps(high)},
		{"refused.json", r.note("Only the person who asked (or a moderator) can mark this answer.")},
		{"shared.json", message(inChannel, r.fallback(high), r.answer(high, look{feedback: true, sharedBy: "U2147483697"}))},
	}
	specs := contract.SlackIfPresent(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := pretty(t, tc.v)
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.name), got)
			checkLimits(t, got)
			checkContract(t, specs, got)
			if strings.Contains(string(got), goldenKey[9:]) || strings.Contains(string(got), goldenKey[20:28]) {
				t.Errorf("the payload repeats the key")
			}
		})
	}
	t.Run("mod_alert.txt", func(t *testing.T) {
		testutil.Golden(t, filepath.Join("testdata", "golden", "mod_alert.txt"), []byte(r.modAlert(target{Channel: "C0WATCHED", User: "U2147483697", TS: "1700000600.000600"}, findings, false, archiveLink("C0WATCHED", "1700000600.000600"))+"\n"))
	})
}

// checkLimits checks Block Kit's limits on any payload: at most 50 blocks
// in a message, header text <= 150, section text <= 3000, balanced code
// blocks; and that a message ends with the redact reminder.
func checkLimits(t testing.TB, payload []byte) {
	t.Helper()
	var m struct {
		Blocks []map[string]any `json:"blocks"`
	}
	var list []map[string]any
	if json.Unmarshal(payload, &m) != nil || m.Blocks == nil {
		if json.Unmarshal(payload, &list) == nil {
			m.Blocks = list
		}
	}
	if len(m.Blocks) > maxBlocks {
		t.Errorf("%d blocks", len(m.Blocks))
	}
	total := 0
	for i, b := range m.Blocks {
		text, _ := b["text"].(map[string]any)
		s, _ := text["text"].(string)
		n := utf8.RuneCountInString(s)
		total += n
		switch b["type"] {
		case "header":
			if n > maxHeaderText {
				t.Errorf("block %d: header of %d characters", i, n)
			}
		case "section":
			if n > maxSectionText {
				t.Errorf("block %d: section of %d characters", i, n)
			}
			if strings.Count(s, "```")%2 != 0 {
				t.Errorf("block %d: unbalanced code block: %q", i, s)
			}
		}
	}
	if total > maxTotalText+1000 {
		t.Errorf("%d characters of block text", total)
	}
	if len(m.Blocks) == 1 && m.Blocks[0]["type"] == "section" {
		return // a note that answers no paste
	}
	if bytes.Contains(payload, []byte(`"response_type"`)) {
		last := m.Blocks[len(m.Blocks)-1]
		if last["type"] != "context" || !strings.Contains(string(mustJSON(t, last)), "Before you paste") {
			t.Errorf("the last block is not the redact reminder: %v", last)
		}
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenderWithinLimits(t *testing.T) {
	core := goldenCore(t)
	r := newRenderer(core.EntryURL, publicURL)
	e := mustEntry(t, core, "openrouter-401-invalid-key")
	big := mustReply(t, core, e.ID, "cline")
	big.Level, big.Confidence = bot.Middling, 0.5
	var para []string
	for i := range 20 {
		para = append(para, strings.Repeat("word ", 280)+"`code`"+strings.Repeat("x", i))
	}
	big.QuickFixes = "```\n" + strings.Repeat("a long line of a stack trace\n", 200) + "```\n\n" + strings.Join(para, "\n\n")
	for i := range 10 {
		big.FAQ = append(big.FAQ, knowledge.QA{Question: "Question " + strings.Repeat("?", i), Answer: strings.Repeat("answer ", 300)})
	}
	for range 40 {
		big.Related = append(big.Related, big.Link)
		big.Alternatives = append(big.Alternatives, big.Link)
	}
	big.Entry = &knowledge.Entry{ID: e.ID, Title: strings.Repeat("A very long title ", 20)}
	big.Notes = []string{strings.Repeat("note ", 1000), "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

	blocks := r.answer(big, look{share: true, feedback: true})
	payload := pretty(t, message(ephemeral, "x", blocks))
	checkLimits(t, payload)
	if len(blocks) > maxBlocks {
		t.Fatalf("%d blocks", len(blocks))
	}
	if h, ok := blocks[0].(*slackapi.HeaderBlock); !ok || utf8.RuneCountInString(h.Text.Text) > maxHeaderText || !strings.HasSuffix(h.Text.Text, "…") {
		t.Errorf("first block %#v: want a clipped header", blocks[0])
	}
	s := string(payload)
	for _, want := range []string{`"orfix_link"`, publicURL + "/kb/" + e.ID, `"orfix_fixed"`, `"orfix_share"`, `"orfix_steps"`} {
		if !strings.Contains(s, want) {
			t.Errorf("a long answer lost %q", want)
		}
	}
	var ctx *slackapi.ContextBlock
	for _, b := range blocks {
		if c, ok := b.(*slackapi.ContextBlock); ok && len(c.ContextElements.Elements) > 1 {
			ctx = c
		}
	}
	if ctx == nil || len(ctx.ContextElements.Elements) > maxContextElem {
		t.Errorf("notes context: %+v", ctx)
	}
}

func TestSplitText(t *testing.T) {
	long := "intro\n\n```\n" + strings.Repeat("0123456789\n", 700) + "```\n\n" + strings.Repeat("é", 5000)
	chunks := splitText(long, 3000)
	if len(chunks) < 3 {
		t.Fatalf("%d chunks", len(chunks))
	}
	var joined strings.Builder
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > 3000 {
			t.Errorf("chunk %d: %d characters", i, n)
		}
		if strings.Count(c, "```")%2 != 0 {
			t.Errorf("chunk %d: unbalanced code block", i)
		}
		if !utf8.ValidString(c) {
			t.Errorf("chunk %d: cut inside a character", i)
		}
		joined.WriteString(c)
	}
	strip := func(s string) string { return strings.NewReplacer("```", "", "\n", "").Replace(s) }
	if strip(joined.String()) != strip(long) {
		t.Errorf("splitting lost text")
	}
	if got := splitText("short", 3000); len(got) != 1 || got[0] != "short" {
		t.Errorf("short text: %q", got)
	}
}

func TestFallbackHasNoMarkup(t *testing.T) {
	core := goldenCore(t)
	r := newRenderer(core.EntryURL, publicURL)
	_, fs := bot.Redact("key " + goldenKey)
	for _, rep := range []bot.Reply{
		mustReply(t, core, "openrouter-401-invalid-key", ""),
		{Level: bot.Low},
		{Secrets: fs},
		{Acknowledged: "Glad it is fixed. Thanks for letting us know!"},
	} {
		f := r.fallback(rep)
		if !strings.HasPrefix(f, "orfix: ") || strings.ContainsAny(f, "<>*`") || strings.Contains(f, goldenKey[9:20]) {
			t.Errorf("fallback %q", f)
		}
	}
}

// checkContract validates a golden payload against Slack's published
// contracts: a blocks array, a modal view or a message.
func checkContract(t *testing.T, specs *contract.Slack, payload []byte) {
	t.Helper()
	switch {
	case bytes.HasPrefix(bytes.TrimSpace(payload), []byte("[")):
		specs.Message(t, append(append([]byte(`{"blocks":`), payload...), '}'))
	case bytes.Contains(payload, []byte(`"type": "modal"`)):
		specs.View(t, payload)
	default:
		specs.Message(t, payload)
	}
}
