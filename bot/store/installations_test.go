package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/orfix/orfix/bot/seal"
)

// plantedToken is a bot token the tests look for in the database.
const plantedToken = "xoxb-90000000001-90000000002-PlantedTokenNeverOnDisk"

func sealedFor(t *testing.T, k *seal.Key, team, token string) []byte {
	t.Helper()
	b, err := k.Seal([]byte(token), []byte(team))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInstallations(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		key, err := seal.ParseKey("a test secret that is long enough to derive from")
		if err != nil {
			t.Fatal(err)
		}
		target := b.newDB(t)
		st := openTarget(t, target)
		in, ok := st.(Installations)
		if !ok {
			t.Fatalf("%T does not keep installations", st)
		}
		if _, err := in.Installation(ctx, "T0001"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Installation before any: %v, want ErrNotFound", err)
		}
		at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		if err := in.SaveInstallation(ctx, Installation{TeamID: "T0001", Sealed: sealedFor(t, key, "T0001", "xoxb-old"), At: at}); err != nil {
			t.Fatal(err)
		}
		// Installing again replaces the token.
		if err := in.SaveInstallation(ctx, Installation{TeamID: "T0001", Sealed: sealedFor(t, key, "T0001", plantedToken), At: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := in.SaveInstallation(ctx, Installation{TeamID: "T0002", Sealed: sealedFor(t, key, "T0002", "xoxb-two")}); err != nil {
			t.Fatal(err)
		}
		got, err := in.Installation(ctx, "T0001")
		if err != nil {
			t.Fatal(err)
		}
		if !got.At.Equal(at.Add(time.Hour)) || got.TeamID != "T0001" {
			t.Errorf("Installation = %+v", got)
		}
		plain, err := key.Open(got.Sealed, []byte("T0001"))
		if err != nil || string(plain) != plantedToken {
			t.Fatalf("the stored token opens to %q, %v", plain, err)
		}
		if _, err := key.Open(got.Sealed, []byte("T0002")); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("a token opened under another team: %v", err)
		}

		assertNotStored(t, b, st, target, plantedToken, "T0001")

		gone, err := in.DeleteInstallation(ctx, "T0001")
		if err != nil || !gone {
			t.Fatalf("DeleteInstallation = %v, %v", gone, err)
		}
		if gone, err := in.DeleteInstallation(ctx, "T0001"); err != nil || gone {
			t.Errorf("second DeleteInstallation = %v, %v", gone, err)
		}
		if _, err := in.Installation(ctx, "T0001"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Installation after delete: %v", err)
		}
		if _, err := in.Installation(ctx, "T0002"); err != nil {
			t.Errorf("the other team went too: %v", err)
		}
		for _, bad := range []Installation{{Sealed: []byte{1}}, {TeamID: "T1"}} {
			if err := in.SaveInstallation(ctx, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("SaveInstallation(%+v) = %v, want ErrInvalid", bad, err)
			}
		}
		mustClose(t, st)
		if _, err := in.Installation(ctx, "T0002"); !errors.Is(err, ErrClosed) {
			t.Errorf("after Close: %v", err)
		}
	})
}

// assertNotStored checks that neither the token nor the raw team id is
// anywhere in the database: the SQLite file (WAL folded in), or every row
// of the PostgreSQL table.
func assertNotStored(t *testing.T, b backend, st Store, target, token, team string) {
	t.Helper()
	var dump []byte
	switch s := st.(type) {
	case *SQLite:
		if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		var err error
		if dump, err = os.ReadFile(target); err != nil {
			t.Fatal(err)
		}
	case *Postgres:
		rows, err := s.pool.Query(context.Background(), `SELECT team, encode(sealed, 'escape'), installed::text FROM slack_installations`)
		if err != nil {
			t.Fatal(err)
		}
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]string, error) {
			var a, b, c string
			err := r.Scan(&a, &b, &c)
			return []string{a, b, c}, err
		})
		if err != nil || len(all) == 0 {
			t.Fatalf("read rows: %d, %v", len(all), err)
		}
		for _, r := range all {
			for _, v := range r {
				dump = append(append(dump, v...), '\n')
			}
		}
	default:
		t.Fatalf("%s: unknown store %T", b.name, st)
	}
	for _, needle := range []string{token, token[len(token)-16:], team} {
		if bytes.Contains(dump, []byte(needle)) {
			t.Errorf("%s: the database holds %q in the clear", b.name, needle)
		}
	}
}
