package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Settings are one community's settings (a Discord server, a Slack
// workspace) as changed from chat. A nil field is unset: the configuration
// file's value applies. The values are raw platform ids and mentions,
// which the bot needs to act on; the community and the user who changed
// them are stored only as keyed hashes.
type Settings struct {
	// Listen are the channel ids the bot listens in passively; nil is
	// unset, an empty, non-nil slice listens nowhere.
	Listen []string
	// Support is the mention "Not yet" pings ("" for no one).
	Support *string
	// ModChannel is the channel id of moderator alerts ("" for none).
	ModChannel *string
	// Threads answers in a thread started on the message.
	Threads *bool
	// Eagerness names how readily passive answers are given.
	Eagerness *string
	// UpdatedAt is when they last changed (zero when never).
	UpdatedAt time.Time
}

// IsZero reports whether nothing is set.
func (s Settings) IsZero() bool {
	return s.Listen == nil && s.Support == nil && s.ModChannel == nil && s.Threads == nil && s.Eagerness == nil
}

// SettingsChange describes one change of a community's settings, kept in
// the history: who (a raw user id; the store hashes it), when, which
// setting and its value before and after, as the caller words them.
type SettingsChange struct {
	At       time.Time
	User     string
	Field    string
	Old, New string
	// ByViewer, in a history read back (see SettingsHistory), says that
	// the admin asking made the change.
	ByViewer bool
}

// SettingsStore keeps the settings of each community. *SQLite and
// *Postgres implement it.
type SettingsStore interface {
	// Settings returns a community's stored settings; the zero Settings
	// when none were ever stored.
	Settings(ctx context.Context, platform, community string) (Settings, error)
	// UpdateSettings reads a community's stored settings and stores what
	// update makes of them, with its history line, in one transaction that
	// no other update of the community interleaves with (on any replica):
	// two admins changing a server at once both keep their change.
	UpdateSettings(ctx context.Context, platform, community string, update SettingsUpdate) error
}

// SettingsUpdate decides a community's new settings from its stored ones
// (the zero Settings when none were stored). ok false stores nothing; an
// error stores nothing and is returned by UpdateSettings as it is.
type SettingsUpdate func(cur Settings) (next Settings, c SettingsChange, ok bool, err error)

// settingsTx is what an update needs of a backend's transaction, both
// with ? placeholders: read one row into dest (found false when there is
// none) and run a statement.
type settingsTx struct {
	read func(dest []any, query string, args ...any) (found bool, err error)
	exec func(query string, args ...any) error
}

// updateIn runs update inside tx: it reads the community's stored
// settings, asks update for the new ones and writes them with their
// history line. wrote is false when update declined; its error, a value
// the store cannot keep and a failed statement are returned.
func updateIn(tx settingsTx, h hasher, platform, community string, update SettingsUpdate) (wrote bool, err error) {
	if platform == "" || community == "" {
		return false, fmt.Errorf("platform and community are required: %w", ErrInvalid)
	}
	var r settingsRow
	found, err := tx.read(r.dest(), selectSettingsSQL, platform, h.id("community", platform, community))
	if err != nil {
		return false, err
	}
	cur := Settings{}
	if found {
		cur = r.settings()
	}
	next, c, ok, err := update(cur)
	if err != nil || !ok {
		return false, err
	}
	upsert, change, err := settingsArgs(h, platform, community, next, c)
	if err != nil {
		return false, err
	}
	if err := tx.exec(upsertSettingsSQL, upsert...); err != nil {
		return false, err
	}
	if err := tx.exec(insertChangeSQL, change...); err != nil {
		return false, fmt.Errorf("history: %w", err)
	}
	return true, nil
}

// SettingsWatcher reports settings changed by any replica. *Postgres
// implements it with LISTEN/NOTIFY.
type SettingsWatcher interface {
	// WatchSettings calls changed once listening (changes may have been
	// missed before) and whenever any replica changes settings, until ctx
	// is done (then it returns nil) or the connection fails (an error).
	WatchSettings(ctx context.Context, changed func()) error
}

var (
	_ SettingsStore   = (*SQLite)(nil)
	_ SettingsStore   = (*Postgres)(nil)
	_ SettingsWatcher = (*Postgres)(nil)
)

// maxSettingText bounds every stored setting value, in bytes.
const maxSettingText = 4096

// The settings queries, with ? placeholders; both backends run them.
const (
	selectSettingsSQL = `SELECT listen, support, mod_channel, threads, eagerness, updated_at
		FROM community_settings WHERE platform = ? AND community = ?`
	upsertSettingsSQL = `INSERT INTO community_settings
		(platform, community, listen, support, mod_channel, threads, eagerness, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, community) DO UPDATE SET
		listen = excluded.listen, support = excluded.support, mod_channel = excluded.mod_channel,
		threads = excluded.threads, eagerness = excluded.eagerness,
		updated_at = excluded.updated_at, updated_by = excluded.updated_by`
	insertChangeSQL = `INSERT INTO settings_changes (at, platform, community, changed_by, field, old, new)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// settingsRow is a row being read: the scan targets of selectSettingsSQL.
type settingsRow struct {
	listen, support, mod, eagerness *string
	threads                         *bool
	at                              int64
}

func (r *settingsRow) dest() []any {
	return []any{&r.listen, &r.support, &r.mod, &r.threads, &r.eagerness, &r.at}
}

func (r *settingsRow) settings() Settings {
	s := Settings{Support: r.support, ModChannel: r.mod, Threads: r.threads, Eagerness: r.eagerness, UpdatedAt: time.Unix(0, r.at).UTC()}
	if r.listen != nil {
		s.Listen = strings.Fields(*r.listen)
		if s.Listen == nil {
			s.Listen = []string{}
		}
	}
	return s
}

// settingsArgs are the arguments of upsertSettingsSQL and insertChangeSQL,
// ids hashed; it refuses values the store cannot keep.
func settingsArgs(h hasher, platform, community string, s Settings, c SettingsChange) (upsert, change []any, err error) {
	var listen *string
	if s.Listen != nil {
		for _, ch := range s.Listen {
			if ch == "" || strings.ContainsFunc(ch, isSpace) {
				return nil, nil, fmt.Errorf("channel id %q: %w", ch, ErrInvalid)
			}
		}
		l := strings.Join(s.Listen, " ")
		listen = &l
	}
	for _, v := range []*string{listen, s.Support, s.ModChannel, s.Eagerness, &c.Field, &c.Old, &c.New} {
		if v != nil && len(*v) > maxSettingText {
			return nil, nil, fmt.Errorf("a value is longer than %d bytes: %w", maxSettingText, ErrInvalid)
		}
	}
	at := unixNano(c.At)
	comm, user := h.id("community", platform, community), h.id("user", platform, c.User)
	upsert = []any{platform, comm, listen, s.Support, s.ModChannel, s.Threads, s.Eagerness, at, user}
	change = []any{at, platform, comm, user, c.Field, c.Old, c.New}
	return upsert, change, nil
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}
