package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// Stats summarises everything recorded at or after since; the zero time
// means everything. All figures come from one read snapshot.
func (s *SQLite) Stats(ctx context.Context, since time.Time) (Stats, error) {
	st, err := s.stats(ctx, since)
	if err != nil {
		return Stats{}, fmt.Errorf("store: stats: %w", err)
	}
	return st, nil
}

func (s *SQLite) stats(ctx context.Context, since time.Time) (Stats, error) {
	if s.closed.Load() {
		return Stats{}, ErrClosed
	}
	from := int64(math.MinInt64)
	if !since.IsZero() {
		from = since.UnixNano()
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Stats{}, err
	}
	defer tx.Rollback()

	st := Stats{Since: since, Entries: []EntryStats{}, TopUnmatched: []UnmatchedStats{}}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM answers WHERE at >= ?`, from).Scan(&st.Answers); err != nil {
		return Stats{}, fmt.Errorf("count answers: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unmatched WHERE at >= ?`, from).Scan(&st.Unmatched); err != nil {
		return Stats{}, fmt.Errorf("count unmatched: %w", err)
	}
	if st.Entries, err = entryStats(ctx, tx, from); err != nil {
		return Stats{}, fmt.Errorf("entries: %w", err)
	}
	if st.TopUnmatched, err = topUnmatched(ctx, tx, from); err != nil {
		return Stats{}, fmt.Errorf("top unmatched: %w", err)
	}
	return st, tx.Commit()
}

// entryStats lists every entry answered or voted on since from, most answered
// first, ties by entry id.
func entryStats(ctx context.Context, tx *sql.Tx, from int64) ([]EntryStats, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT entry_id, sum(answers), sum(fixed), sum(not_yet) FROM (
			SELECT entry_id, count(*) AS answers, 0 AS fixed, 0 AS not_yet
			FROM answers WHERE at >= ? GROUP BY entry_id
			UNION ALL
			SELECT entry_id, 0, sum(vote = 'fixed'), sum(vote = 'not-yet')
			FROM feedback WHERE at >= ? GROUP BY entry_id
		)
		GROUP BY entry_id
		ORDER BY sum(answers) DESC, entry_id`, from, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []EntryStats{}
	for rows.Next() {
		var e EntryStats
		if err := rows.Scan(&e.EntryID, &e.Answers, &e.Fixed, &e.NotYet); err != nil {
			return nil, err
		}
		if votes := e.Fixed + e.NotYet; votes > 0 {
			e.FixedRate = float64(e.Fixed) / float64(votes)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// topUnmatched lists the most frequent unmatched texts since from, most
// frequent first, then most recently seen.
func topUnmatched(ctx context.Context, tx *sql.Tx, from int64) ([]UnmatchedStats, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT text, count(*), max(at) FROM unmatched
		WHERE at >= ?
		GROUP BY text
		ORDER BY count(*) DESC, max(at) DESC, text
		LIMIT ?`, from, MaxTopUnmatched)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []UnmatchedStats{}
	for rows.Next() {
		var u UnmatchedStats
		var last int64
		if err := rows.Scan(&u.Text, &u.Count, &last); err != nil {
			return nil, err
		}
		u.LastSeen = time.Unix(0, last).UTC()
		out = append(out, u)
	}
	return out, rows.Err()
}
