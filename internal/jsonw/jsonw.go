// Package jsonw appends JSON strings to a byte slice exactly as
// encoding/json writes them, for the encoders that skip reflection on the
// hot path.
package jsonw

import (
	"strconv"
	"unicode/utf8"
)

// AppendString appends s as a JSON string: control characters, quotes and
// backslashes escaped, invalid UTF-8 replaced by \ufffd, U+2028 and U+2029
// escaped, and with html also <, > and & as \u escapes. The result is what
// encoding/json writes with SetEscapeHTML(html).
func AppendString(b []byte, s string, html bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Object appends the members of a JSON object to B, which holds the
// object's opening brace: each member gets its separator and quoted name.
// Names are written as given, so they must need no escaping.
type Object struct {
	B []byte
	n int
}

// Key appends the next member's name and colon; its value follows.
func (o *Object) Key(name string) {
	if o.n > 0 {
		o.B = append(o.B, ',')
	}
	o.n++
	o.B = append(o.B, '"')
	o.B = append(o.B, name...)
	o.B = append(o.B, '"', ':')
}

// String appends a string member, or nothing when v is empty (omitempty),
// escaped as AppendString does.
func (o *Object) String(name, v string, html bool) {
	if v != "" {
		o.Key(name)
		o.B = AppendString(o.B, v, html)
	}
}

// Int appends an integer member, or nothing when n is 0 (omitempty).
func (o *Object) Int(name string, n int64) {
	if n != 0 {
		o.Key(name)
		o.B = strconv.AppendInt(o.B, n, 10)
	}
}
