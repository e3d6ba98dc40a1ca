package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the Store for several replicas: every replica writes to and
// reads from one PostgreSQL database, and it implements Shared, so the
// short-lived state (event de-duplication, cooldowns, rate limits) is the
// same on every replica. It is safe for concurrent use.
type Postgres struct {
	recorder
	pool   *pgxpool.Pool
	hash   hasher
	closed atomic.Bool
	stop   context.CancelFunc
	wg     sync.WaitGroup
	// stepQueries caches the statements of Steps by shape.
	stepQueries sync.Map
}

var (
	_ Store       = (*Postgres)(nil)
	_ BatchWriter = (*Postgres)(nil)
	_ Shared      = (*Postgres)(nil)
	_ SharedSteps = (*Postgres)(nil)
)

// IsPostgresURL reports whether target names a PostgreSQL database
// (postgres:// or postgresql://) rather than an SQLite file.
func IsPostgresURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// DefaultMaxConns is the pool size per replica unless the URL sets
// pool_max_conns.
const DefaultMaxConns = 16

// OpenPostgres connects to the database at url (a postgres:// URL; pool
// settings such as pool_max_conns go in its query), migrates the schema
// under an advisory lock, so replicas starting together apply each step
// once, and starts the clean-up of expired shared state. salt is as for
// OpenSQLite.
func OpenPostgres(ctx context.Context, url string, salt []byte) (*Postgres, error) {
	if len(salt) < MinSaltLen {
		return nil, fmt.Errorf("store: open: salt is %d bytes, need at least %d: %w", len(salt), MinSaltLen, ErrInvalid)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL, password included.
		return nil, fmt.Errorf("store: open: unusable PostgreSQL URL: %w", ErrInvalid)
	}
	if !strings.Contains(url, "pool_max_conns") {
		// Rate limits and de-dup query on the request path, next to the
		// statistics writer: more than pgx's default of max(4, CPUs).
		cfg.MaxConns = DefaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	if err := migratePostgres(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	bg, stop := context.WithCancel(context.Background())
	p := &Postgres{pool: pool, hash: newHasher(salt), stop: stop}
	p.recorder = recorder{p.WriteBatch}
	p.wg.Go(func() { p.cleanLoop(bg, sharedCleanEvery) })
	return p, nil
}

// WriteBatch writes recs in one transaction: all or none. Each table's
// rows go as one INSERT ... SELECT FROM unnest of one array per column, so
// the statement text and its parameter count stay the same whatever the
// batch size; the INSERTs go in one pipeline, which PostgreSQL runs as one
// implicit transaction: one round trip for the whole batch.
func (p *Postgres) WriteBatch(ctx context.Context, recs []Record) error {
	if p.closed.Load() {
		return fmt.Errorf("store: write: %w", ErrClosed)
	}
	grouped, err := groupRows(p.hash, recs)
	if err != nil {
		return err
	}
	if err := p.writeRows(ctx, grouped); err != nil {
		return fmt.Errorf("store: write %d records: %w", len(recs), err)
	}
	return nil
}

// writeRows inserts the grouped rows in one implicit transaction.
func (p *Postgres) writeRows(ctx context.Context, grouped map[string][][]any) error {
	var batch pgx.Batch
	for _, t := range tables {
		rs := grouped[t.name]
		if len(rs) == 0 {
			continue
		}
		arrays, types, err := columnArrays(rs)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		batch.Queue(t.unnestSQL(types), arrays...)
	}
	if batch.Len() == 0 {
		return nil
	}
	return p.pool.SendBatch(ctx, &batch).Close()
}

// Stats summarises everything recorded at or after since from one
// repeatable-read snapshot.
func (p *Postgres) Stats(ctx context.Context, since time.Time) (st Stats, err error) {
	err = p.snapshot(ctx, "stats", func(q queryFunc) error {
		st, err = readStats(ctx, q, since)
		return err
	})
	return st, err
}

// snapshot runs read inside one read-only, repeatable-read transaction;
// op names it in errors.
func (p *Postgres) snapshot(ctx context.Context, op string, read func(q queryFunc) error) error {
	if p.closed.Load() {
		return fmt.Errorf("store: %s: %w", op, ErrClosed)
	}
	err := pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		return read(func(ctx context.Context, q string, args ...any) (rows, error) {
			return tx.Query(ctx, rebind(q), args...)
		})
	})
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return nil
}

// Ping checks that the database answers.
func (p *Postgres) Ping(ctx context.Context) error {
	if p.closed.Load() {
		return ErrClosed
	}
	return p.pool.Ping(ctx)
}

// Conns reports the pool's open connections, for tests and metrics.
func (p *Postgres) Conns() int { return int(p.pool.Stat().TotalConns()) }

// Close stops the clean-up and closes the pool. Later calls, including a
// second Close, return ErrClosed.
func (p *Postgres) Close() error {
	if !p.closed.CompareAndSwap(false, true) {
		return fmt.Errorf("store: close: %w", ErrClosed)
	}
	p.stop()
	p.wg.Wait()
	p.pool.Close()
	return nil
}

// schemaLockKey is the pg_advisory_lock key that serialises migrations:
// the first 8 bytes of "orfix-schema" as a number.
const schemaLockKey int64 = 0x6f72666978736368

// migratePostgres applies the missing migrations while holding an
// advisory lock, one transaction per step; a database newer than this
// code is refused.
func migratePostgres(ctx context.Context, pool *pgxpool.Pool) (err error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, schemaLockKey); err != nil {
		return fmt.Errorf("lock schema: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, schemaLockKey); uerr != nil {
			// A connection that may still hold the lock must not go back
			// to the pool.
			conn.Conn().Close(context.WithoutCancel(ctx))
			err = errors.Join(err, fmt.Errorf("unlock schema: %w", uerr))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS orfix_schema (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("schema table: %w", err)
	}
	var v int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM orfix_schema`).Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > schemaVersion {
		return fmt.Errorf("schema version %d is newer than supported version %d", v, schemaVersion)
	}
	for ; v < schemaVersion; v++ {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			for _, stmt := range migrations[v].statements(postgresDialect) {
				if _, err := tx.Exec(ctx, stmt); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO orfix_schema (version) VALUES ($1)`, v+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d: %w", v+1, err)
		}
	}
	return nil
}
