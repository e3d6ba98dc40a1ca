package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Settings implements [SettingsStore].
func (s *SQLite) Settings(ctx context.Context, platform, community string) (Settings, error) {
	if s.closed.Load() {
		return Settings{}, fmt.Errorf("store: settings: %w", ErrClosed)
	}
	var r settingsRow
	err := s.db.QueryRowContext(ctx, selectSettingsSQL, platform, s.hash.id("community", platform, community)).Scan(r.dest()...)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Settings{}, nil
	case err != nil:
		return Settings{}, fmt.Errorf("store: settings: %w", err)
	}
	return r.settings(), nil
}

// SetSettings implements [SettingsStore].
func (s *SQLite) SetSettings(ctx context.Context, platform, community string, st Settings, c SettingsChange) error {
	return s.UpdateSettings(ctx, platform, community, replaceWith(st, c))
}

// UpdateSettings implements [SettingsStore]. Transactions begin
// IMMEDIATE, so the read below already holds the write lock.
func (s *SQLite) UpdateSettings(ctx context.Context, platform, community string, update SettingsUpdate) error {
	if s.closed.Load() {
		return fmt.Errorf("store: set settings: %w", ErrClosed)
	}
	if platform == "" || community == "" {
		return fmt.Errorf("store: settings: platform and community are required: %w", ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	defer tx.Rollback()
	var r settingsRow
	cur := Settings{}
	switch err := tx.QueryRowContext(ctx, selectSettingsSQL, platform, s.hash.id("community", platform, community)).Scan(r.dest()...); {
	case err == nil:
		cur = r.settings()
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: set settings: %w", err)
	}
	next, c, ok, err := update(cur)
	if err != nil || !ok {
		return err
	}
	upsert, change, err := settingsArgs(s.hash, platform, community, next, c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, upsertSettingsSQL, upsert...); err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	if _, err := tx.ExecContext(ctx, insertChangeSQL, change...); err != nil {
		return fmt.Errorf("store: set settings: history: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	return nil
}
