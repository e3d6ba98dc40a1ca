package store

import (
	"fmt"
	"strconv"
	"strings"
)

// unnestSQL is the INSERT of t's rows from one array parameter per column,
// types being the columns' PostgreSQL types.
func (t table) unnestSQL(types []string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (")
	for i, c := range t.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + c + `"`)
	}
	b.WriteString(") SELECT * FROM unnest(")
	for i, typ := range types {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1) + "::" + typ + "[]")
	}
	b.WriteString(")")
	return b.String()
}

// columnArrays turns rows (all of one table, at least one) into one typed
// slice per column, and the PostgreSQL type of each column.
func columnArrays(rows [][]any) (arrays []any, types []string, err error) {
	cols := len(rows[0])
	arrays, types = make([]any, cols), make([]string, cols)
	for c := range cols {
		var ok bool
		switch rows[0][c].(type) {
		case int64:
			arrays[c], ok = column[int64](rows, c)
			types[c] = "bigint"
		case float64:
			arrays[c], ok = column[float64](rows, c)
			types[c] = "double precision"
		case string:
			arrays[c], ok = column[string](rows, c)
			types[c] = "text"
		}
		if !ok {
			return nil, nil, fmt.Errorf("column %d: unsupported or mixed types (first %T)", c, rows[0][c])
		}
	}
	return arrays, types, nil
}

// column gathers column c of rows as a []T; false when a value is not a T.
func column[T any](rows [][]any, c int) ([]T, bool) {
	out := make([]T, len(rows))
	for i, r := range rows {
		v, ok := r[c].(T)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}
