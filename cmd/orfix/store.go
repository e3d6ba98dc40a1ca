package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/orfix/orfix/bot/store"
)

// target is where the store lives: the PostgreSQL URL when set, else the
// SQLite path; "" keeps no statistics.
func (c StoreConfig) target() string {
	if c.URL != "" {
		return c.URL
	}
	return c.Path
}

// describe names the store for logs, without a password.
func (c StoreConfig) describe() string {
	if c.URL == "" {
		return c.Path
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return "postgres (unparsable URL)"
	}
	return u.Redacted()
}

// openStore opens the statistics database. With create false (orfix stats)
// a missing SQLite file is an error rather than a new, empty database.
// Without a configured salt an SQLite store makes one and keeps it beside
// the database; PostgreSQL needs it configured (see validateConfig).
func openStore(ctx context.Context, c StoreConfig, create bool) (store.Store, error) {
	if c.URL != "" {
		salt := []byte(c.Salt)
		if !create && len(salt) == 0 {
			// Reading statistics hashes no id, so any key will do.
			salt = []byte("orfix-stats-reads-only")
		}
		st, err := store.OpenPostgres(ctx, c.URL, salt)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		return st, nil
	}
	if !create && c.Path != ":memory:" {
		if _, err := os.Stat(c.Path); err != nil {
			return nil, fmt.Errorf("store: no database at %s (orfix serve creates it; --db names another): %w", c.Path, err)
		}
	}
	salt, err := sqliteSalt(c, create)
	if err != nil {
		return nil, err
	}
	st, err := store.OpenSQLite(ctx, c.Path, salt)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return st, nil
}

// sqliteSalt is the configured salt, or the one kept in Path + ".salt",
// made on first use when create is set.
func sqliteSalt(c StoreConfig, create bool) ([]byte, error) {
	if c.Salt != "" {
		return []byte(c.Salt), nil
	}
	path := c.Path + ".salt"
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		return []byte(strings.TrimSpace(string(b))), nil
	case errors.Is(err, os.ErrNotExist) && create:
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return nil, fmt.Errorf("store salt: %w", err)
		}
		salt := []byte(hex.EncodeToString(raw))
		if err := os.WriteFile(path, salt, 0o600); err != nil {
			return nil, fmt.Errorf("store salt: %w", err)
		}
		return salt, nil
	default:
		return nil, fmt.Errorf("store salt: %w", err)
	}
}
