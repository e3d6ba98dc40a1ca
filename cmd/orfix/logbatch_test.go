package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

func TestBatchWriterKeepsEveryLineInOrder(t *testing.T) {
	var out testutil.SyncBuffer
	b := newBatchWriter(&out, time.Millisecond)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				fmt.Fprintf(b, "g%d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	next := map[string]int{}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	for _, l := range lines {
		var g string
		var i int
		if _, err := fmt.Sscanf(l, "%s line %d", &g, &i); err != nil {
			t.Fatalf("torn line %q", l)
		}
		if i != next[g] {
			t.Fatalf("%s: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	if len(lines) != 8000 {
		t.Errorf("%d lines, want 8000", len(lines))
	}
}

func TestBatchWriterFlushesWithinTheInterval(t *testing.T) {
	var out testutil.SyncBuffer
	b := newBatchWriter(&out, 5*time.Millisecond)
	defer b.Close()
	b.Write([]byte("hello\n"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "hello") {
		if time.Now().After(deadline) {
			t.Fatal("a line waited past the interval")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBatchWriterWritesFullBatchesBeforeTheTick(t *testing.T) {
	var out testutil.SyncBuffer
	b := newBatchWriter(&out, time.Hour)
	defer b.Close()
	line := bytes.Repeat([]byte("x"), 1024)
	for range batchBytes / len(line) {
		b.Write(line)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(out.String()) != batchBytes { // the flusher, woken, not the hourly tick
		if time.Now().After(deadline) {
			t.Fatalf("%d bytes written, want %d", len(out.String()), batchBytes)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestBatchWriterBoundsWhatWaits(t *testing.T) {
	w := &stuckWriter{release: make(chan struct{})}
	b := newBatchWriter(w, time.Hour)
	// The disk comes back later: meanwhile Write must hold the callers
	// rather than let the lines pile up.
	time.AfterFunc(50*time.Millisecond, func() { close(w.release) })
	line := bytes.Repeat([]byte("x"), 4096)
	for range 2 * maxWaiting / len(line) {
		b.Write(line)
		b.mu.Lock()
		n := len(b.buf)
		b.mu.Unlock()
		if n > maxWaiting {
			t.Fatalf("%d bytes waiting, bound %d", n, maxWaiting)
		}
	}
	b.Close()
	if got := w.n.Load(); got != int64(2*maxWaiting/len(line)*len(line)) {
		t.Errorf("%d bytes reached the disk, want all %d", got, 2*maxWaiting/len(line)*len(line))
	}
}

// stuckWriter blocks every write until release is closed: a disk that
// stalls.
type stuckWriter struct {
	release chan struct{}
	n       atomic.Int64
}

func (w *stuckWriter) Write(p []byte) (int, error) {
	<-w.release
	w.n.Add(int64(len(p)))
	return len(p), nil
}

func TestFlushingHandlerWritesWarningsAtOnce(t *testing.T) {
	var out testutil.SyncBuffer
	b := newBatchWriter(&out, time.Hour)
	defer b.Close()
	log := slog.New(flushingHandler{slog.NewJSONHandler(b, nil), b}).With("app", "orfix")
	log.Info("routine")
	if out.String() != "" {
		t.Fatalf("an info line was written before its batch: %s", out.String())
	}
	log.Warn("trouble")
	if s := out.String(); !strings.Contains(s, "routine") || !strings.Contains(s, "trouble") || !strings.Contains(s, `"app":"orfix"`) {
		t.Errorf("a warning waited for a batch: %q", s)
	}
}

// TestBatchWriterReusesItsBuffers checks that, once warm, queueing lines
// and writing batches allocates nothing: the two buffers take turns.
func TestBatchWriterReusesItsBuffers(t *testing.T) {
	b := newBatchWriter(io.Discard, time.Hour)
	defer b.Close()
	line := []byte(`{"level":"INFO","msg":"http request","status":200}` + "\n")
	cycle := func() {
		for range 100 {
			_, _ = b.Write(line)
		}
		_ = b.Flush()
	}
	cycle()
	cycle() // both buffers grown
	if n := testing.AllocsPerRun(20, cycle); n != 0 {
		t.Errorf("%.1f allocations per batch, want 0", n)
	}
}
