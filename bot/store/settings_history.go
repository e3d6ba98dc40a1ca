package store

import (
	"context"
	"fmt"
	"time"
)

// SettingsHistory reads back the history of a community's settings.
// *SQLite and *Postgres implement it.
//
// Who made a change is kept only as a keyed hash, so the history cannot
// name them: it says whether the viewer (the admin asking) made it. The
// moderator channel's change log names each admin as they act.
type SettingsHistory interface {
	// SettingsHistory returns the community's last limit changes, newest
	// first, with User empty and ByViewer set on the viewer's own.
	SettingsHistory(ctx context.Context, platform, community, viewer string, limit int) ([]SettingsChange, error)
}

var (
	_ SettingsHistory = (*SQLite)(nil)
	_ SettingsHistory = (*Postgres)(nil)
)

// settingsHistorySQL reads a community's last changes; the viewer's hash
// is the first argument.
const settingsHistorySQL = `SELECT at, changed_by = ?, field, old, new FROM settings_changes
	WHERE platform = ? AND community = ? ORDER BY at DESC, id DESC LIMIT ?`

// historyArgs are the arguments of settingsHistorySQL.
func historyArgs(h hasher, platform, community, viewer string, limit int) []any {
	v := h.id("user", platform, viewer)
	if v == "" {
		v = "-" // matches no stored hash
	}
	return []any{v, platform, h.id("community", platform, community), limit}
}

// scanHistory reads the rows of settingsHistorySQL.
func scanHistory(rows rowScanner) ([]SettingsChange, error) {
	var out []SettingsChange
	for rows.Next() {
		var c SettingsChange
		var at int64
		if err := rows.Scan(&at, &c.ByViewer, &c.Field, &c.Old, &c.New); err != nil {
			return nil, err
		}
		c.At = time.Unix(0, at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// SettingsHistory implements [SettingsHistory].
func (s *SQLite) SettingsHistory(ctx context.Context, platform, community, viewer string, limit int) ([]SettingsChange, error) {
	if s.closed.Load() {
		return nil, fmt.Errorf("store: settings history: %w", ErrClosed)
	}
	if community == "" || limit <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, settingsHistorySQL, historyArgs(s.hash, platform, community, viewer, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: settings history: %w", err)
	}
	defer rows.Close()
	out, err := scanHistory(rows)
	if err != nil {
		return nil, fmt.Errorf("store: settings history: %w", err)
	}
	return out, nil
}

// SettingsHistory implements [SettingsHistory].
func (p *Postgres) SettingsHistory(ctx context.Context, platform, community, viewer string, limit int) ([]SettingsChange, error) {
	if p.closed.Load() {
		return nil, fmt.Errorf("store: settings history: %w", ErrClosed)
	}
	if community == "" || limit <= 0 {
		return nil, nil
	}
	rows, err := p.pool.Query(ctx, rebind(settingsHistorySQL), historyArgs(p.hash, platform, community, viewer, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: settings history: %w", err)
	}
	defer rows.Close()
	out, err := scanHistory(rows)
	if err != nil {
		return nil, fmt.Errorf("store: settings history: %w", err)
	}
	return out, nil
}
