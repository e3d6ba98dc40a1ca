package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations holds the schema history. migrations[i] moves the database from
// version i to i+1 (PRAGMA user_version). Append only; never edit a released
// migration.
//
// Times are INTEGER unix nanoseconds in UTC, durations INTEGER nanoseconds.
// channel and user columns hold keyed hashes, never raw ids.
var migrations = [][]string{
	// 1: initial schema.
	{
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
		`CREATE INDEX answers_at ON answers (at)`,
		`CREATE TABLE feedback (
			id       INTEGER PRIMARY KEY,
			at       INTEGER NOT NULL,
			platform TEXT    NOT NULL,
			channel  TEXT    NOT NULL,
			user     TEXT    NOT NULL,
			entry_id TEXT    NOT NULL,
			vote     TEXT    NOT NULL CHECK (vote IN ('fixed', 'not-yet'))
		) STRICT`,
		`CREATE INDEX feedback_at ON feedback (at)`,
		`CREATE TABLE unmatched (
			id       INTEGER PRIMARY KEY,
			at       INTEGER NOT NULL,
			platform TEXT    NOT NULL,
			channel  TEXT    NOT NULL,
			user     TEXT    NOT NULL,
			text     TEXT    NOT NULL
		) STRICT`,
		`CREATE INDEX unmatched_at ON unmatched (at)`,
	},
}

// schemaVersion is the version a fully migrated database has.
var schemaVersion = len(migrations)

// migrate brings db up to schemaVersion, one migration per transaction. Each
// transaction re-reads the version after taking the write lock, so two
// processes opening a new file at once do not both apply a step. A database
// newer than this code is refused rather than written to.
func migrate(ctx context.Context, db *sql.DB) error {
	for {
		done, err := migrateStep(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

func migrateStep(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE, see dsn
	if err != nil {
		return false, err
	}
	defer tx.Rollback()

	var v int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case v > schemaVersion:
		return false, fmt.Errorf("schema version %d is newer than supported version %d", v, schemaVersion)
	case v == schemaVersion:
		return true, nil
	}
	for _, stmt := range migrations[v] {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("migrate to version %d: %w", v+1, err)
		}
	}
	// PRAGMA takes no bound parameters; v is an int we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
		return false, fmt.Errorf("set schema version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit schema version %d: %w", v+1, err)
	}
	return v+1 == schemaVersion, nil
}
