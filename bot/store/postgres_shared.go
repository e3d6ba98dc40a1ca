package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// The shared state uses the database's clock, so replicas whose clocks
// drift still agree. nowNS is that clock in unix nanoseconds.
const nowNS = `(extract(epoch FROM clock_timestamp()) * 1000000000)::bigint`

// hitBuckets is how many buckets a counter's window is cut into. A bucket
// counts while its start lies within the window, so a count can miss up to
// window/hitBuckets worth of the oldest events: limits err on the lenient
// side by at most that much.
const hitBuckets = 16

// sharedCleanEvery is how often expired shared state is deleted.
const sharedCleanEvery = 30 * time.Second

// Claim implements [Shared]: the first INSERT of a key wins; a later one
// takes over the row only once it has expired. A key seen held is refused
// by a read, without waiting for or taking the row's lock.
func (p *Postgres) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	var one int
	err := p.pool.QueryRow(ctx, `
		WITH t AS (SELECT `+nowNS+` AS now)
		INSERT INTO shared_claims AS c (key, expires) SELECT $1, t.now + $2 FROM t
		WHERE NOT EXISTS (SELECT 1 FROM shared_claims l WHERE l.key = $1 AND l.expires > t.now)
		ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires
		WHERE c.expires <= EXCLUDED.expires - $2
		RETURNING 1`, key, int64(ttl)).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: claim: %w", err)
	}
	return true, nil
}

// bucketWidth is the width of a counter bucket for window, in nanoseconds.
func bucketWidth(window time.Duration) int64 {
	return max(int64(window)/hitBuckets, int64(time.Millisecond))
}

// Hit implements [Shared] with bucketed counters: one row per key and
// bucket, so a burst is one row, not one per event.
func (p *Postgres) Hit(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := p.pool.QueryRow(ctx, `
		WITH t AS (SELECT `+nowNS+` AS now),
		up AS (
			INSERT INTO shared_hits AS h (key, bucket, n, expires)
			SELECT $1, t.now - t.now % $2, 1, t.now + $3 FROM t
			ON CONFLICT (key, bucket) DO UPDATE SET n = h.n + 1, expires = EXCLUDED.expires
			RETURNING bucket, n)
		SELECT up.n + coalesce((
			SELECT sum(s.n) FROM shared_hits s, t
			WHERE s.key = $1 AND s.bucket > t.now - $3 AND s.bucket <> up.bucket), 0)::bigint
		FROM up`, key, bucketWidth(window), int64(window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: hit: %w", err)
	}
	return n, nil
}

// Count implements [Shared].
func (p *Postgres) Count(ctx context.Context, key string, window time.Duration) (int, error) {
	var n int
	err := p.pool.QueryRow(ctx, `
		SELECT coalesce(sum(n), 0)::bigint FROM shared_hits
		WHERE key = $1 AND bucket > `+nowNS+` - $2`, key, int64(window)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// cleanLoop deletes expired shared state every interval until ctx ends.
// Every replica runs it; the deletes are idempotent.
func (p *Postgres) cleanLoop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = p.cleanShared(ctx) // best effort; the next tick tries again
		}
	}
}

// cleanShared deletes expired claims and counter buckets.
func (p *Postgres) cleanShared(ctx context.Context) error {
	for _, q := range []string{
		`DELETE FROM shared_claims WHERE expires <= ` + nowNS,
		`DELETE FROM shared_hits WHERE expires <= ` + nowNS,
	} {
		if _, err := p.pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("store: clean shared state: %w", err)
		}
	}
	return nil
}
