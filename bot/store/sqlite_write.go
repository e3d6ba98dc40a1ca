package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
)

// sqliteMaxParams is the most bound parameters one SQLite statement may
// hold (SQLITE_MAX_VARIABLE_NUMBER since SQLite 3.32).
const sqliteMaxParams = 32766

// insertShape names a prepared INSERT: its table and how many rows it
// takes.
type insertShape struct {
	table string
	rows  int
}

// insertRun is one INSERT of a batch: its statement and its rows.
type insertRun struct {
	stmt *sql.Stmt
	rows [][]any
}

// writeRows inserts the grouped rows in one transaction. Each table's rows
// go as multi-row INSERTs of a power-of-two number of rows and at most
// maxParams bound parameters, so a few prepared statements per table,
// kept for the life of the store, serve every batch: SQLite parses none
// of them again.
func (s *SQLite) writeRows(ctx context.Context, grouped map[string][][]any, maxParams int) error {
	var runs []insertRun
	for _, t := range tables {
		rs := grouped[t.name]
		most := maxRunRows(len(t.columns), maxParams)
		for len(rs) > 0 {
			n := runRows(len(rs), most)
			// Prepared before the transaction: an in-memory database has
			// one connection, which the transaction holds.
			st, err := s.insertStmt(ctx, t, n)
			if err != nil {
				return fmt.Errorf("prepare insert into %s: %w", t.name, err)
			}
			runs = append(runs, insertRun{st, rs[:n]})
			rs = rs[n:]
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range runs {
		if _, err := tx.StmtContext(ctx, r.stmt).ExecContext(ctx, flatten(r.rows)...); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
	}
	return tx.Commit()
}

// maxRunRows is the most rows of cols columns one INSERT takes: a power of
// two, at most MaxBatch, with at most maxParams parameters (one row at
// least).
func maxRunRows(cols, maxParams int) int {
	n := min(max(maxParams/cols, 1), MaxBatch)
	return 1 << (bits.Len(uint(n)) - 1)
}

// runRows is how many of left rows the next INSERT takes: the largest
// power of two up to left and most.
func runRows(left, most int) int {
	if left >= most {
		return most
	}
	return 1 << (bits.Len(uint(left)) - 1)
}

// insertStmt returns the prepared INSERT of n rows into t, preparing it on
// first use.
func (s *SQLite) insertStmt(ctx context.Context, t table, n int) (*sql.Stmt, error) {
	shape := insertShape{t.name, n}
	if st, ok := s.stmts.Load(shape); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, t.insertSQL(n))
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(shape, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}
