package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge/gaps"
)

// kbDraft: orfix kb draft [--config FILE] [--db DB] [--since 30d] [--top N] [--out DIR].
// It clusters the unmatched pastes of the window (the dashboard's coverage
// gaps) and lists them, or writes a drafted entry per cluster into DIR.
func kbDraft(ctx context.Context, e env, args []string) (int, error) {
	flags := flag.NewFlagSet("kb draft", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	file := flags.String("config", "", "configuration file (for store.path, store.url and store.salt)")
	db := flags.String("db", "", "the store to read: an SQLite file or a postgres:// URL (overrides the configuration)")
	since := flags.String("since", "30d", "how far back: a duration such as 36h, or days such as 30d")
	top := flags.Int("top", 20, "at most this many clusters, most pasted first")
	out := flags.String("out", "", "write one draft entry per cluster into this directory (existing files are kept)")
	if err := flags.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	d, err := parseSince(*since)
	if err != nil {
		return exitUsage, fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	if *top < 1 {
		return exitUsage, fmt.Errorf("%w: --top must be at least 1", errUsage)
	}
	st, err := openStatsStore(ctx, e, *file, *db)
	if err != nil {
		return exitUsage, err
	}
	defer st.Close()
	dr, ok := st.(store.DashboardReader)
	if !ok {
		return exitUsage, fmt.Errorf("the store %T cannot list unmatched pastes", st)
	}
	now := time.Now()
	dash, err := dr.Dashboard(ctx, now.Add(-d), now)
	if err != nil {
		return exitUsage, err
	}
	clusters := gaps.Clusters(pastesOf(dash.UnmatchedTexts))
	if len(clusters) > *top {
		clusters = clusters[:*top]
	}
	if len(clusters) == 0 {
		fmt.Fprintf(e.stdout, "no unmatched pastes since %s\n", now.Add(-d).UTC().Format(time.RFC3339))
		return exitOK, nil
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return exitUsage, fmt.Errorf("--out: %w", err)
		}
	}
	for _, c := range clusters {
		name, data, err := gaps.Draft(c, now)
		if err != nil {
			return exitUsage, err
		}
		note := ""
		if *out != "" {
			path := filepath.Join(*out, name)
			switch err := writeNew(path, data); {
			case errors.Is(err, fs.ErrExist):
				note = "  (kept the existing " + path + ")"
			case err != nil:
				return exitUsage, err
			default:
				note = "  -> " + path
			}
		}
		fmt.Fprintf(e.stdout, "%5d  %-50s  %s%s\n", c.Count, strings.TrimSuffix(name, ".md"), clipLine(c.Phrase, 60), note)
	}
	return exitOK, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// openStatsStore opens the configured store for reading, --db winning
// over the configuration; a missing SQLite file is an error.
func openStatsStore(ctx context.Context, e env, file, db string) (store.Store, error) {
	cfg, err := loadConfig(file, e.getenv)
	if err != nil {
		return nil, err
	}
	switch {
	case store.IsPostgresURL(db):
		cfg.Store.URL = db
	case db != "":
		cfg.Store.URL, cfg.Store.Path = "", db
	}
	if cfg.Store.target() == "" {
		return nil, fmt.Errorf("no store configured (store.path, store.url or --db)")
	}
	return openStore(ctx, cfg.Store, false)
}

func pastesOf(us []store.UnmatchedStats) []gaps.Paste {
	out := make([]gaps.Paste, len(us))
	for i, u := range us {
		out[i] = gaps.Paste{Text: u.Text, Count: u.Count, LastSeen: u.LastSeen}
	}
	return out
}

// clipLine is s on one line, cut to n runes.
func clipLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
