package bot

import (
	"strings"
	"testing"
	"time"
)

func TestScanSecretsOddInput(t *testing.T) {
	g := newKeyGen()
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(g.r.IntN(256))
	}
	tests := []string{
		"\xff\xfe\xfd sk-or-v1-\xff\xff",
		"api_key=\xff" + strings.Repeat("\x80", 40),
		"sk-or-", "sk-", "AIza", "eyJ", "eyJabcdefghij.", "Bearer", "Bearer ", "Basic ", "-----BEGIN ",
		"-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\n", "://", "a://b:c@", "/webhooks/", "discord.com/api/webhooks/1234567/",
		"token=", "token:", `"token": "`, "--token", "xox", "xoxb-", "xapp-", "AKIA", "base64,", "%", "\\", "\\n",
		"MTIz.", "a.b.c", strings.Repeat(".", 100), strings.Repeat("a.", 5000), strings.Repeat("token=", 1000),
		string(bin),
		"sk-or-v1-" + strings.Repeat("\xe2\x80\xa6", 30),
	}
	for i, text := range tests {
		out, fs := Redact(text)
		checkInvariants(t, text, out, fs)
		if len(text) < 60 && len(fs) != 0 {
			t.Errorf("case %d %q: unexpected findings %+v", i, text, fs)
		}
	}
}

// TestScanSecretsLinearTime guards against quadratic paths on hostile
// pastes (one search per BEGIN line, per finding, per name). Linear code
// takes milliseconds here; a quadratic one takes many seconds.
func TestScanSecretsLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	g := newKeyGen()
	var keys strings.Builder
	for range 4000 {
		keys.WriteString("sk-or-v1-" + g.pick(hexChars, 64) + "\n")
	}
	tests := []struct {
		name, text string
		want       int
	}{
		{"many-keys", keys.String(), 4000},
		{"many-begin-lines", strings.Repeat("-----BEGIN PRIVATE KEY-----\n", 40000), 0},
		{"many-names", strings.Repeat("token_x.secret_y=1 ", 60000), 0},
		{"long-name", strings.Repeat("a", 1<<20) + "token=" + g.pick(alnumChars, 40), 1},
		{"many-dots", strings.Repeat("abcdefghijk.", 90000), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			if n := len(ScanSecrets(tt.text)); n != tt.want {
				t.Errorf("got %d findings, want %d", n, tt.want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("%d KB took %v", len(tt.text)>>10, d)
			}
		})
	}
}

// checkInvariants asserts what Redact promises for any input.
func checkInvariants(t *testing.T, text, out string, fs []Finding) {
	t.Helper()
	var b strings.Builder
	prev := 0
	for i, f := range fs {
		if f.Start < prev || f.End <= f.Start || f.End > len(text) {
			t.Fatalf("finding %d out of order or bounds: %+v (prev end %d, len %d)", i, f, prev, len(text))
		}
		if f.Kind == "" || f.Label == "" || !strings.Contains(f.Masked, redactMark) {
			t.Fatalf("finding %d incomplete: %+v", i, f)
		}
		b.WriteString(text[prev:f.Start])
		b.WriteString(f.Masked)
		prev = f.End
	}
	b.WriteString(text[prev:])
	if b.String() != out {
		t.Fatalf("Redact output is not the text with each value replaced by Masked")
	}
	for _, f := range fs {
		if v := text[f.Start:f.End]; len(v) >= 8 && strings.Contains(out, v) {
			t.Fatalf("detected value %q is still in the output", v)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, sec := range fakeSecrets() {
		for _, sh := range pasteShapes[:6] {
			f.Add(strings.Replace(sh.text, "{{KEY}}", sec.paste(), 1))
		}
	}
	g := newKeyGen()
	pem, _ := fakePEM(g, "EC PRIVATE KEY", false)
	f.Add(pem)
	f.Add(pem[:len(pem)/2])
	f.Add("\xff\xfe\x00\x01 Bearer \xff" + strings.Repeat("A1", 20))
	f.Add("api_key=sk-or-v1-…[redacted]…a1b2")
	f.Add("https://u:" + g.pick(alnumChars, 12) + "@h/ " + fakeDiscordToken(g))
	f.Add(bench4KBPaste())
	// Found by fuzzing: bearer values that hold a JWT or a Discord token; a
	// password that is also part of the user name; a value repeated glued
	// to something that looks like a key.
	f.Add("BeArer 0000011278A2+eyJ0000000.0000000000.0000000000")
	f.Add("://000000000:00000000@")
	f.Add("://abcdefgh12:abcdefgh1@host")
	f.Add("BeArer 9187BCXA0Y000002.MzA0MzA0NzA0NzA0NzA0.000000.0000001027")
	f.Add("BeArer 00010270809ABCXY 00010270809ABCXYsk-0000000112008907BCAX")
	f.Fuzz(func(t *testing.T, text string) {
		out, fs := Redact(text)
		checkInvariants(t, text, out, fs)
		out2, fs2 := Redact(out)
		if len(fs2) != 0 {
			t.Fatalf("second pass found %+v in %q (first pass %+v)", fs2, out, fs)
		}
		if out2 != out {
			t.Fatalf("Redact is not idempotent")
		}
	})
}
