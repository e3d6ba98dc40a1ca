package bot

// Seeing through obfuscation. Terminals, chat clients and encoders put
// bytes inside keys: ANSI colour codes, zero-width characters, soft hyphens,
// escaped dashes (\u002d, %2D), line breaks after a dash and the borders of
// a terminal box wrapped around a long key. When a text holds any of them,
// the scanner reads a normalised shadow copy and maps each finding back to
// the original bytes, so Redact masks the original, obfuscation included.

import "strings"

// shadow is a normalised copy of a text: byte i of text came from
// orig[start[i]:end[i]].
type shadow struct {
	text       string
	start, end []int32
}

// needsShadow reports whether t holds anything the shadow would change. It
// is the only cost a plain paste pays.
func needsShadow(t string) bool {
	for i := 0; i < len(t); i++ {
		if !shadowBytes[t[i]] {
			continue
		}
		switch t[i] {
		case 0x1b, 0xC2, 0xE2, 0xEF:
			if _, n := obfuscationAt(t, i); n > 0 {
				return true
			}
		case '\\', '%':
			if _, n := escapedAt(t, i); n > 0 {
				return true
			}
		case '\n', '\r':
			if _, n := wrapAt(t, i); n > 0 {
				return true
			}
		}
	}
	return false
}

// shadowBytes are the first bytes of everything the shadow changes.
var shadowBytes = [256]bool{0x1b: true, 0xC2: true, 0xE2: true, 0xEF: true, '\\': true, '%': true, '\n': true, '\r': true}

// obfuscationAt returns the length of an ANSI escape sequence, zero-width
// character, byte-order mark, soft hyphen or box border wrap at i (0 if
// none), and the byte that stands for it in the shadow (0: nothing).
func obfuscationAt(t string, i int) (byte, int) {
	switch {
	case t[i] == 0x1b && i+1 < len(t) && t[i+1] == '[':
		j := i + 2
		for j < len(t) && j-i < 16 && (isDigit(t[j]) || t[j] == ';') {
			j++
		}
		if j < len(t) && isLetter(t[j]) {
			return ' ', j + 1 - i
		}
	case strings.HasPrefix(t[i:], "\u00ad"), strings.HasPrefix(t[i:], "\u200b"), strings.HasPrefix(t[i:], "\u200c"),
		strings.HasPrefix(t[i:], "\u200d"), strings.HasPrefix(t[i:], "\ufeff"):
		if t[i] == 0xC2 {
			return 0, 2
		}
		return 0, 3
	case strings.HasPrefix(t[i:], "│"):
		return 0, boxWrapAt(t, i)
	}
	return 0, 0
}

// escapedAt returns the byte a \u002d, \u005f, %2D or %5F escape at i
// stands for, and the escape's length (0 if none).
func escapedAt(t string, i int) (byte, int) {
	for _, e := range [...]struct {
		seq string
		b   byte
	}{{`\u002d`, '-'}, {`\u002D`, '-'}, {`\u005f`, '_'}, {`\u005F`, '_'}, {"%2D", '-'}, {"%2d", '-'}, {"%5F", '_'}, {"%5f", '_'}} {
		if strings.HasPrefix(t[i:], e.seq) {
			return e.b, len(e.seq)
		}
	}
	return 0, 0
}

// wrapAt returns the length of a line break at i that splits a key prefix
// after a dash (sk-or- / v1-...): the newline and the next line's
// indentation. Only a short token (a prefix, not a key) is joined.
func wrapAt(t string, i int) (byte, int) {
	if i < 2 || t[i-1] != '-' || !isAlnum(t[i-2]) {
		return 0, 0
	}
	k := i - 1
	for k > 0 && i-k <= 12 && isTok(t[k-1]) {
		k--
	}
	if i-k > 12 || !leftBoundary(t, k) {
		return 0, 0
	}
	nl := 1
	if t[i] == '\r' {
		if i+1 >= len(t) || t[i+1] != '\n' {
			return 0, 0
		}
		nl = 2
	}
	j := skipBlanks(t, i+nl)
	if j < len(t) && isAlnum(t[j]) && tokEnd(t, j)-j >= 2 {
		return 0, j - i
	}
	return 0, 0
}

// boxWrapAt returns the length of a terminal box's border where a long token
// wraps: "│" at i ending a line whose token runs right up to it (16+
// characters), then the next line's "│" and padding, when a token goes on.
// It returns 0 for a border after ordinary words.
func boxWrapAt(t string, i int) int {
	b := i
	for b > 0 && t[b-1] == ' ' {
		b--
	}
	if i-b > 2 || b < 16 || !isTok(t[b-1]) {
		return 0
	}
	k := b
	for k > 0 && isTok(t[k-1]) {
		k--
	}
	if b-k < 16 {
		return 0
	}
	j := i + len("│")
	if strings.HasPrefix(t[j:], "\r\n") {
		j += 2
	} else if j < len(t) && t[j] == '\n' {
		j++
	} else {
		return 0
	}
	j = skipBlanks(t, j)
	if !strings.HasPrefix(t[j:], "│") {
		return 0
	}
	j = skipBlanks(t, j+len("│"))
	if j >= len(t) || !isTok(t[j]) {
		return 0
	}
	return j - i
}

// newShadow builds the normalised copy of t. Blanks before a box border
// are dropped with it.
func newShadow(t string) shadow {
	var b strings.Builder
	b.Grow(len(t))
	sh := shadow{start: make([]int32, 0, len(t)+1), end: make([]int32, 0, len(t)+1)}
	emit := func(c byte, from, to int) {
		b.WriteByte(c)
		sh.start = append(sh.start, int32(from))
		sh.end = append(sh.end, int32(to))
	}
	for i := 0; i < len(t); {
		var c byte
		n := 0
		switch t[i] {
		case 0x1b, 0xC2, 0xE2, 0xEF:
			c, n = obfuscationAt(t, i)
		case '\\', '%':
			c, n = escapedAt(t, i)
		case '\n', '\r':
			c, n = wrapAt(t, i)
		case ' ':
			if k := skipBlanks(t, i); k < len(t) && strings.HasPrefix(t[k:], "│") && boxWrapAt(t, k) > 0 {
				n = k - i // padding before a wrap border
			}
		}
		switch {
		case n == 0:
			emit(t[i], i, i+1)
			i++
		case c != 0:
			emit(c, i, i+n)
			i += n
		default:
			i += n
		}
	}
	sh.text = b.String()
	return sh
}

// origSpan maps a shadow range back to the original text.
func (sh shadow) origSpan(start, end int) (int, int) {
	return int(sh.start[start]), int(sh.end[end-1])
}
