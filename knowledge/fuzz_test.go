package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		oneLinePaste,
		"\x1b[31mError\x1b[0m: 401 {\\\"error\\\":{\\\"message\\\":\\\"User not found.\\\"}}",
		"OpenrouterException - APIConnectionError\\n\\ttraceback",
		"No endpoints found that support tool use.\n   To learn more",
		"\xff\xfe invalid utf-8 \xc3",
		"检查失败: HTTP 404: No allowed providers",
		"\\u003cbr\\u003e \\\\n \\",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := tokenize(s, nil)
		for _, tok := range toks {
			if tok == "" || strings.ContainsAny(tok, " \t\n\\\"'") {
				t.Fatalf("bad token %q from %q", tok, s)
			}
			if utf8.ValidString(s) && !utf8.ValidString(tok) {
				t.Fatalf("token %q is not valid UTF-8", tok)
			}
		}
		// Normalising is idempotent on its own output (the id placeholder
		// is punctuation, so it is left out of the comparison).
		var words []string
		for _, tok := range toks {
			if tok != idToken {
				words = append(words, tok)
			}
		}
		again := tokenize(strings.Join(words, " "), nil)
		if strings.Join(again, " ") != strings.Join(words, " ") && utf8.ValidString(s) {
			t.Fatalf("tokenize not stable: %q -> %q -> %q", s, toks, again)
		}
	})
}

func FuzzMatch(f *testing.F) {
	kb := mustDefault(f)
	for _, s := range []string{oneLinePaste, "insuficient credits", "", "\x00\x01", strings.Repeat("no endpoints ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := kb.Match(s, 3)
		for _, m := range r.Matches {
			if m.Score < 0 || m.Score > 1 {
				t.Fatalf("score %v out of [0,1] for %q", m.Score, s)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	valid := validEntry(f)
	for _, s := range []string{
		valid,
		"---\nid: x\n---\n",
		"---\n- a\n- b\n---\n## FAQ\n",
		"---\nid: [\n---\n",
		"---\ntitle: &a [*a]\n---\n",
		"no front matter",
		"---\nstatus: [99999999999999999999]\n---\n",
		strings.Replace(valid, "## FAQ", "```\n## FAQ\n```", 1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Parse("openrouter-widget-jam.md", data)
		if err == nil {
			if e == nil || e.ID == "" {
				t.Fatalf("no error but no entry")
			}
			for _, want := range RequiredSections {
				if e.Section(want) == nil {
					t.Fatalf("accepted an entry without %q", want)
				}
			}
		}
	})
}
