package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Unmatched pastes are kept for a while, and only so many: they feed the
// coverage gaps of the dashboard, which look at recent weeks, and a flood
// of junk pastes must not grow the database without end.

// Retention bounds the unmatched pastes kept.
type Retention struct {
	// MaxAge drops pastes older than this; 0 keeps them however old.
	MaxAge time.Duration
	// MaxRows keeps at most this many pastes, the newest; 0 keeps all.
	MaxRows int
}

// Default retention: store.unmatched_days and store.unmatched_max.
const (
	DefaultUnmatchedDays = 30
	DefaultUnmatchedMax  = 10000
)

// UnmatchedPruner is a Store that can forget unmatched pastes; *SQLite and
// *Postgres are.
type UnmatchedPruner interface {
	// PruneUnmatched deletes the pastes recorded before before, then all
	// but the keep newest (keep 0: no cap). It returns how many it deleted.
	PruneUnmatched(ctx context.Context, before time.Time, keep int) (int64, error)
}

var (
	_ UnmatchedPruner = (*SQLite)(nil)
	_ UnmatchedPruner = (*Postgres)(nil)
)

// The pruning statements, with ? placeholders (rebound for PostgreSQL).
// The cap finds the newest row to drop (by at, then id) and deletes it and
// everything older, so it needs no LIMIT in a DELETE.
const (
	pruneOldSQL  = `DELETE FROM unmatched WHERE at < ?`
	pruneEdgeSQL = `SELECT at, id FROM unmatched ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?`
	pruneCapSQL  = `DELETE FROM unmatched WHERE at < ? OR (at = ? AND id <= ?)`
)

// Prune applies r to p at now and returns how many pastes it deleted.
func (r Retention) Prune(ctx context.Context, p UnmatchedPruner, now time.Time) (int64, error) {
	var before time.Time // the zero time: nothing is too old
	if r.MaxAge > 0 {
		before = now.Add(-r.MaxAge)
	}
	return p.PruneUnmatched(ctx, before, r.MaxRows)
}

// Keep applies r to p now and then every interval until ctx is done,
// logging what it deleted and any failure. It returns nil.
func (r Retention) Keep(ctx context.Context, p UnmatchedPruner, every time.Duration, now func() time.Time, log *slog.Logger) error {
	if r.MaxAge <= 0 && r.MaxRows <= 0 {
		return nil
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		switch n, err := r.Prune(ctx, p, now()); {
		case err != nil && ctx.Err() == nil:
			log.WarnContext(ctx, "store: prune unmatched pastes", "err", err)
		case n > 0:
			log.InfoContext(ctx, "store: pruned unmatched pastes", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// PruneUnmatched implements [UnmatchedPruner].
func (s *SQLite) PruneUnmatched(ctx context.Context, before time.Time, keep int) (n int64, err error) {
	if s.closed.Load() {
		return 0, fmt.Errorf("store: prune unmatched: %w", ErrClosed)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: prune unmatched: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	exec := func(q string, args ...any) (int64, error) {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	edge := func(offset int) (at, id int64, ok bool, err error) {
		err = tx.QueryRowContext(ctx, pruneEdgeSQL, offset).Scan(&at, &id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, 0, false, nil
		}
		return at, id, err == nil, err
	}
	if n, err = prune(before, keep, exec, edge); err != nil {
		return 0, fmt.Errorf("store: prune unmatched: %w", err)
	}
	if err = tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: prune unmatched: %w", err)
	}
	return n, nil
}

// PruneUnmatched implements [UnmatchedPruner].
func (p *Postgres) PruneUnmatched(ctx context.Context, before time.Time, keep int) (int64, error) {
	if p.closed.Load() {
		return 0, fmt.Errorf("store: prune unmatched: %w", ErrClosed)
	}
	var n int64
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		exec := func(q string, args ...any) (int64, error) {
			tag, err := tx.Exec(ctx, rebind(q), args...)
			return tag.RowsAffected(), err
		}
		edge := func(offset int) (at, id int64, ok bool, err error) {
			err = tx.QueryRow(ctx, rebind(pruneEdgeSQL), offset).Scan(&at, &id)
			if errors.Is(err, pgx.ErrNoRows) {
				return 0, 0, false, nil
			}
			return at, id, err == nil, err
		}
		var err error
		n, err = prune(before, keep, exec, edge)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune unmatched: %w", err)
	}
	return n, nil
}

// prune runs the pruning statements of either backend in its transaction:
// exec runs a statement and returns the rows it changed; edge returns the
// (at, id) of the row offset places from the newest, ok false when there
// are no more rows.
func prune(before time.Time, keep int, exec func(q string, args ...any) (int64, error), edge func(offset int) (at, id int64, ok bool, err error)) (int64, error) {
	var n int64
	if !before.IsZero() {
		old, err := exec(pruneOldSQL, before.UnixNano())
		if err != nil {
			return 0, fmt.Errorf("older than %v: %w", before, err)
		}
		n += old
	}
	if keep <= 0 {
		return n, nil
	}
	at, id, ok, err := edge(keep)
	if err != nil {
		return 0, fmt.Errorf("find row %d: %w", keep+1, err)
	}
	if !ok {
		return n, nil
	}
	over, err := exec(pruneCapSQL, at, at, id)
	if err != nil {
		return 0, fmt.Errorf("keep %d: %w", keep, err)
	}
	return n + over, nil
}
