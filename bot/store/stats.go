package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// rows is what both drivers' query results offer.
type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// queryFunc runs a query with ? placeholders inside one read snapshot.
type queryFunc func(ctx context.Context, query string, args ...any) (rows, error)

// readStats summarises everything recorded at or after since through q;
// both backends run the same SQL.
func readStats(ctx context.Context, q queryFunc, since time.Time) (Stats, error) {
	from := int64(math.MinInt64)
	if !since.IsZero() {
		from = since.UnixNano()
	}
	st := Stats{Since: since, Entries: []EntryStats{}, TopUnmatched: []UnmatchedStats{}}
	var err error
	if st.Answers, err = count(ctx, q, `SELECT count(*) FROM answers WHERE at >= ?`, from); err != nil {
		return Stats{}, fmt.Errorf("count answers: %w", err)
	}
	if st.Unmatched, err = count(ctx, q, `SELECT count(*) FROM unmatched WHERE at >= ?`, from); err != nil {
		return Stats{}, fmt.Errorf("count unmatched: %w", err)
	}
	if st.Entries, err = entryStats(ctx, q, from); err != nil {
		return Stats{}, fmt.Errorf("entries: %w", err)
	}
	if st.TopUnmatched, err = topUnmatched(ctx, q, from, MaxTopUnmatched); err != nil {
		return Stats{}, fmt.Errorf("top unmatched: %w", err)
	}
	return st, nil
}

func count(ctx context.Context, q queryFunc, query string, args ...any) (int, error) {
	r, err := q(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	if r.Next() {
		if err := r.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, r.Err()
}

// entryStats lists every entry answered or voted on since from, most answered
// first, ties by entry id.
func entryStats(ctx context.Context, q queryFunc, from int64) ([]EntryStats, error) {
	r, err := q(ctx, `
		SELECT entry_id, CAST(sum(answers) AS BIGINT), CAST(sum(fixed) AS BIGINT), CAST(sum(not_yet) AS BIGINT) FROM (
			SELECT entry_id, count(*) AS answers, 0 AS fixed, 0 AS not_yet
			FROM answers WHERE at >= ? GROUP BY entry_id
			UNION ALL
			SELECT entry_id, 0,
				sum(CASE WHEN vote = 'fixed' THEN 1 ELSE 0 END),
				sum(CASE WHEN vote = 'not-yet' THEN 1 ELSE 0 END)
			FROM feedback WHERE at >= ? GROUP BY entry_id
		) AS per_table
		GROUP BY entry_id
		ORDER BY sum(answers) DESC, entry_id`, from, from)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := []EntryStats{}
	for r.Next() {
		var e EntryStats
		if err := r.Scan(&e.EntryID, &e.Answers, &e.Fixed, &e.NotYet); err != nil {
			return nil, err
		}
		if votes := e.Fixed + e.NotYet; votes > 0 {
			e.FixedRate = float64(e.Fixed) / float64(votes)
		}
		out = append(out, e)
	}
	return out, r.Err()
}

// topUnmatched lists the most frequent unmatched texts since from, at most
// limit, most frequent first, then most recently seen.
func topUnmatched(ctx context.Context, q queryFunc, from int64, limit int) ([]UnmatchedStats, error) {
	r, err := q(ctx, `
		SELECT text, count(*), max(at) FROM unmatched
		WHERE at >= ?
		GROUP BY text
		ORDER BY count(*) DESC, max(at) DESC, text
		LIMIT ?`, from, limit)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := []UnmatchedStats{}
	for r.Next() {
		var u UnmatchedStats
		var last int64
		if err := r.Scan(&u.Text, &u.Count, &last); err != nil {
			return nil, err
		}
		u.LastSeen = time.Unix(0, last).UTC()
		out = append(out, u)
	}
	return out, r.Err()
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ... The store's
// queries hold no literal question mark.
func rebind(query string) string {
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
