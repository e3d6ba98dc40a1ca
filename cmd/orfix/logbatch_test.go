package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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

func TestBatchWriterWritesLargeBatchesAtOnce(t *testing.T) {
	var out bytes.Buffer
	b := newBatchWriter(&out, time.Hour)
	line := bytes.Repeat([]byte("x"), 1024)
	for range batchBytes / len(line) {
		b.Write(line)
	}
	if out.Len() != batchBytes { // the full batch went out without a tick
		t.Errorf("%d bytes written, want %d", out.Len(), batchBytes)
	}
	b.Close()
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
