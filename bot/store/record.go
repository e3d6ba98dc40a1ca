package store

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Record is one write for a batch: exactly one of its fields is set.
type Record struct {
	Answer    *Answer
	Feedback  *Feedback
	Unmatched *Unmatched
}

// BatchWriter is a Store that writes many records in one transaction:
// either all of them are stored or none is.
type BatchWriter interface {
	WriteBatch(ctx context.Context, recs []Record) error
}

// recorder gives a BatchWriter the Store's Record* methods, each a batch of
// one record.
type recorder struct {
	write func(ctx context.Context, recs []Record) error
}

// RecordAnswer records an answer the bot gave.
func (r recorder) RecordAnswer(ctx context.Context, a Answer) error {
	return r.write(ctx, []Record{{Answer: &a}})
}

// RecordFeedback records a vote on an answer.
func (r recorder) RecordFeedback(ctx context.Context, f Feedback) error {
	return r.write(ctx, []Record{{Feedback: &f}})
}

// RecordUnmatched records a pasted error that matched no entry. The text
// is cut to MaxUnmatchedRunes runes; an empty text is refused.
func (r recorder) RecordUnmatched(ctx context.Context, u Unmatched) error {
	return r.write(ctx, []Record{{Unmatched: &u}})
}

// table is where a record goes, with its columns in insert order.
type table struct {
	name    string
	columns []string
}

var (
	answersTable   = table{"answers", []string{"at", "platform", "channel", "user", "entry_id", "mode", "confidence", "latency_ns", "tool", "community"}}
	feedbackTable  = table{"feedback", []string{"at", "platform", "channel", "user", "entry_id", "vote", "community"}}
	unmatchedTable = table{"unmatched", []string{"at", "platform", "channel", "user", "text"}}
	tables         = []table{answersTable, feedbackTable, unmatchedTable}
)

// insertSQL is the INSERT of n rows into t with ? placeholders, one
// multi-row VALUES list; "user" is quoted, a reserved word in PostgreSQL.
func (t table) insertSQL(n int) string {
	var b strings.Builder
	b.Grow(len(t.name) + 16*len(t.columns) + n*(3*len(t.columns)+3))
	b.WriteString("INSERT INTO ")
	b.WriteString(t.name)
	b.WriteString(" (")
	for i, c := range t.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + c + `"`)
	}
	b.WriteString(") VALUES ")
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := range t.columns {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// flatten lays rows end to end as one argument list.
func flatten(rows [][]any) []any {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(rows)*len(rows[0]))
	for _, r := range rows {
		args = append(args, r...)
	}
	return args
}

// check validates r without touching it; op names the operation for errors.
func (r Record) check() (op string, err error) {
	switch {
	case r.Answer != nil:
		a := r.Answer
		if a.EntryID == "" {
			return "record answer", fmt.Errorf("empty entry id: %w", ErrInvalid)
		}
		if math.IsNaN(a.Confidence) || math.IsInf(a.Confidence, 0) {
			return "record answer", fmt.Errorf("confidence %v: %w", a.Confidence, ErrInvalid)
		}
		return "record answer", nil
	case r.Feedback != nil:
		f := r.Feedback
		if f.EntryID == "" {
			return "record feedback", fmt.Errorf("empty entry id: %w", ErrInvalid)
		}
		if !f.Vote.Valid() {
			return "record feedback", fmt.Errorf("unknown vote %q: %w", clean(string(f.Vote)), ErrInvalid)
		}
		return "record feedback", nil
	case r.Unmatched != nil:
		if cutText(r.Unmatched.Text) == "" {
			return "record unmatched", fmt.Errorf("empty text: %w", ErrInvalid)
		}
		return "record unmatched", nil
	}
	return "record", fmt.Errorf("empty record: %w", ErrInvalid)
}

// validate reports, wrapped, why r would be refused as ErrInvalid.
func (r Record) validate() error {
	if op, err := r.check(); err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	return nil
}

// row validates r and turns it into the values of its table's columns,
// hashing ids and cleaning text.
func (r Record) row(h hasher) (table, []any, error) {
	if err := r.validate(); err != nil {
		return table{}, nil, err
	}
	switch {
	case r.Answer != nil:
		a := r.Answer
		return answersTable, []any{unixNano(a.At), clean(a.Platform),
			h.id("channel", a.Platform, a.Channel), h.id("user", a.Platform, a.User),
			clean(a.EntryID), clean(a.Mode), a.Confidence, int64(a.Latency), cutRunes(clean(a.Tool), MaxToolRunes),
			h.id("community", a.Platform, a.Community)}, nil
	case r.Feedback != nil:
		f := r.Feedback
		return feedbackTable, []any{unixNano(f.At), clean(f.Platform),
			h.id("channel", f.Platform, f.Channel), h.id("user", f.Platform, f.User),
			clean(f.EntryID), string(f.Vote), h.id("community", f.Platform, f.Community)}, nil
	default:
		u := r.Unmatched
		return unmatchedTable, []any{unixNano(u.At), clean(u.Platform),
			h.id("channel", u.Platform, u.Channel), h.id("user", u.Platform, u.User), cutText(u.Text)}, nil
	}
}

// groupRows validates every record and groups their rows by table, in
// the order of tables. One invalid record refuses the whole batch.
func groupRows(h hasher, recs []Record) (map[string][][]any, error) {
	out := map[string][][]any{}
	for _, r := range recs {
		t, values, err := r.row(h)
		if err != nil {
			return nil, err
		}
		out[t.name] = append(out[t.name], values)
	}
	return out, nil
}
