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
// no Hit of the same call; a Claim's If is its WHERE EXISTS on the
// earlier Claim's RETURNING. The statement's text depends only on the
// steps' shape (their ops, Ifs and whether Below is set), so pgx prepares
// it once per connection.
func (p *Postgres) Steps(ctx context.Context, steps []Step) ([]Outcome, error) {
	if err := checkSteps(steps); err != nil {
		return nil, err
	}
	if len(steps) == 0 {
		return nil, nil
	}
	q, args := p.stepsSQL(steps)
	oks := make([]bool, len(steps))
	ns := make([]int64, len(steps))
	dest := make([]any, 0, 2*len(steps))
	for i := range steps {
		dest = append(dest, &oks[i], &ns[i])
	}
	if err := p.pool.QueryRow(ctx, q, args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("store: shared steps: %w", err)
	}
	out := make([]Outcome, len(steps))
	for i := range out {
		out[i] = Outcome{OK: oks[i], N: int(ns[i])}
	}
	return out, nil
}

// stepsSQL builds the statement of steps and its arguments.
func (p *Postgres) stepsSQL(steps []Step) (string, []any) {
	shape := stepsShape(steps)
	q, ok := p.stepQueries.Load(shape)
	if !ok {
		q, _ = p.stepQueries.LoadOrStore(shape, buildStepsSQL(steps))
	}
	var args []any
	for _, st := range steps {
		args = append(args, st.Key, int64(st.Period))
		if st.Op == OpHit {
			args = append(args, bucketWidth(st.Period))
			if st.Below > 0 {
				args = append(args, int64(st.Below))
			}
		}
	}
	return q.(string), args
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

// buildStepsSQL writes the statement of steps: step i's sub-statement is
// s<i>, its Below check's count p<i>; it returns one row holding each
// step's OK and N.
func buildStepsSQL(steps []Step) string {
	var w, sel strings.Builder
	w.WriteString("WITH t AS MATERIALIZED (SELECT " + nowNS + " AS now)")
	n := 0
	arg := func(typ string) string {
		n++
		return "$" + strconv.Itoa(n) + "::" + typ
	}
	for i, st := range steps {
		s := "s" + strconv.Itoa(i)
		gate := "true"
		if st.If > 0 {
			gate = "EXISTS (SELECT 1 FROM s" + strconv.Itoa(st.If-1) + ")"
		}
		key, period := arg("text"), arg("bigint")
		if i > 0 {
			sel.WriteString(", ")
		}
		switch st.Op {
		case OpClaim:
			fmt.Fprintf(&w, `, %s AS (
				INSERT INTO shared_claims AS c (key, expires) SELECT %s, t.now + %s FROM t WHERE %s
				ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires
				WHERE c.expires <= EXCLUDED.expires - %s
				RETURNING 1)`, s, key, period, gate, period)
			fmt.Fprintf(&sel, "EXISTS (SELECT 1 FROM %s), 0::bigint", s)
		case OpCount:
			fmt.Fprintf(&sel, `false, CASE WHEN %s THEN (
				SELECT coalesce(sum(h.n), 0) FROM shared_hits h, t
				WHERE h.key = %s AND h.bucket > t.now - %s) ELSE 0 END::bigint`, gate, key, period)
		case OpHit:
			width := arg("bigint")
			from, insertIf, refused := "t", gate, "0"
			if st.Below > 0 {
				pi := "p" + strconv.Itoa(i)
				fmt.Fprintf(&w, `, %s AS (
					SELECT coalesce(sum(h.n), 0) AS n FROM shared_hits h, t
					WHERE h.key = %s AND h.bucket > t.now - %s)`, pi, key, period)
				from = "t, " + pi
				insertIf = gate + " AND " + pi + ".n < " + arg("bigint")
				refused = "CASE WHEN " + gate + " THEN (SELECT n FROM " + pi + ") ELSE 0 END"
			}
			fmt.Fprintf(&w, `, %s AS (
				INSERT INTO shared_hits AS h (key, bucket, n, expires)
				SELECT %s, t.now - t.now %% %s, 1, t.now + %s FROM %s WHERE %s
				ON CONFLICT (key, bucket) DO UPDATE SET n = h.n + 1, expires = EXCLUDED.expires
				RETURNING bucket, n)`, s, key, width, period, from, insertIf)
			fmt.Fprintf(&sel, `EXISTS (SELECT 1 FROM %s), coalesce((
				SELECT u.n + coalesce((SELECT sum(o.n) FROM shared_hits o, t
					WHERE o.key = %s AND o.bucket > t.now - %s AND o.bucket <> u.bucket), 0)
				FROM %s u), %s)::bigint`, s, key, period, s, refused)
		}
	}
	return w.String() + "\nSELECT " + sel.String()
}
