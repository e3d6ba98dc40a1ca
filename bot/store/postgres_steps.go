package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Steps implements [SharedSteps] with one statement: a data-modifying
// WITH query per Claim and Hit, so the whole call is one round trip and
// one transaction. Every sub-statement reads the snapshot taken when the
// statement starts, which is RunSteps's order: Counts and Below checks see
// no Hit of the same call; a step's If is a WHERE EXISTS on the earlier
// Claim's RETURNING.
//
// A Claim first reads whether its key is held: a held key (a busy
// channel's, say) is refused without taking the row's lock, which the
// INSERT's conflict would hold to the end of the statement. The
// statement's columns are evaluated left to right, and a WITH query
// runs when first read: the Claims come first, then every read, and the
// counters' upserts last, so the row lock on a busy counter (an entry's
// answers, hit by every replica) is held only from its upsert to the
// commit. The text depends only on the steps' shape (their ops, Ifs and
// whether Below is set), so pgx prepares it once per connection.
func (p *Postgres) Steps(ctx context.Context, steps []Step) ([]Outcome, error) {
	if err := checkSteps(steps); err != nil {
		return nil, err
	}
	if len(steps) == 0 {
		return nil, nil
	}
	q, args := p.stepsQuery(steps)
	oks := make([]bool, len(steps))
	ns := make([]int64, 2*len(steps)) // a Count's N; a Hit's others and total
	ups := make([]*int64, len(steps)) // a Hit's bucket after its upsert, nil when none
	dest := make([]any, len(q.cols))
	for c, col := range q.cols {
		switch col.what {
		case colClaimed:
			dest[c] = &oks[col.step]
		case colCount, colOthers:
			dest[c] = &ns[2*col.step]
		case colTotal:
			dest[c] = &ns[2*col.step+1]
		case colUpserted:
			dest[c] = &ups[col.step]
		}
	}
	if err := p.pool.QueryRow(ctx, q.sql, args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("store: shared steps: %w", err)
	}
	out := make([]Outcome, len(steps))
	for i, st := range steps {
		switch {
		case st.Op == OpClaim:
			out[i].OK = oks[i]
		case st.Op == OpCount:
			out[i].N = int(ns[2*i])
		case ups[i] != nil:
			out[i] = Outcome{OK: true, N: int(ns[2*i] + *ups[i])}
		case st.Below > 0:
			out[i].N = int(ns[2*i+1]) // refused: the count as it stands
		}
	}
	return out, nil
}

// stepsStatement is the statement of a shape of steps and what each of
// its columns holds.
type stepsStatement struct {
	sql  string
	cols []stepsColumn
}

// stepsColumn says what one column of a steps statement holds, for
// which step.
type stepsColumn struct {
	what colKind
	step int
}

type colKind uint8

const (
	colClaimed  colKind = iota // a Claim was won
	colCount                   // a Count's N
	colOthers                  // a Hit's events in its window outside the current bucket
	colTotal                   // a Hit's events in its window before it
	colUpserted                // the current bucket of a Hit after its event; NULL when none
)

// stepsQuery returns the statement of steps and its arguments.
func (p *Postgres) stepsQuery(steps []Step) (*stepsStatement, []any) {
	shape := stepsShape(steps)
	q, ok := p.stepQueries.Load(shape)
	if !ok {
		q, _ = p.stepQueries.LoadOrStore(shape, buildSteps(steps))
	}
	args := make([]any, 0, 3*len(steps))
	for _, st := range steps {
		args = append(args, st.Key, int64(st.Period))
		if st.Op == OpHit {
			args = append(args, bucketWidth(st.Period))
			if st.Below > 0 {
				args = append(args, int64(st.Below))
			}
		}
	}
	return q.(*stepsStatement), args
}

// stepsShape is what the statement of steps depends on.
func stepsShape(steps []Step) string {
	b := make([]byte, 0, 3*len(steps))
	for _, st := range steps {
		below := byte(0)
		if st.Below > 0 {
			below = 1
		}
		b = append(b, byte(st.Op), byte(st.If), below)
	}
	return string(b)
}

// buildSteps writes the statement of steps: step i's sub-statement is
// s<i>, a Hit's read of its counter r<i>. Its one row holds, in this
// order, every Claim's outcome, every Count, every Hit's reads and then
// every Hit's upserted bucket.
func buildSteps(steps []Step) *stepsStatement {
	var with strings.Builder
	with.WriteString("WITH t AS MATERIALIZED (SELECT " + nowNS + " AS now)")
	var phases [4][]string
	var cols [4][]stepsColumn
	n := 0
	arg := func(typ string) string {
		n++
		return "$" + strconv.Itoa(n) + "::" + typ
	}
	for i, st := range steps {
		s, r := "s"+strconv.Itoa(i), "r"+strconv.Itoa(i)
		gate := "true"
		if st.If > 0 {
			gate = "EXISTS (SELECT 1 FROM s" + strconv.Itoa(st.If-1) + ")"
		}
		key, period := arg("text"), arg("bigint")
		switch st.Op {
		case OpClaim:
			fmt.Fprintf(&with, `, %s AS (
				INSERT INTO shared_claims AS c (key, expires) SELECT %s, t.now + %s FROM t WHERE %s
				AND NOT EXISTS (SELECT 1 FROM shared_claims l WHERE l.key = %s AND l.expires > t.now)
				ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires
				WHERE c.expires <= EXCLUDED.expires - %s
				RETURNING 1)`, s, key, period, gate, key, period)
			phases[0] = append(phases[0], "EXISTS (SELECT 1 FROM "+s+")")
			cols[0] = append(cols[0], stepsColumn{colClaimed, i})
		case OpCount:
			phases[1] = append(phases[1], fmt.Sprintf(`(
				SELECT coalesce(sum(h.n), 0)::bigint FROM shared_hits h, t
				WHERE %s AND h.key = %s AND h.bucket > t.now - %s)`, gate, key, period))
			cols[1] = append(cols[1], stepsColumn{colCount, i})
		case OpHit:
			width := arg("bigint")
			fmt.Fprintf(&with, `, %s AS MATERIALIZED (
				SELECT coalesce(sum(h.n) FILTER (WHERE h.bucket <> t.now - t.now %% %s), 0)::bigint AS others,
					coalesce(sum(h.n), 0)::bigint AS total
				FROM shared_hits h, t WHERE %s AND h.key = %s AND h.bucket > t.now - %s)`, r, width, gate, key, period)
			insertIf := gate
			if st.Below > 0 {
				insertIf += " AND " + r + ".total < " + arg("bigint")
			}
			fmt.Fprintf(&with, `, %s AS (
				INSERT INTO shared_hits AS h (key, bucket, n, expires)
				SELECT %s, t.now - t.now %% %s, 1, t.now + %s FROM t, %s WHERE %s
				ON CONFLICT (key, bucket) DO UPDATE SET n = h.n + 1, expires = EXCLUDED.expires
				RETURNING n)`, s, key, width, period, r, insertIf)
			phases[2] = append(phases[2], "(SELECT others FROM "+r+")", "(SELECT total FROM "+r+")")
			cols[2] = append(cols[2], stepsColumn{colOthers, i}, stepsColumn{colTotal, i})
			phases[3] = append(phases[3], "(SELECT n::bigint FROM "+s+")")
			cols[3] = append(cols[3], stepsColumn{colUpserted, i})
		}
	}
	q := &stepsStatement{}
	var sel []string
	for ph := range phases {
		sel = append(sel, phases[ph]...)
		q.cols = append(q.cols, cols[ph]...)
	}
	q.sql = with.String() + "\nSELECT " + strings.Join(sel, ",\n\t")
	return q
}
