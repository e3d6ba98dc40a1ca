package store

import (
	"context"
	"fmt"
)

// ModChannel is a community's moderator channel as set from chat.
type ModChannel struct {
	// Community is the keyed hash of the community id: the raw id is not
	// kept, so it only tells rows apart.
	Community string
	// Channel is the channel id.
	Channel string
	// Sealed is the sealed token of the Slack installation of the same
	// workspace (see Installations), nil when there is none: a Discord
	// server, the workspace of the configured bot token, an uninstalled
	// workspace or one installed before the store kept the link.
	Sealed []byte
}

// ModChannels lists the moderator channels set from chat, for alerts that
// concern every community (an OpenRouter-wide incident). *SQLite and
// *Postgres implement it.
type ModChannels interface {
	// ModChannels returns at most limit communities of platform that set
	// a moderator channel, the most recently changed first.
	ModChannels(ctx context.Context, platform string, limit int) ([]ModChannel, error)
}

var (
	_ ModChannels = (*SQLite)(nil)
	_ ModChannels = (*Postgres)(nil)
)

// modChannelsSQL lists the communities with a moderator channel and, on
// Slack, the installation kept under the same key.
const modChannelsSQL = `SELECT s.community, s.mod_channel, i.sealed
	FROM community_settings s
	LEFT JOIN slack_installations i ON s.platform = 'slack' AND i.community = s.community
	WHERE s.platform = ? AND s.mod_channel IS NOT NULL AND s.mod_channel <> ''
	ORDER BY s.updated_at DESC, s.community
	LIMIT ?`

// rowScanner is what ModChannels needs of a backend's rows.
type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// scanModChannels reads the rows of modChannelsSQL.
func scanModChannels(rows rowScanner) ([]ModChannel, error) {
	var out []ModChannel
	for rows.Next() {
		var m ModChannel
		if err := rows.Scan(&m.Community, &m.Channel, &m.Sealed); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ModChannels implements [ModChannels].
func (s *SQLite) ModChannels(ctx context.Context, platform string, limit int) ([]ModChannel, error) {
	if s.closed.Load() {
		return nil, fmt.Errorf("store: moderator channels: %w", ErrClosed)
	}
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, modChannelsSQL, platform, limit)
	if err != nil {
		return nil, fmt.Errorf("store: moderator channels: %w", err)
	}
	defer rows.Close()
	out, err := scanModChannels(rows)
	if err != nil {
		return nil, fmt.Errorf("store: moderator channels: %w", err)
	}
	return out, nil
}

// ModChannels implements [ModChannels].
func (p *Postgres) ModChannels(ctx context.Context, platform string, limit int) ([]ModChannel, error) {
	if p.closed.Load() {
		return nil, fmt.Errorf("store: moderator channels: %w", ErrClosed)
	}
	if limit <= 0 {
		return nil, nil
	}
	rows, err := p.pool.Query(ctx, rebind(modChannelsSQL), platform, limit)
	if err != nil {
		return nil, fmt.Errorf("store: moderator channels: %w", err)
	}
	defer rows.Close()
	out, err := scanModChannels(rows)
	if err != nil {
		return nil, fmt.Errorf("store: moderator channels: %w", err)
	}
	return out, nil
}
