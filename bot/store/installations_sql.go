package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SaveInstallation implements [Installations].
func (s *SQLite) SaveInstallation(ctx context.Context, in Installation) error {
	if s.closed.Load() {
		return fmt.Errorf("store: save installation: %w", ErrClosed)
	}
	if err := checkInstallation(in); err != nil {
		return fmt.Errorf("store: save installation: %w: %w", err, ErrInvalid)
	}
	if _, err := s.db.ExecContext(ctx, saveInstallationSQL, s.hash.teamKey(in.TeamID), in.Sealed, unixNano(in.At), s.hash.teamCommunity(in.TeamID)); err != nil {
		return fmt.Errorf("store: save installation: %w", err)
	}
	return nil
}

// Installation implements [Installations].
func (s *SQLite) Installation(ctx context.Context, teamID string) (Installation, error) {
	if s.closed.Load() {
		return Installation{}, fmt.Errorf("store: installation: %w", ErrClosed)
	}
	in := Installation{TeamID: teamID}
	var at int64
	err := s.db.QueryRowContext(ctx, getInstallationSQL, s.hash.teamKey(teamID)).Scan(&in.Sealed, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Installation{}, fmt.Errorf("store: installation: %w", ErrNotFound)
	case err != nil:
		return Installation{}, fmt.Errorf("store: installation: %w", err)
	}
	in.At = time.Unix(0, at).UTC()
	return in, nil
}

// DeleteInstallation implements [Installations].
func (s *SQLite) DeleteInstallation(ctx context.Context, teamID string) (bool, error) {
	if s.closed.Load() {
		return false, fmt.Errorf("store: delete installation: %w", ErrClosed)
	}
	res, err := s.db.ExecContext(ctx, deleteInstallationSQL, s.hash.teamKey(teamID))
	if err != nil {
		return false, fmt.Errorf("store: delete installation: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: delete installation: %w", err)
	}
	return n > 0, nil
}

// SaveInstallation implements [Installations].
func (p *Postgres) SaveInstallation(ctx context.Context, in Installation) error {
	if p.closed.Load() {
		return fmt.Errorf("store: save installation: %w", ErrClosed)
	}
	if err := checkInstallation(in); err != nil {
		return fmt.Errorf("store: save installation: %w: %w", err, ErrInvalid)
	}
	if _, err := p.pool.Exec(ctx, rebind(saveInstallationSQL), p.hash.teamKey(in.TeamID), in.Sealed, unixNano(in.At), p.hash.teamCommunity(in.TeamID)); err != nil {
		return fmt.Errorf("store: save installation: %w", err)
	}
	return nil
}

// Installation implements [Installations].
func (p *Postgres) Installation(ctx context.Context, teamID string) (Installation, error) {
	if p.closed.Load() {
		return Installation{}, fmt.Errorf("store: installation: %w", ErrClosed)
	}
	in := Installation{TeamID: teamID}
	var at int64
	err := p.pool.QueryRow(ctx, rebind(getInstallationSQL), p.hash.teamKey(teamID)).Scan(&in.Sealed, &at)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Installation{}, fmt.Errorf("store: installation: %w", ErrNotFound)
	case err != nil:
		return Installation{}, fmt.Errorf("store: installation: %w", err)
	}
	in.At = time.Unix(0, at).UTC()
	return in, nil
}

// DeleteInstallation implements [Installations].
func (p *Postgres) DeleteInstallation(ctx context.Context, teamID string) (bool, error) {
	if p.closed.Load() {
		return false, fmt.Errorf("store: delete installation: %w", ErrClosed)
	}
	tag, err := p.pool.Exec(ctx, rebind(deleteInstallationSQL), p.hash.teamKey(teamID))
	if err != nil {
		return false, fmt.Errorf("store: delete installation: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}
