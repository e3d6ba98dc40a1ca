package store

import (
	"context"
	"errors"
	"time"
)

// Installation is one Slack workspace that installed the app through
// OAuth. The store keeps it under a keyed hash of the team id, and keeps
// Sealed as given: the caller encrypts the bot token before it gets here
// (see package seal), so the store never holds it in the clear.
type Installation struct {
	// TeamID is the Slack team (workspace) id; the store hashes it.
	TeamID string
	// Sealed is the encrypted bot token and bot user id. Required.
	Sealed []byte
	// At is when the workspace installed the app; the zero time means now.
	At time.Time
}

// Installations keeps the Slack workspaces installed through OAuth;
// *SQLite and *Postgres implement it.
type Installations interface {
	// SaveInstallation stores in, replacing the team's earlier one.
	SaveInstallation(ctx context.Context, in Installation) error
	// Installation returns the team's installation, or an error wrapping
	// ErrNotFound.
	Installation(ctx context.Context, teamID string) (Installation, error)
	// DeleteInstallation removes the team's installation and reports
	// whether there was one.
	DeleteInstallation(ctx context.Context, teamID string) (bool, error)
}

// ErrNotFound is returned (wrapped) for a record that does not exist.
var ErrNotFound = errors.New("not found")

var (
	_ Installations = (*SQLite)(nil)
	_ Installations = (*Postgres)(nil)
)

// teamKey is the stored key of a Slack team id.
func (h hasher) teamKey(teamID string) string { return h.id("team", "slack", teamID) }

// teamCommunity is the key of a Slack team's settings, which its
// installation row also keeps (see ModChannels).
func (h hasher) teamCommunity(teamID string) string { return h.id("community", "slack", teamID) }

// Statements on slack_installations, in the SQLite placeholder style
// (rebind turns them into PostgreSQL's).
const (
	saveInstallationSQL = `INSERT INTO slack_installations (team, sealed, installed, community) VALUES (?, ?, ?, ?)
		ON CONFLICT (team) DO UPDATE SET sealed = excluded.sealed, installed = excluded.installed, community = excluded.community`
	getInstallationSQL    = `SELECT sealed, installed FROM slack_installations WHERE team = ?`
	deleteInstallationSQL = `DELETE FROM slack_installations WHERE team = ?`
)

// checkInstallation refuses an installation that cannot be stored.
func checkInstallation(in Installation) error {
	switch {
	case in.TeamID == "":
		return errors.New("installation without a team id")
	case len(in.Sealed) == 0:
		return errors.New("installation without a sealed token")
	}
	return nil
}
