package quicklog

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
)

func TestLog(t *testing.T) {
	cases := []struct {
		name  string
		level slog.Level
		want  bool // a line is written
	}{
		{"info at info", slog.LevelInfo, true},
		{"debug at info", slog.LevelDebug, false},
		{"error at info", slog.LevelError, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
			Log(context.Background(), l, c.level, "handled", slog.String("platform", "slack"), slog.Int("status", 200),
				slog.Bool("silent", false), slog.Float64("confidence", 0.5), slog.String("a", "1"), slog.String("b", "2"))
			if !c.want {
				if buf.Len() != 0 {
					t.Errorf("wrote %q, want nothing", buf.String())
				}
				return
			}
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("%q: %v", buf.String(), err)
			}
			want := map[string]any{"msg": "handled", "level": c.level.String(), "platform": "slack", "status": float64(200),
				"silent": false, "confidence": 0.5, "a": "1", "b": "2"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
			if _, ok := got["time"]; !ok {
				t.Error("no time")
			}
		})
	}
}

// BenchmarkLog compares a request line through slog.Logger.LogAttrs with
// quicklog.Log.
func BenchmarkLog(b *testing.B) {
	l := slog.New(slog.NewJSONHandler(discard{}, nil))
	ctx := context.Background()
	attrs := []slog.Attr{slog.String("method", "POST"), slog.String("route", "POST /api/v1/match"), slog.Int("status", 200)}
	b.Run("LogAttrs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.LogAttrs(ctx, slog.LevelInfo, "http request", attrs...)
		}
	})
	b.Run("quicklog", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Log(ctx, l, slog.LevelInfo, "http request", attrs...)
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
