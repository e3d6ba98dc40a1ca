package main

import (
	"strings"
	"testing"
	"unicode"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "401 User not found", "401 User not found"},
		{"colour", "\x1b[31mError\x1b[0m: 429", " Error : 429"},
		{"osc title with BEL", "a\x1b]0;pwned\x07b", "a b"},
		{"osc hyperlink with ST", "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\", " click "},
		{"clear screen", "\x1b[2J\x1b[Hx", "  x"},
		{"8-bit CSI", "a\u009b31mb", "a b"},
		{"C0 and DEL", "a\x00b\x08c\x7fd", "a b c d"},
		{"unterminated OSC", "a\x1b]52;c;ZXZpbA==", "a "},
		{"unicode kept", "débit – 額度", "débit – 額度"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := printable(tc.in)
			if got != tc.want {
				t.Errorf("printable(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if strings.ContainsFunc(got, unicode.IsControl) {
				t.Errorf("control left in %q", got)
			}
		})
	}
}
