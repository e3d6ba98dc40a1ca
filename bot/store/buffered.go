package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// ErrFull is returned when a Buffered store's queue is full and the record
// was dropped (the request that made it is never slowed down).
var ErrFull = errors.New("store queue is full")

// Buffered takes records off the request path: Record* queue the record
// and return at once, and one goroutine writes them to the underlying
// store in order. A full queue drops the record and says so. Close writes
// what is queued, then closes the underlying store.
type Buffered struct {
	next    Store
	queue   chan func(context.Context) error
	log     *slog.Logger
	dropped atomic.Int64
	done    chan struct{}
	mu      sync.RWMutex // guards closed against sends racing Close
	closed  bool
}

var _ Store = (*Buffered)(nil)

// NewBuffered wraps next with a queue of size records.
func NewBuffered(next Store, size int, log *slog.Logger) *Buffered {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Buffered{next: next, queue: make(chan func(context.Context) error, size), log: log, done: make(chan struct{})}
	go b.run()
	return b
}

func (b *Buffered) run() {
	defer close(b.done)
	for write := range b.queue {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := write(ctx); err != nil {
			b.log.Error("store: write failed", "err", err)
		}
		cancel()
	}
}

func (b *Buffered) enqueue(write func(context.Context) error) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	select {
	case b.queue <- write:
		return nil
	default:
		if n := b.dropped.Add(1); n == 1 || n%1000 == 0 {
			b.log.Warn("store: queue full, records dropped", "dropped", n)
		}
		return ErrFull
	}
}

func now(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// RecordAnswer queues an answer.
func (b *Buffered) RecordAnswer(_ context.Context, a Answer) error {
	a.At = now(a.At)
	return b.enqueue(func(ctx context.Context) error { return b.next.RecordAnswer(ctx, a) })
}

// RecordFeedback queues a vote.
func (b *Buffered) RecordFeedback(_ context.Context, f Feedback) error {
	f.At = now(f.At)
	return b.enqueue(func(ctx context.Context) error { return b.next.RecordFeedback(ctx, f) })
}

// RecordUnmatched queues an unmatched paste.
func (b *Buffered) RecordUnmatched(_ context.Context, u Unmatched) error {
	u.At = now(u.At)
	return b.enqueue(func(ctx context.Context) error { return b.next.RecordUnmatched(ctx, u) })
}

// Stats reads the underlying store; records still queued are not counted.
func (b *Buffered) Stats(ctx context.Context, since time.Time) (Stats, error) {
	return b.next.Stats(ctx, since)
}

// Dropped is how many records a full queue dropped.
func (b *Buffered) Dropped() int64 { return b.dropped.Load() }

// Close writes every queued record, then closes the underlying store.
func (b *Buffered) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrClosed
	}
	b.closed = true
	close(b.queue)
	b.mu.Unlock()
	<-b.done
	return b.next.Close()
}
