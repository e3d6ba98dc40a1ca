// Package jsonw appends JSON strings to a byte slice exactly as
// encoding/json writes them, for the encoders that skip reflection on the
// hot path.
package jsonw

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendString appends s as a JSON string: control characters, quotes and
// backslashes escaped, invalid UTF-8 replaced by \ufffd, U+2028 and U+2029
// escaped, and with html also <, > and & as \u escapes. The result is what
// encoding/json writes with SetEscapeHTML(html).
func AppendString(b []byte, s string, html bool) []byte {
	return appendString(b, s, html, true)
}

// AppendLogString appends s as log/slog's JSONHandler quotes a string: as
// AppendString without html, except that \b and \f are written as \u
// escapes (the handler names only \n, \r and \t).
func AppendLogString(b []byte, s string) []byte {
	return appendString(b, s, false, false)
}

// appendString is AppendString; named writes \b and \f by name.
func appendString(b []byte, s string, html, named bool) []byte {
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
			switch {
			case c == '\\' || c == '"':
				b = append(b, '\\', c)
			case c == '\b' && named:
				b = append(b, '\\', 'b')
			case c == '\f' && named:
				b = append(b, '\\', 'f')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
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

// AppendFloat appends f, which must be finite, as encoding/json writes a
// float64 (and log/slog's JSONHandler with it).
func AppendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// As encoding/json: e-09 becomes e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
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
