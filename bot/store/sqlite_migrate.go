package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrateSQLite brings db up to schemaVersion, one migration per
// transaction. Each transaction re-reads the version after taking the write
// lock, so two processes opening a new file at once do not both apply a
// step. A database newer than this code is refused rather than written to.
func migrateSQLite(ctx context.Context, db *sql.DB) error {
	for {
		done, err := migrateSQLiteStep(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

func migrateSQLiteStep(ctx context.Context, db *sql.DB) (done bool, err error) {
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
	for _, stmt := range migrations[v].statements(sqliteDialect) {
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
