package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"
)

// batchWriter collects log lines and writes them to the underlying writer
// in batches: when batchBytes are waiting, every interval, and on Close.
// One write per batch instead of one per line keeps the log handler's lock
// (held while a line is written) off the disk's path under load. A line
// waits at most one interval; a killed process loses at most that.
type batchWriter struct {
	mu    sync.Mutex // guards buf and spare
	buf   []byte
	spare []byte     // the last written batch's buffer, reused for the next
	wmu   sync.Mutex // orders the writes to w
	w     io.Writer

	full chan struct{} // wakes the flusher when a batch is ready
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// batchBytes is how much waits before the flusher is woken to write a
// batch; maxWaiting is how much may wait before Write itself writes (the
// disk is slower than the lines come: the callers wait, nothing is lost).
const (
	batchBytes = 32 << 10
	maxWaiting = 1 << 20
)

// logInterval is the longest a log line waits to be written.
const logInterval = 100 * time.Millisecond

// newBatchWriter starts a batchWriter on w; Close stops it.
func newBatchWriter(w io.Writer, interval time.Duration) *batchWriter {
	b := &batchWriter{w: w, full: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go b.run(interval)
	return b
}

// Write queues p (one log line) and returns len(p). The write to the
// underlying writer happens on the flusher goroutine, so the caller (the
// log handler, under its lock) does not wait on it, unless maxWaiting
// bytes are waiting; a failed write is returned from there.
func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	b.buf = append(b.buf, p...)
	switch n := len(b.buf); {
	case n >= maxWaiting:
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		return len(p), nil
	case n >= batchBytes:
		select {
		case b.full <- struct{}{}:
		default: // already woken
		}
	}
	b.mu.Unlock()
	return len(p), nil
}

// Flush writes what is waiting.
func (b *batchWriter) Flush() error {
	b.mu.Lock()
	return b.flushLocked()
}

// flushLocked takes the waiting bytes and writes them; it is called with
// mu held and releases it before the write, so new lines queue meanwhile.
func (b *batchWriter) flushLocked() error {
	out := b.buf
	if len(out) == 0 {
		b.mu.Unlock()
		return nil
	}
	// Two buffers take turns: lines queue in one while the other is
	// written, and no batch grows a new buffer from nothing.
	b.buf, b.spare = b.spare[:0], nil
	b.wmu.Lock() // taken before mu is released: batches keep their order
	b.mu.Unlock()
	_, err := b.w.Write(out)
	b.wmu.Unlock() // before mu: flushLocked takes them the other way round
	if cap(out) <= 2*maxWaiting {
		b.mu.Lock()
		if b.spare == nil {
			b.spare = out[:0]
		}
		b.mu.Unlock()
	}
	return err
}

func (b *batchWriter) run(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = b.Flush()
		case <-b.full:
			_ = b.Flush()
		case <-b.stop:
			return
		}
	}
}

// Close stops the periodic flush and writes what is waiting. Lines
// written after Close still reach w, at the next batch-size flush or
// Flush.
func (b *batchWriter) Close() error {
	b.once.Do(func() { close(b.stop) })
	<-b.done
	return b.Flush()
}

// flushingHandler writes warnings and errors at once: it flushes the
// batchWriter under it after each record at slog.LevelWarn or above, so
// only the routine lines (one per request) wait for a batch.
type flushingHandler struct {
	slog.Handler
	w *batchWriter
}

// Handle handles r, flushing after a warning or an error.
func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		err = errors.Join(err, h.w.Flush())
	}
	return err
}

// WithAttrs keeps the flushing.
func (h flushingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return flushingHandler{h.Handler.WithAttrs(as), h.w}
}

// WithGroup keeps the flushing.
func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{h.Handler.WithGroup(name), h.w}
}
