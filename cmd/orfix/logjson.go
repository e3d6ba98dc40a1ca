package main

import (
	"context"
	"io"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/orfix/orfix/internal/jsonw"
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
	b = jsonw.AppendLogString(b, r.Level.String())
	b = append(b, `,"msg":`...)
	b = jsonw.AppendLogString(b, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b = append(b, ',')
		b = jsonw.AppendLogString(b, a.Key)
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
		return jsonw.AppendLogString(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return strconv.AppendInt(b, int64(v.Duration()), 10)
	default: // KindFloat64, finite
		return jsonw.AppendFloat(b, v.Float64())
	}
}
