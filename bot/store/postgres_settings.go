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

// SetSettings implements [SettingsStore].
func (p *Postgres) SetSettings(ctx context.Context, platform, community string, s Settings, c SettingsChange) error {
	return p.UpdateSettings(ctx, platform, community, replaceWith(s, c))
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
	if platform == "" || community == "" {
		return fmt.Errorf("store: settings: platform and community are required: %w", ErrInvalid)
	}
	key := p.hash.id("community", platform, community)
	var refused error
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "orfix settings "+platform+":"+key); err != nil {
			return err
		}
		var r settingsRow
		cur := Settings{}
		switch err := tx.QueryRow(ctx, rebind(selectSettingsSQL), platform, key).Scan(r.dest()...); {
		case err == nil:
			cur = r.settings()
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		next, c, ok, err := update(cur)
		if err != nil || !ok {
			refused = err
			return errNoUpdate
		}
		upsert, change, err := settingsArgs(p.hash, platform, community, next, c)
		if err != nil {
			refused = err
			return errNoUpdate
		}
		if _, err := tx.Exec(ctx, rebind(upsertSettingsSQL), upsert...); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, rebind(insertChangeSQL), change...); err != nil {
			return fmt.Errorf("history: %w", err)
		}
		// The payload names the community by its hash only.
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, settingsChannel, platform+":"+key)
		return err
	})
	switch {
	case errors.Is(err, errNoUpdate):
		return refused
	case err != nil:
		return fmt.Errorf("store: set settings: %w", err)
	}
	return nil
}

// errNoUpdate rolls back an update that stores nothing.
var errNoUpdate = errors.New("no update")

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
