package main

import (
	"strings"
	"unicode"
)

// printable makes stored text safe to print on an operator's terminal:
// escape sequences (CSI, OSC, DCS and the like, ESC-introduced or in their
// 8-bit C1 forms) are dropped whole, and every other control character
// (C0, DEL, C1) becomes a space. Pasted text can hold anything; a terminal
// must never take it as a command.
func printable(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98:
			i = skipEscape(rs, i)
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// skipEscape returns the index of the last rune of the escape sequence
// starting at rs[i].
func skipEscape(rs []rune, i int) int {
	intro := rs[i]
	if intro == 0x1b {
		if i+1 >= len(rs) {
			return i
		}
		i++
		switch rs[i] {
		case '[':
			intro = 0x9b
		case ']':
			intro = 0x9d
		case 'P', '_', '^', 'X':
			intro = 0x90
		default:
			return i // a two-character escape
		}
	}
	if intro == 0x9b { // CSI: parameters and intermediates, then a final byte
		for i++; i < len(rs); i++ {
			if rs[i] >= 0x40 && rs[i] <= 0x7e {
				return i
			}
		}
		return len(rs) - 1
	}
	// OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or 0x9c).
	for i++; i < len(rs); i++ {
		switch {
		case rs[i] == 0x07 || rs[i] == 0x9c:
			return i
		case rs[i] == 0x1b && i+1 < len(rs) && rs[i+1] == '\\':
			return i + 1
		}
	}
	return len(rs) - 1
}
