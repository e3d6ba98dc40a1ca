package store

import "context"

// Open opens the store target names: a postgres:// or postgresql:// URL
// opens PostgreSQL (see OpenPostgres), anything else is an SQLite file
// path (see OpenSQLite).
func Open(ctx context.Context, target string, salt []byte) (Store, error) {
	if IsPostgresURL(target) {
		return OpenPostgres(ctx, target, salt)
	}
	return OpenSQLite(ctx, target, salt)
}
