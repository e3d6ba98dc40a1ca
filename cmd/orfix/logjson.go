package main

import (
	"context"
	"io"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// jsonHandler writes the lines that slog.JSONHandler would write, byte for
// byte, without its per-record overhead (attribute resolution through
// closures, floats through encoding/json) for the records made of plain
// values: strings, integers, finite floats, booleans and durations, with
// non-empty keys, from a logger without groups or attributes of its own.
// That is every line orfix logs per request. Any other record, and every
// logger derived with WithAttrs or WithGroup, goes to the JSONHandler
// itself, writing to the same writer under the same lock.
type jsonHandler struct {
	w     *lockedWriter
	level slog.Leveler
	std   slog.Handler // slog.JSONHandler on w
	bufs  *sync.Pool   // of *[]byte
}

// lockedWriter serialises the writes of the fast path and the fallback.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// newJSONHandler returns a jsonHandler writing to w with opts, which may
// set only Level (like newLogger's options).
func newJSONHandler(w io.Writer, opts *slog.HandlerOptions) *jsonHandler {
	lw := &lockedWriter{w: w}
	var level slog.Leveler = slog.LevelInfo
	if opts != nil && opts.Level != nil {
		level = opts.Level
	}
	return &jsonHandler{
		w: lw, level: level, std: slog.NewJSONHandler(lw, opts),
		bufs: &sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }},
	}
}

// Enabled reports whether level is at least the handler's level.
func (h *jsonHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level.Level()
}

// Handle writes r as one JSON line.
func (h *jsonHandler) Handle(ctx context.Context, r slog.Record) error {
	if !plainRecord(r) {
		return h.std.Handle(ctx, r)
	}
	bp := h.bufs.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, '{')
	if !r.Time.IsZero() {
		b = append(b, `"time":"`...)
		b = r.Time.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `",`...)
	}
	b = append(b, `"level":`...)
	b = appendLogString(b, r.Level.String())
	b = append(b, `,"msg":`...)
	b = appendLogString(b, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b = append(b, ',')
		b = appendLogString(b, a.Key)
		b = append(b, ':')
		b = appendPlainValue(b, a.Value)
		return true
	})
	b = append(b, '}', '\n')
	_, err := h.w.Write(b)
	if cap(b) <= 64<<10 {
		*bp = b
		h.bufs.Put(bp)
	}
	return err
}

// WithAttrs returns the JSONHandler's own derived handler.
func (h *jsonHandler) WithAttrs(as []slog.Attr) slog.Handler { return h.std.WithAttrs(as) }

// WithGroup returns the JSONHandler's own derived handler.
func (h *jsonHandler) WithGroup(name string) slog.Handler { return h.std.WithGroup(name) }

// plainRecord reports whether the fast path writes r as the JSONHandler
// would: a time it formats without error and plain attributes only.
func plainRecord(r slog.Record) bool {
	if y := r.Time.Year(); !r.Time.IsZero() && (y < 0 || y >= 10000) {
		return false
	}
	plain := true
	r.Attrs(func(a slog.Attr) bool {
		plain = a.Key != "" && plainValue(a.Value)
		return plain
	})
	return plain
}

// plainValue reports whether appendPlainValue writes v.
func plainValue(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindString, slog.KindInt64, slog.KindUint64, slog.KindBool, slog.KindDuration:
		return true
	case slog.KindFloat64:
		f := v.Float64()
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return false
}

// appendPlainValue appends v, a plainValue, as the JSONHandler does.
func appendPlainValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return appendLogString(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return strconv.AppendInt(b, int64(v.Duration()), 10)
	default: // KindFloat64, finite
		return appendJSONFloat(b, v.Float64())
	}
}

// appendJSONFloat appends f as encoding/json writes a float64 (which the
// JSONHandler calls for floats).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendLogString appends s quoted as the JSONHandler quotes strings:
// quotes, backslashes and control characters escaped (\n, \r and \t by
// name, the rest as \u00XX), invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped, and nothing else (no HTML escaping).
func appendLogString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
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
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[c&0xF])
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
