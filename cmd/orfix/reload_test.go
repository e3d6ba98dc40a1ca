package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/orfix/orfix/bot"
)

// TestWatchKBSeesEditAfterFirstLoad: the watcher starts from the
// fingerprint taken before the first load, so an entry added after that
// load, before the watcher's first tick, is reloaded; with no edit the
// knowledge base is left alone.
func TestWatchKBSeesEditAfterFirstLoad(t *testing.T) {
	entry, err := os.ReadFile("../../knowledge/testdata/valid-entry.md")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		edit     bool
		reloaded bool
	}{
		{"edit between the load and the watcher", true, true},
		{"no edit", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			kb, fp, err := loadKB(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.edit {
				if err := os.WriteFile(filepath.Join(dir, "openrouter-widget-jam.md"), entry, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			core := bot.New(kb, bot.Config{})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				watchKB(ctx, KBConfig{Dir: dir, ReloadInterval: 5 * time.Millisecond}, fp, core, bot.NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
			}()
			deadline := time.Now().Add(2 * time.Second)
			if !tc.reloaded {
				deadline = time.Now().Add(100 * time.Millisecond) // twenty ticks
			}
			for core.KB() == kb && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
			<-done
			if got := core.KB() != kb; got != tc.reloaded {
				t.Fatalf("reloaded %v, want %v", got, tc.reloaded)
			}
			if tc.reloaded && core.KB().Len() != kb.Len()+1 {
				t.Errorf("entries %d, want %d", core.KB().Len(), kb.Len()+1)
			}
		})
	}
}
