// Package quicklog writes the log lines made once per request without the
// cost [slog.Logger] adds to every call: it records the caller's program
// counter (runtime.Callers, a stack walk) for the handler's source option.
// Lines written here carry no source position.
package quicklog

import (
	"context"
	"log/slog"
	"time"
)

// Log writes one record of attrs at level to l's handler, if l is enabled
// for level: what l.LogAttrs does, but without the caller's position.
func Log(ctx context.Context, l *slog.Logger, level slog.Level, msg string, attrs ...slog.Attr) {
	if !l.Enabled(ctx, level) {
		return
	}
	r := slog.NewRecord(time.Now(), level, msg, 0)
	r.AddAttrs(attrs...)
	_ = l.Handler().Handle(ctx, r) // as slog.Logger does, a handler's error is dropped
}
