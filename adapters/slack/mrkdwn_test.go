package slack

import (
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
)

func TestMrkdwn(t *testing.T) {
	p := newMarkdownParser()
	tests := []struct{ name, md, want string }{
		{"bold", "a **bold** word", "a *bold* word"},
		{"bold with underscores", "__bold__", "*bold*"},
		{"italic", "an *italic* and _another_", "an _italic_ and _another_"},
		{"strikethrough", "~~gone~~", "~gone~"},
		{"link", "see [the docs](https://openrouter.ai/docs?a=1&b=2)", "see <https://openrouter.ai/docs?a=1&amp;b=2|the docs>"},
		{"link whose label is its url", "[https://x.io](https://x.io)", "<https://x.io>"},
		{"link label with markup and a pipe", "[**a|b**](https://x.io)", "<https://x.io|a¦b>"},
		{"autolink", "<https://status.openrouter.ai>", "<https://status.openrouter.ai>"},
		{"bare url stays bare", "check https://status.openrouter.ai now", "check https://status.openrouter.ai now"},
		{"heading", "## What this means\n\ntext", "*What this means*\n\ntext"},
		{"soft line break is a space", "one line\nsame paragraph", "one line same paragraph"},
		{"paragraphs", "one\n\ntwo", "one\n\ntwo"},
		{"bullets", "- a\n- b", "• a\n• b"},
		{"star bullets", "* a\n* b", "• a\n• b"},
		{"nested bullets", "- a\n  - b\n  - c\n- d", "• a\n    ◦ b\n    ◦ c\n• d"},
		{"ordered", "1. one\n2. two", "1. one\n2. two"},
		{"ordered from 3", "3. three\n4. four", "3. three\n4. four"},
		{"code span keeps stars", "`a*b*c`", "`a*b*c`"},
		{"code span escaped", "`a<b>&c`", "`a&lt;b&gt;&amp;c`"},
		{"fenced code", "```bash\ncurl -H \"A: <b>\"\n```", "```\ncurl -H \"A: &lt;b&gt;\"\n```"},
		{"code in a list item", "1. Run:\n   ```\n   ls\n   ```\n   then look", "1. Run:\n```\nls\n```\nthen look"},
		{"escapes", "a < b & c > d", "a &lt; b &amp; c &gt; d"},
		{"no channel pings", "<!channel> and <@U123>", "&lt;!channel&gt; and &lt;@U123&gt;"},
		{"raw html block", "<div>x</div>", "&lt;div&gt;x&lt;/div&gt;"},
		{"quote", "> quoted\n> text", "> quoted text"},
		{"emphasis inside bold is flattened", "**a *b* c**", "*a b c*"},
		{"table", "| A | Bee |\n|---|---|\n| 1 | 2 |\n| 10 or more | 3 |",
			"```\nA          | Bee\n1          | 2\n10 or more | 3\n```"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mrkdwn(p, tc.md); got != tc.want {
				t.Errorf("mrkdwn(%q)\n got %q\nwant %q", tc.md, got, tc.want)
			}
		})
	}
}

func TestMrkdwnSecretWarning(t *testing.T) {
	_, fs := bot.Redact("Authorization: Bearer " + goldenKey + " and AKIAIOSFODNN7ABCDEFG")
	got := mrkdwn(newMarkdownParser(), bot.SecretWarning(fs, ""))
	for _, want := range []string{"*Your message contained 2 secrets.*", "• OpenRouter API key `sk-or-v1-…[redacted]…f2a3`", "rotate at https://openrouter.ai/settings/keys"} {
		if !strings.Contains(got, want) {
			t.Errorf("warning lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "**") {
		t.Errorf("Markdown bold left in: %s", got)
	}
}
