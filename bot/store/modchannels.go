package store

import "context"

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

// readModChannels runs modChannelsSQL through q.
func readModChannels(ctx context.Context, q queryFunc, platform string, limit int) ([]ModChannel, error) {
	if limit <= 0 {
		return nil, nil
	}
	r, err := q(ctx, modChannelsSQL, platform, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []ModChannel
	for r.Next() {
		var m ModChannel
		if err := r.Scan(&m.Community, &m.Channel, &m.Sealed); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, r.Err()
}

// ModChannels implements [ModChannels].
func (s *SQLite) ModChannels(ctx context.Context, platform string, limit int) (out []ModChannel, err error) {
	err = s.snapshot(ctx, "moderator channels", func(q queryFunc) error {
		out, err = readModChannels(ctx, q, platform, limit)
		return err
	})
	return out, err
}

// ModChannels implements [ModChannels].
func (p *Postgres) ModChannels(ctx context.Context, platform string, limit int) (out []ModChannel, err error) {
	err = p.snapshot(ctx, "moderator channels", func(q queryFunc) error {
		out, err = readModChannels(ctx, q, platform, limit)
		return err
	})
	return out, err
}
