package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// settingsChannel is the LISTEN/NOTIFY channel on which a replica that
// changed settings tells the others to drop their cached copies.
const settingsChannel = "orfix_settings"

// Settings implements [SettingsStore].
func (p *Postgres) Settings(ctx context.Context, platform, community string) (Settings, error) {
	if p.closed.Load() {
		return Settings{}, fmt.Errorf("store: settings: %w", ErrClosed)
	}
	var r settingsRow
	err := p.pool.QueryRow(ctx, rebind(selectSettingsSQL), platform, p.hash.id("community", platform, community)).Scan(r.dest()...)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Settings{}, nil
	case err != nil:
		return Settings{}, fmt.Errorf("store: settings: %w", err)
	}
	return r.settings(), nil
}

// UpdateSettings implements [SettingsStore]. A transaction-scoped advisory
// lock on the community serialises updates (a row lock cannot: the row may
// not exist yet). The transaction also notifies every replica watching
// (see WatchSettings); PostgreSQL delivers the notification when it
// commits.
func (p *Postgres) UpdateSettings(ctx context.Context, platform, community string, update SettingsUpdate) error {
	if p.closed.Load() {
		return fmt.Errorf("store: set settings: %w", ErrClosed)
	}
	key := p.hash.id("community", platform, community)
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "orfix settings "+platform+":"+key); err != nil {
			return err
		}
		wrote, err := updateIn(settingsTx{
			read: func(dest []any, query string, args ...any) (bool, error) {
				err := tx.QueryRow(ctx, rebind(query), args...).Scan(dest...)
				if errors.Is(err, pgx.ErrNoRows) {
					return false, nil
				}
				return err == nil, err
			},
			exec: func(query string, args ...any) error {
				_, err := tx.Exec(ctx, rebind(query), args...)
				return err
			},
		}, p.hash, platform, community, update)
		if err != nil || !wrote {
			return err
		}
		// The payload names the community by its hash only.
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, settingsChannel, platform+":"+key)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set settings: %w", err)
	}
	return nil
}

// WatchSettings implements [SettingsWatcher] on a connection of its own,
// outside the pool, that LISTENs for changes. It returns an error when the
// connection fails; the caller reconnects (see bot.Bot.RunSettings).
func (p *Postgres) WatchSettings(ctx context.Context, changed func()) error {
	if p.closed.Load() {
		return fmt.Errorf("store: watch settings: %w", ErrClosed)
	}
	conn, err := pgx.ConnectConfig(ctx, p.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("store: watch settings: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+settingsChannel); err != nil {
		return fmt.Errorf("store: watch settings: listen: %w", err)
	}
	changed() // anything changed while nobody listened
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("store: watch settings: %w", err)
		}
		changed()
	}
}
