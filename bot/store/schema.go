package store

// migration moves a database from one schema version to the next. Both
// dialects share one history: the statements differ only where the types
// do, and Both runs on either after the dialect's own statements.
type migration struct {
	SQLite, Postgres, Both []string
}

// statements returns what the migration runs on a dialect, in order.
func (m migration) statements(d dialect) []string {
	own := m.SQLite
	if d == postgresDialect {
		own = m.Postgres
	}
	return append(append([]string(nil), own...), m.Both...)
}

// dialect names an SQL flavour the store speaks.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// migrations holds the schema history. migrations[i] moves the database from
// version i to i+1 (PRAGMA user_version on SQLite, the orfix_schema table on
// PostgreSQL). Append only; never edit a released migration.
//
// Times are integer unix nanoseconds in UTC, durations integer nanoseconds.
// channel and user columns hold keyed hashes, never raw ids.
var migrations = []migration{
	// 1: initial schema.
	{
		SQLite: []string{
			`CREATE TABLE answers (
				id         INTEGER PRIMARY KEY,
				at         INTEGER NOT NULL,
				platform   TEXT    NOT NULL,
				channel    TEXT    NOT NULL,
				user       TEXT    NOT NULL,
				entry_id   TEXT    NOT NULL,
				mode       TEXT    NOT NULL,
				confidence REAL    NOT NULL,
				latency_ns INTEGER NOT NULL
			) STRICT`,
			`CREATE TABLE feedback (
				id       INTEGER PRIMARY KEY,
				at       INTEGER NOT NULL,
				platform TEXT    NOT NULL,
				channel  TEXT    NOT NULL,
				user     TEXT    NOT NULL,
				entry_id TEXT    NOT NULL,
				vote     TEXT    NOT NULL CHECK (vote IN ('fixed', 'not-yet'))
			) STRICT`,
			`CREATE TABLE unmatched (
				id       INTEGER PRIMARY KEY,
				at       INTEGER NOT NULL,
				platform TEXT    NOT NULL,
				channel  TEXT    NOT NULL,
				user     TEXT    NOT NULL,
				text     TEXT    NOT NULL
			) STRICT`,
		},
		Postgres: []string{
			`CREATE TABLE answers (
				id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				at         BIGINT           NOT NULL,
				platform   TEXT             NOT NULL,
				channel    TEXT             NOT NULL,
				"user"     TEXT             NOT NULL,
				entry_id   TEXT             NOT NULL,
				mode       TEXT             NOT NULL,
				confidence DOUBLE PRECISION NOT NULL,
				latency_ns BIGINT           NOT NULL
			)`,
			`CREATE TABLE feedback (
				id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				at       BIGINT NOT NULL,
				platform TEXT   NOT NULL,
				channel  TEXT   NOT NULL,
				"user"   TEXT   NOT NULL,
				entry_id TEXT   NOT NULL,
				vote     TEXT   NOT NULL CHECK (vote IN ('fixed', 'not-yet'))
			)`,
			`CREATE TABLE unmatched (
				id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				at       BIGINT NOT NULL,
				platform TEXT   NOT NULL,
				channel  TEXT   NOT NULL,
				"user"   TEXT   NOT NULL,
				text     TEXT   NOT NULL
			)`,
		},
		Both: []string{
			`CREATE INDEX answers_at ON answers (at)`,
			`CREATE INDEX feedback_at ON feedback (at)`,
			`CREATE INDEX unmatched_at ON unmatched (at)`,
		},
	},
	// 2: the short-lived state replicas share (see Shared). PostgreSQL
	// keeps it in unlogged tables: it is cheap to write, and a crash of the
	// database only forgets some cooldowns.
	{
		SQLite: []string{
			`CREATE TABLE shared_claims (
				key     TEXT    PRIMARY KEY,
				expires INTEGER NOT NULL
			) STRICT`,
			`CREATE TABLE shared_hits (
				key     TEXT    NOT NULL,
				bucket  INTEGER NOT NULL,
				n       INTEGER NOT NULL,
				expires INTEGER NOT NULL,
				PRIMARY KEY (key, bucket)
			) STRICT`,
		},
		Postgres: []string{
			`CREATE UNLOGGED TABLE shared_claims (
				key     TEXT   PRIMARY KEY,
				expires BIGINT NOT NULL
			)`,
			`CREATE UNLOGGED TABLE shared_hits (
				key     TEXT   NOT NULL,
				bucket  BIGINT NOT NULL,
				n       BIGINT NOT NULL,
				expires BIGINT NOT NULL,
				PRIMARY KEY (key, bucket)
			)`,
		},
		Both: []string{
			`CREATE INDEX shared_claims_expires ON shared_claims (expires)`,
			`CREATE INDEX shared_hits_expires ON shared_hits (expires)`,
		},
	},
	// 3: indexes for the operator dashboard and orfix stats: grouping a
	// window of answers and votes by entry or by community walks these in
	// group order and reads nothing else, so nothing is sorted.
	{
		Both: []string{
			`CREATE INDEX answers_entry ON answers (entry_id, at)`,
			`CREATE INDEX feedback_entry ON feedback (entry_id, at, vote)`,
			`CREATE INDEX answers_community ON answers (platform, channel, at)`,
			`CREATE INDEX feedback_community ON feedback (platform, channel, at, vote)`,
		},
	},
	// 4: the tool each answer went to (a tool id, "" when unknown), for the
	// dashboard's "tools people use"; grouped by tool through its index.
	{
		Both: []string{
			`ALTER TABLE answers ADD COLUMN tool TEXT NOT NULL DEFAULT ''`,
			`CREATE INDEX answers_tool ON answers (tool, at)`,
		},
	},
	// 5: Slack workspaces installed through OAuth (see Installations): team
	// is a keyed hash of the team id, sealed the bot token and bot user id
	// encrypted by the caller; nothing in a row is readable without the
	// store salt and ORFIX_SECRET_KEY.
	{
		SQLite: []string{
			`CREATE TABLE slack_installations (
				team      TEXT    PRIMARY KEY,
				sealed    BLOB    NOT NULL,
				installed INTEGER NOT NULL
			) STRICT`,
		},
		Postgres: []string{
			`CREATE TABLE slack_installations (
				team      TEXT   PRIMARY KEY,
				sealed    BYTEA  NOT NULL,
				installed BIGINT NOT NULL
			)`,
		},
	},
	// 6: per-community settings changed from chat (see SettingsStore).
	// community and changed_by are keyed hashes; the setting values are
	// raw channel and role ids, which the bot needs to act on. A NULL
	// value is unset: the configuration file's value applies.
	{
		SQLite: []string{
			`CREATE TABLE community_settings (
				platform    TEXT    NOT NULL,
				community   TEXT    NOT NULL,
				listen      TEXT,
				support     TEXT,
				mod_channel TEXT,
				threads     INTEGER,
				eagerness   TEXT,
				updated_at  INTEGER NOT NULL,
				updated_by  TEXT    NOT NULL,
				PRIMARY KEY (platform, community)
			) STRICT`,
			`CREATE TABLE settings_changes (
				id         INTEGER PRIMARY KEY,
				at         INTEGER NOT NULL,
				platform   TEXT    NOT NULL,
				community  TEXT    NOT NULL,
				changed_by TEXT    NOT NULL,
				field      TEXT    NOT NULL,
				old        TEXT    NOT NULL,
				new        TEXT    NOT NULL
			) STRICT`,
		},
		Postgres: []string{
			`CREATE TABLE community_settings (
				platform    TEXT    NOT NULL,
				community   TEXT    NOT NULL,
				listen      TEXT,
				support     TEXT,
				mod_channel TEXT,
				threads     BOOLEAN,
				eagerness   TEXT,
				updated_at  BIGINT  NOT NULL,
				updated_by  TEXT    NOT NULL,
				PRIMARY KEY (platform, community)
			)`,
			`CREATE TABLE settings_changes (
				id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				at         BIGINT NOT NULL,
				platform   TEXT   NOT NULL,
				community  TEXT   NOT NULL,
				changed_by TEXT   NOT NULL,
				field      TEXT   NOT NULL,
				old        TEXT   NOT NULL,
				new        TEXT   NOT NULL
			)`,
		},
		Both: []string{
			`CREATE INDEX settings_changes_community ON settings_changes (platform, community, at)`,
		},
	},
	// 7: the server or workspace (a keyed hash, the key of its settings)
	// of each answer and vote: the dashboard's communities are servers and
	// workspaces, no longer channels, so the channel indexes go.
	{
		Both: []string{
			`ALTER TABLE answers ADD COLUMN community TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE feedback ADD COLUMN community TEXT NOT NULL DEFAULT ''`,
			`DROP INDEX answers_community`,
			`DROP INDEX feedback_community`,
			`CREATE INDEX answers_server ON answers (platform, community, at)`,
			`CREATE INDEX feedback_server ON feedback (platform, community, at, vote)`,
		},
	},
	// 8: each Slack installation also under the key of its workspace's
	// settings (a keyed hash, as community_settings.community), so that a
	// moderator channel set from chat finds the token that may post there
	// (see ModChannels); '' for rows saved before, until saved again.
	{
		Both: []string{
			`ALTER TABLE slack_installations ADD COLUMN community TEXT NOT NULL DEFAULT ''`,
			`CREATE INDEX slack_installations_community ON slack_installations (community)`,
		},
	},
}

// schemaVersion is the version a fully migrated database has.
var schemaVersion = len(migrations)
