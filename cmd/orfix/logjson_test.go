package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestJSONHandlerMatchesSlog checks that jsonHandler writes what
// slog.JSONHandler writes, byte for byte, on the fast path and off it.
func TestJSONHandlerMatchesSlog(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 891011121, time.FixedZone("X", 5400))
	tests := []struct {
		name  string
		time  time.Time
		level slog.Level
		msg   string
		attrs []slog.Attr
	}{
		{"handled line", at, slog.LevelInfo, "handled", []slog.Attr{
			slog.String("platform", "slack"), slog.String("mode", "explicit"), slog.String("entry", "openrouter-402"),
			slog.Float64("confidence", 0.992), slog.String("level", "high"), slog.Bool("silent", false),
			slog.String("reason", ""), slog.Int("secrets", 0), slog.Duration("took", 63975*time.Nanosecond)}},
		{"request line", at.UTC(), slog.LevelDebug, "http request", []slog.Attr{
			slog.String("method", "POST"), slog.String("route", "POST /api/v1/match"), slog.Int("status", 200),
			slog.Int64("bytes", 1952), slog.Duration("duration", -time.Second)}},
		{"no time", time.Time{}, slog.LevelWarn + 2, "x", nil},
		{"escapes", at, slog.LevelError, "a\"b\\c\n\r\t\b\f\x00\x1f\x7f<>&", []slog.Attr{
			slog.String("k\"ey\n", "bad \xff utf8 \xe2\x80 \u2028 \u2029 é 日本 \U0001F600"),
			slog.String("empty", "")}},
		{"floats", at, slog.LevelInfo, "f", []slog.Attr{
			slog.Float64("zero", 0), slog.Float64("negzero", math.Copysign(0, -1)), slog.Float64("tiny", 1e-7),
			slog.Float64("small", 1e-6), slog.Float64("huge", 1e21), slog.Float64("big", 1e20), slog.Float64("neg", -2.5e-9),
			slog.Float64("max", math.MaxFloat64), slog.Float64("third", 1.0/3)}},
		{"integers", at, slog.LevelInfo, "i", []slog.Attr{
			slog.Int64("min", math.MinInt64), slog.Uint64("max", math.MaxUint64), slog.Bool("t", true)}},
		// Off the fast path: the JSONHandler writes these itself.
		{"nan", at, slog.LevelInfo, "nan", []slog.Attr{slog.Float64("n", math.NaN())}},
		{"any", at, slog.LevelInfo, "any", []slog.Attr{slog.Any("m", map[string]int{"a": 1}), slog.Any("err", errors.New("boom"))}},
		{"group", at, slog.LevelInfo, "group", []slog.Attr{slog.Group("g", slog.String("a", "b"))}},
		{"time value", at, slog.LevelInfo, "t", []slog.Attr{slog.Time("at", at)}},
		{"empty key", at, slog.LevelInfo, "k", []slog.Attr{slog.String("", "v")}},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), slog.LevelInfo, "y", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := &slog.HandlerOptions{Level: slog.LevelDebug}
			var got, want bytes.Buffer
			r := slog.NewRecord(tt.time, tt.level, tt.msg, 0)
			r.AddAttrs(tt.attrs...)
			if err := newJSONHandler(&got, opts).Handle(context.Background(), r.Clone()); err != nil {
				t.Fatal(err)
			}
			_ = slog.NewJSONHandler(&want, opts).Handle(context.Background(), r.Clone())
			if got.String() != want.String() {
				t.Errorf("got  %s\nwant %s", got.String(), want.String())
			}
		})
	}
}

// TestJSONHandlerStrings compares the quoting of random strings.
func TestJSONHandlerStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x7f", "\xff", "\xc3", "é", "\u2028", "\u2029", "日", "\U0001F600", "<", "&"}
	for range 2000 {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		var got, want bytes.Buffer
		r := slog.NewRecord(time.Time{}, slog.LevelInfo, s, 0)
		r.AddAttrs(slog.String(s+"k", s))
		_ = newJSONHandler(&got, nil).Handle(context.Background(), r)
		_ = slog.NewJSONHandler(&want, nil).Handle(context.Background(), r)
		if got.String() != want.String() {
			t.Fatalf("%q:\ngot  %s\nwant %s", s, got.String(), want.String())
		}
	}
}

// TestJSONHandlerLevelsAndDerived checks the level threshold and that
// derived loggers keep writing what the JSONHandler writes.
func TestJSONHandlerLevelsAndDerived(t *testing.T) {
	var got, want bytes.Buffer
	opts := &slog.HandlerOptions{Level: slog.LevelWarn}
	for _, h := range []struct {
		h   slog.Handler
		out *bytes.Buffer
	}{{newJSONHandler(&got, opts), &got}, {slog.NewJSONHandler(&want, opts), &want}} {
		l := slog.New(h.h)
		l.Info("dropped")
		l.Warn("kept", "n", 1)
		l.With("a", "b").WithGroup("g").Error("derived", "n", 2)
	}
	// Times differ between the two runs: compare without them.
	strip := func(s string) string {
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
			_, rest, _ := strings.Cut(line, `","level"`)
			out = append(out, rest)
		}
		return strings.Join(out, "\n")
	}
	if g, w := strip(got.String()), strip(want.String()); g != w || strings.Contains(g, "dropped") {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

// BenchmarkJSONHandler is the cost of the per-request "handled" line.
func BenchmarkJSONHandler(b *testing.B) {
	for _, c := range []struct {
		name string
		h    slog.Handler
	}{{"slog", slog.NewJSONHandler(discard{}, nil)}, {"fast", newJSONHandler(discard{}, nil)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := slog.NewRecord(time.Now(), slog.LevelInfo, "handled", 0)
				r.AddAttrs(slog.String("platform", "slack"), slog.String("mode", "explicit"), slog.String("entry", "openrouter-402-insufficient-credits"),
					slog.Float64("confidence", 0.992), slog.String("level", "high"), slog.Bool("silent", false),
					slog.String("reason", ""), slog.Int("secrets", 0), slog.Duration("took", 63975))
				_ = c.h.Handle(context.Background(), r)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
