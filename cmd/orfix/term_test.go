package main

import (
	"os"
	"strings"
	"testing"
)

func TestRenderTerminal(t *testing.T) {
	md := "**OpenRouter 429 free-models-per-day**\n\n_Probably this one, though I am not certain._\n\n" +
		"OpenRouter answered 429 `free-models-per-day` to Cline: your account used up its quota of free requests for today and it resets at midnight UTC.\n\n" +
		"**Fixes**\n1. Wait for the daily reset at 00:00 UTC, or add credits to raise\nthe cap to 1000 a day.\n2. Switch to a paid model.\n```bash\ncurl -s https://openrouter.ai/api/v1/key\n```\n"
	tests := []struct {
		name string
		st   termStyle
		want string
	}{
		{"piped: plain, unwrapped, no markup", termStyle{},
			"OpenRouter 429 free-models-per-day\n\nProbably this one, though I am not certain.\n\n" +
				"OpenRouter answered 429 `free-models-per-day` to Cline: your account used up its quota of free requests for today and it resets at midnight UTC.\n\n" +
				"Fixes\n1. Wait for the daily reset at 00:00 UTC, or add credits to raise the cap to 1000 a day.\n2. Switch to a paid model.\n    curl -s https://openrouter.ai/api/v1/key\n"},
		{"a 40-column terminal without colour: wrapped with hanging indents", termStyle{Width: 40},
			"OpenRouter 429 free-models-per-day\n\nProbably this one, though I am not\ncertain.\n\n" +
				"OpenRouter answered 429\n`free-models-per-day` to Cline: your\naccount used up its quota of free\nrequests for today and it resets at\nmidnight UTC.\n\n" +
				"Fixes\n1. Wait for the daily reset at 00:00\n   UTC, or add credits to raise the cap\n   to 1000 a day.\n2. Switch to a paid model.\n    curl -s https://openrouter.ai/api/v1/key\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := renderTerminal(md, tc.st)
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			for _, ln := range strings.Split(got, "\n") {
				if tc.st.Width > 0 && len(ln) > tc.st.Width && !strings.Contains(ln, "https://") {
					t.Errorf("line over %d columns: %q", tc.st.Width, ln)
				}
			}
		})
	}
	styled := renderTerminal(md, termStyle{Width: 80, Color: true})
	if !strings.Contains(styled, ansiBold+"Fixes"+ansiReset) || !strings.Contains(styled, ansiCyan+"free-models-per-day"+ansiReset) {
		t.Errorf("a colour terminal gets bold headings and coloured code:\n%q", styled)
	}
}

func TestMatchWarnsAboutAKeyOnTheCommandLine(t *testing.T) {
	key := "sk-or-v1-" + strings.Repeat("0123456789abcdef", 4)
	tests := []struct {
		name  string
		stdin string
		args  []string
		warn  bool
	}{
		{"key as an argument", "", []string{"match", "401 User not found. key " + key}, true},
		{"key on standard input", "401 User not found. key " + key, []string{"match", "-"}, false},
		{"no key", "", []string{"match", "401 User not found."}, false},
		{"redact with the key as an argument", "", []string{"redact", "key " + key}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, out, errOut := runCLI(t, tc.stdin, tc.args...)
			warned := strings.Contains(errOut, "shell history") && strings.Contains(errOut, "orfix "+tc.args[0]+" -")
			if warned != tc.warn {
				t.Errorf("warned %v, want %v: %q", warned, tc.warn, errOut)
			}
			if strings.Contains(out+errOut, key) {
				t.Errorf("the key was repeated")
			}
		})
	}
}

func TestConfigCheckRefusesAListenAddressForChat(t *testing.T) {
	tests := []struct {
		name, yaml string
		code       int
	}{
		{"web only, default URL", "http:\n  addr: 127.0.0.1:8080\n", exitOK},
		{"discord with the default URL", "discord:\n  public_key: \"" + strings.Repeat("ab", 32) + "\"\n", exitUsage},
		{"slack on 0.0.0.0", "http:\n  public_url: http://0.0.0.0:8080\nslack:\n  signing_secret: s\n", exitUsage},
		{"slack on localhost", "http:\n  public_url: http://localhost:8080\nslack:\n  signing_secret: s\n", exitUsage},
		{"slack with a public URL", "http:\n  public_url: https://orfix.example.com\nslack:\n  signing_secret: s\n", exitOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := t.TempDir() + "/orfix.yaml"
			if err := os.WriteFile(file, []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, _ := runCLI(t, "", "config", "check", file)
			if code != tc.code {
				t.Errorf("exit %d, want %d: %s", code, tc.code, out)
			}
			if tc.code != exitOK && !strings.Contains(out, "ORFIX_PUBLIC_URL") {
				t.Errorf("the error does not name ORFIX_PUBLIC_URL: %s", out)
			}
		})
	}
}

func TestAnswersGoInThreadsByDefault(t *testing.T) {
	tests := []struct {
		yaml string
		want bool
	}{
		{"", true},
		{"discord:\n  reply_in_thread: false\n", false},
	}
	for _, tc := range tests {
		file := t.TempDir() + "/orfix.yaml"
		if err := os.WriteFile(file, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(file, func(string) string { return "" })
		if err != nil || cfg.Discord.ReplyInThread != tc.want {
			t.Errorf("%q: reply_in_thread %v (%v), want %v", tc.yaml, cfg.Discord.ReplyInThread, err, tc.want)
		}
	}
}
