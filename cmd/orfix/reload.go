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

// loadKB loads the knowledge base in dir and returns it with the
// fingerprint of dir taken before the load, for watchKB: an edit made
// while (or just after) the files are read then differs from it and is
// reloaded. A fingerprint taken after the load would already include such
// an edit, and it would be missed until the next one.
func loadKB(dir string) (*knowledge.KB, uint64, error) {
	fp, _ := dirFingerprint(dir) // an unreadable dir fails the load below
	kb, err := knowledge.Load(dir)
	if err != nil {
		return nil, 0, err
	}
	return kb, fp, nil
}

// watchKB reloads the knowledge base when the files in c.Dir change from
// the fingerprint last (see loadKB). A bad change is refused, logged and
// counted; the last good knowledge base keeps answering.
func watchKB(ctx context.Context, c KBConfig, last uint64, core *bot.Bot, m *bot.Metrics, log *slog.Logger) {
	interval := c.ReloadInterval
	if interval <= 0 {
		interval = 2 * time.Second
	}
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
