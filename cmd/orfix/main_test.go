package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/orfix/orfix/internal/testutil"
)

// fakeHex is the secret part of a valid-shaped, fake OpenRouter key.
const fakeHex = "3f9a1c07d2e84b6a95c0e1f27b3d48a6c9e05f12a7b4d83e61f0c29a5b7e4d18"

// runCLI runs the command in-process and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestMatchExitCodes(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"answered", "", []string{"match", "429 Rate limit exceeded: free-models-per-day"}, exitOK, "free-models-per-day"},
		{"stdin", `{"error":{"message":"No endpoints found that support tool use","code":404}}`, []string{"match", "-"}, exitOK, "/kb/openrouter-404-tool-use"},
		{"no confident match", "", []string{"match", "my printer is on fire"}, exitNoMatch, "not sure"},
		{"binary", "\x00\x01\x02", []string{"match", "-"}, exitUsage, ""},
		{"empty", "  \n", []string{"match"}, exitUsage, ""},
		{"bad flag", "", []string{"match", "--top", "0", "x"}, exitUsage, ""},
		{"unknown command", "", []string{"frobnicate"}, exitUsage, ""},
		{"no command", "", nil, exitUsage, ""},
		{"kb show unknown", "", []string{"kb", "show", "nope"}, exitUsage, ""},
		{"kb show", "", []string{"kb", "show", "openrouter-402-insufficient-credits"}, exitOK, "## Quick fixes"},
		{"kb list", "", []string{"kb", "list"}, exitOK, "openrouter-network-connection"},
		{"kb lint", "", []string{"kb", "lint"}, exitOK, "ok: 32 entries"},
		{"redact", "", []string{"redact", "key=sk-or-v1-" + fakeHex + " end"}, exitOK, "key=sk-or-v1-…[redacted]…" + fakeHex[60:] + " end"},
		{"version", "", []string{"version"}, exitOK, "orfix"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errOut)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
		})
	}
}

func TestMatchJSON(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	code, out, _ := runCLI(t, "", "match", "--json", "--top", "2", `Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}} key `+key)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Matched bool `json:"matched"`
		Results []struct {
			ID    string  `json:"id"`
			Title string  `json:"title"`
			Score float64 `json:"score"`
			URL   string  `json:"url"`
		} `json:"results"`
		Secrets  int    `json:"secrets"`
		Redacted string `json:"redacted"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if !got.Matched || len(got.Results) != 2 || got.Results[0].ID != "openrouter-401-invalid-key" || got.Secrets != 1 {
		t.Errorf("unexpected result: %+v", got)
	}
	testutil.AssertNoSecret(t, "the JSON output", out, key)
	if !strings.Contains(got.Redacted, "[redacted]") {
		t.Errorf("the key is not redacted in the JSON:\n%s", out)
	}
}

func TestKBImport(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "kb", "import", "--out", out, "testdata/seed-page.md")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.md"))
	if len(files) != 1 {
		t.Fatalf("wrote %v (%s)", files, stdout)
	}
	data, _ := os.ReadFile(files[0])
	for _, want := range []string{"signatures:\n    - teapot circuit tripped", "tools:\n    - cline\n    - aider", "openrouter-401-invalid-key", "## Tool-specific checks", "### Cline", "**Emacs gptel**", "### Is it my fault?", "cline/cline#813", "status:\n    - 418",
		"title: OpenRouter returns 418 \"teapot circuit tripped\" in Cline\n",
		"summary: OpenRouter refused the request because the upstream teapot tripped its circuit breaker.\n",
		"aliases:\n    - OpenRouter returns 418 \"teapot circuit tripped\" in Cline and other AI tools\n",
		"## Sources\n\n- https://openrouter.ai/docs/api/reference/errors-and-debugging\n- cline/cline#813\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("imported entry lacks %q:\n%s", want, data)
		}
	}
	if code, stdout, _ := runCLI(t, "", "kb", "lint", out); code != exitOK {
		t.Errorf("imported entry fails lint:\n%s", stdout)
	}
	if code, stdout, _ := runCLI(t, "", "match", "--kb", out, "error: teapot circuit tripped"); code != exitOK || !strings.Contains(stdout, "teapot") {
		t.Errorf("imported entry not matched:\n%s", stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.md")
	os.WriteFile(bad, []byte("# Title only\n\n## What this error means\n\nx\n"), 0o644)
	if code, _, stderr := runCLI(t, "", "kb", "import", "--out", out, bad); code != exitUsage || !strings.Contains(stderr, "has no section") {
		t.Errorf("incomplete page: exit %d, %s", code, stderr)
	}
}

func TestKBLintRejectsDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "openrouter-bad.md"), []byte("---\nid: openrouter-bad\ncolour: red\n---\n"), 0o644)
	code, out, _ := runCLI(t, "", "kb", "lint", dir)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(out, "openrouter-bad.md:3: unknown field \"colour\"") {
		t.Errorf("lint output lacks file:line: message:\n%s", out)
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("http:\n  addr: 127.0.0.1:9999\nbot:\n  cooldown: 5m\n  thresholds:\n    floor: 0.2\n    passive: 0.7\n"), 0o644)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("http:\n  addr: 127.0.0.1:9999\n  colour: red\n"), 0o644)
	badValue := filepath.Join(dir, "bad-value.yaml")
	os.WriteFile(badValue, []byte("bot:\n  cooldown: soon\n"), 0o644)
	if code, out, _ := runCLI(t, "", "config", "check", good); code != exitOK {
		t.Errorf("good config: exit %d: %s", code, out)
	}
	if code, out, _ := runCLI(t, "", "config", "check", bad); code != exitUsage || !strings.Contains(out, "bad.yaml:3:") || !strings.Contains(out, "colour") {
		t.Errorf("unknown key: exit %d: %s", code, out)
	}
	if code, out, _ := runCLI(t, "", "config", "check", badValue); code != exitUsage || !strings.Contains(out, "bad-value.yaml:2:") {
		t.Errorf("bad value: exit %d: %s", code, out)
	}
	if code, _, _ := runCLI(t, "", "config", "check", "../../config.example.yaml"); code != exitOK {
		t.Errorf("config.example.yaml does not pass its own check")
	}
}

func TestLoadConfigEnv(t *testing.T) {
	env := map[string]string{"ORFIX_HTTP_ADDR": "0.0.0.0:9000", "ORFIX_PUBLIC_URL": "https://bot.example.com/", "SLACK_SIGNING_SECRET": "s3cret", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)}
	c, err := loadConfig("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "0.0.0.0:9000" || c.HTTP.PublicURL != "https://bot.example.com" || c.Bot.PublicURL != "https://bot.example.com" || c.Slack.SigningSecret != "s3cret" || c.Discord.PublicKey != strings.Repeat("ab", 32) {
		t.Errorf("environment not applied: %+v", c)
	}
}

func TestEvalJSON(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(cases, []byte(`{"id":"a","text":"429 Rate limit exceeded: free-models-per-day","label":"openrouter-429-free-limit","also":null,"tool":"cline","source":"test"}
{"id":"b","text":"thanks, that fixed it!","label":null,"also":null,"tool":"","source":"test"}
{"id":"c","text":"npm ERR! code E404","label":"none-offtopic","also":null,"tool":"npm","source":"test"}
`), 0o644)
	code, out, stderr := runCLI(t, "", "eval", "--json", "--cases", cases)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := []string{"cases", "top1", "top3", "passive_fp_chatter", "passive_fp_offtopic", "p50_us", "p99_us"}
	if len(got) != len(want) {
		t.Errorf("keys %v, want exactly %v", got, want)
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("missing %s in %s", k, out)
		}
	}
	if got["cases"] != 3 || got["top1"] != 1 || got["passive_fp_chatter"] != 0 || got["passive_fp_offtopic"] != 0 {
		t.Errorf("figures: %v", got)
	}
	if code, _, _ := runCLI(t, "", "eval", "--cases", filepath.Join(t.TempDir(), "missing.jsonl")); code != exitUsage {
		t.Errorf("missing file: exit %d, want %d", code, exitUsage)
	}
}

func TestEvalByLabel(t *testing.T) {
	cases := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(cases, []byte(`{"id":"a","text":"429 Rate limit exceeded: free-models-per-day","label":"openrouter-429-free-limit","also":null,"tool":"cline","source":"test"}
{"id":"b","text":"Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}","label":"openrouter-429-free-limit","also":null,"tool":"","source":"test"}
{"id":"c","text":"thanks, that fixed it!","label":null,"also":null,"tool":"","source":"test"}
`), 0o644)
	code, out, stderr := runCLI(t, "", "eval", "--by-label", "--cases", cases)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`openrouter-429-free-limit\s+top1\s+1/2\s+top3\s+1/2`).MatchString(out) {
		t.Errorf("per-label counts missing or wrong:\n%s", out)
	}
	if strings.Contains(out, "User not found") || strings.Contains(out, "miss ") {
		t.Errorf("--by-label printed a paste or a miss:\n%s", out)
	}
}
