package store

import (
	"context"
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

// readHistory runs settingsHistorySQL through q.
func readHistory(ctx context.Context, q queryFunc, h hasher, platform, community, viewer string, limit int) ([]SettingsChange, error) {
	if community == "" || limit <= 0 {
		return nil, nil
	}
	r, err := q(ctx, settingsHistorySQL, historyArgs(h, platform, community, viewer, limit)...)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []SettingsChange
	for r.Next() {
		var c SettingsChange
		var at int64
		if err := r.Scan(&at, &c.ByViewer, &c.Field, &c.Old, &c.New); err != nil {
			return nil, err
		}
		c.At = time.Unix(0, at).UTC()
		out = append(out, c)
	}
	return out, r.Err()
}

// SettingsHistory implements [SettingsHistory].
func (s *SQLite) SettingsHistory(ctx context.Context, platform, community, viewer string, limit int) (out []SettingsChange, err error) {
	err = s.snapshot(ctx, "settings history", func(q queryFunc) error {
		out, err = readHistory(ctx, q, s.hash, platform, community, viewer, limit)
		return err
	})
	return out, err
}

// SettingsHistory implements [SettingsHistory].
func (p *Postgres) SettingsHistory(ctx context.Context, platform, community, viewer string, limit int) (out []SettingsChange, err error) {
	err = p.snapshot(ctx, "settings history", func(q queryFunc) error {
		out, err = readHistory(ctx, q, p.hash, platform, community, viewer, limit)
		return err
	})
	return out, err
}
