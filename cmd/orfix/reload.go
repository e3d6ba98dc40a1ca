package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

// watchKB reloads the knowledge base when the files in c.Dir change. A bad
// change is refused, logged and counted; the last good knowledge base keeps
// answering.
func watchKB(ctx context.Context, c KBConfig, core *bot.Bot, m *bot.Metrics, log *slog.Logger) {
	interval := c.ReloadInterval
	if interval <= 0 {
		interval = 2 * time.Second
	}
	last, _ := dirFingerprint(c.Dir)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fp, err := dirFingerprint(c.Dir)
		if err != nil {
			log.Warn("knowledge base directory unreadable", "dir", c.Dir, "err", err)
			continue
		}
		if fp == last {
			continue
		}
		last = fp
		kb, err := knowledge.Load(c.Dir)
		if err != nil {
			m.Reloaded(false)
			log.Error("knowledge base reload refused; still answering from the last good one", "dir", c.Dir, "problems", err.Error())
			continue
		}
		core.SetKB(kb)
		m.Reloaded(true)
		log.Info("knowledge base reloaded", "dir", c.Dir, "entries", kb.Len())
	}
}

// dirFingerprint hashes the names, sizes and modification times of the
// *.md files in dir.
func dirFingerprint(dir string) (uint64, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(dir); err != nil {
		return 0, err
	}
	slices.Sort(names)
	h := fnv.New64a()
	for _, n := range names {
		st, err := os.Stat(n)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", n, st.Size(), st.ModTime().UnixNano())
	}
	return h.Sum64(), nil
}
