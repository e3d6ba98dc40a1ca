package testutil

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// DatabaseURL is the PostgreSQL server tests may use, from
// ORFIX_TEST_DATABASE_URL. Without one the test is skipped, except under
// CI=true, where it fails: CI always provides one (.ci/pg).
func DatabaseURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ORFIX_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ORFIX_TEST_DATABASE_URL is unset under CI=true; .ci/run starts a PostgreSQL for the tests")
		}
		t.Skip("PostgreSQL test skipped: set ORFIX_TEST_DATABASE_URL (eval \"$(.ci/pg start)\")")
	}
	return u
}

// PostgresSchema makes an empty schema of its own on the test server and
// returns a URL whose connections use it; the schema is dropped when the
// test ends.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	raw := DatabaseURL(t)
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, raw)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("test database: %v", err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
	})
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
