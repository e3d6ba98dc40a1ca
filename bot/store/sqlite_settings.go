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

// UpdateSettings implements [SettingsStore]. Transactions begin
// IMMEDIATE, so the read already holds the write lock.
func (s *SQLite) UpdateSettings(ctx context.Context, platform, community string, update SettingsUpdate) error {
	if s.closed.Load() {
		return fmt.Errorf("store: set settings: %w", ErrClosed)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	defer tx.Rollback()
	wrote, err := updateIn(settingsTx{
		read: func(dest []any, query string, args ...any) (bool, error) {
			err := tx.QueryRowContext(ctx, query, args...).Scan(dest...)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			return err == nil, err
		},
		exec: func(query string, args ...any) error {
			_, err := tx.ExecContext(ctx, query, args...)
			return err
		},
	}, s.hash, platform, community, update)
	if err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	if !wrote {
		return nil
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	return nil
}
