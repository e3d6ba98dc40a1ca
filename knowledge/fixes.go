package knowledge

import (
	"strconv"
	"strings"
)

// Fix is one item of an entry's "Quick fixes" list. An item may start with
// a condition on the paste's facts and may quote facts:
//
//  1. [if limit=free-models-per-day] Wait for the daily reset at 00:00 UTC.
//  2. [if overshoot] Your request was about {{overshoot}} tokens over the {{context_limit|model's}} limit.
//  3. [if !provider] Try another provider.
//
// A condition is one or more terms joined by ",", all of which must hold:
// "name" (the paste states the fact), "!name" (it does not), "name=a|b"
// (it is one of the values, compared case-insensitively), "name!=a|b". A
// placeholder is "{{name}}" or "{{name|fallback}}"; numbers are printed
// with thousands separators. Names are those of [Facts.Get].
type Fix struct {
	// Text is the item's Markdown with the condition removed and the
	// placeholders kept.
	Text string
	// When holds the condition's terms; empty means always.
	When []Cond
}

// Cond is one term of a fix's condition.
type Cond struct {
	Fact   string
	Values []string // empty: the fact is (or, negated, is not) stated
	Negate bool
}

// Holds reports whether the term holds for the facts.
func (c Cond) Holds(f Facts) bool {
	v, ok := f.Get(c.Fact)
	if len(c.Values) == 0 {
		return ok != c.Negate
	}
	in := false
	for _, want := range c.Values {
		if ok && strings.EqualFold(v, want) {
			in = true
			break
		}
	}
	return in != c.Negate
}

// Applies reports whether every term of the fix's condition holds.
func (x Fix) Applies(f Facts) bool {
	for _, c := range x.When {
		if !c.Holds(f) {
			return false
		}
	}
	return true
}

// Render returns the fix's Markdown with its placeholders filled from the
// facts (or their fallbacks).
func (x Fix) Render(f Facts) string { return fillPlaceholders(x.Text, f) }

// Conditional reports whether the fix has a condition.
func (x Fix) Conditional() bool { return len(x.When) > 0 }

// Fixes returns the entry's quick fixes in file order.
func (e *Entry) Fixes() []Fix { return e.text().fixes }

// FixesFor chooses at most n fixes for a paste: those whose condition holds
// and names a fact of the paste come first (they fit this paste), then the
// unconditional ones, in file order; fixes whose condition fails are left
// out.
func (e *Entry) FixesFor(f Facts, n int) []Fix {
	var fitted, plain []Fix
	for _, x := range e.text().fixes {
		switch {
		case !x.Applies(f):
		case x.Conditional():
			fitted = append(fitted, x)
		default:
			plain = append(plain, x)
		}
	}
	out := append(fitted, plain...)
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// parseFixes reads the items of a "Quick fixes" section and returns them
// with the section's Markdown as a reader without facts sees it: conditions
// dropped, placeholders replaced by their fallbacks.
func parseFixes(md string) ([]Fix, string) {
	lines := strings.Split(md, "\n")
	var fixes []Fix
	var cur *Fix
	changed := false
	for i, ln := range lines {
		body, ok := fixItem(ln)
		if ok {
			cond, rest := splitCondition(body)
			fixes = append(fixes, Fix{Text: rest, When: cond})
			cur = &fixes[len(fixes)-1]
			if len(rest) != len(body) {
				lines[i] = ln[:len(ln)-len(body)] + rest
				changed = true
			}
			continue
		}
		if cur != nil && strings.TrimSpace(ln) != "" && (strings.HasPrefix(ln, " ") || strings.HasPrefix(ln, "\t")) {
			cur.Text += "\n" + strings.TrimSpace(ln)
		} else if strings.TrimSpace(ln) != "" {
			cur = nil
		}
	}
	if changed {
		md = strings.Join(lines, "\n")
	} // else md, as it is, keeps sharing the entry's body
	return fixes, fillPlaceholders(md, Facts{})
}

// fixItem returns the text of a top-level list item line ("1. x", "- x",
// "* x").
func fixItem(ln string) (string, bool) {
	if strings.HasPrefix(ln, "- ") || strings.HasPrefix(ln, "* ") {
		return ln[2:], true
	}
	i := 0
	for i < len(ln) && ln[i] >= '0' && ln[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(ln) && (ln[i] == '.' || ln[i] == ')') && ln[i+1] == ' ' {
		return ln[i+2:], true
	}
	return "", false
}

// splitCondition splits "[if a=b, !c] text" into its terms and the text.
func splitCondition(s string) ([]Cond, string) {
	if !strings.HasPrefix(s, "[if ") {
		return nil, s
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return nil, s
	}
	var cs []Cond
	for _, term := range strings.Split(s[len("[if "):end], ",") {
		term = strings.TrimSpace(term)
		var c Cond
		if name, vals, ok := strings.Cut(term, "!="); ok {
			c = Cond{Fact: strings.TrimSpace(name), Values: splitValues(vals), Negate: true}
		} else if name, vals, ok := strings.Cut(term, "="); ok {
			c = Cond{Fact: strings.TrimSpace(name), Values: splitValues(vals)}
		} else if name, ok := strings.CutPrefix(term, "!"); ok {
			c = Cond{Fact: strings.TrimSpace(name), Negate: true}
		} else {
			c = Cond{Fact: term}
		}
		cs = append(cs, c)
	}
	return cs, strings.TrimSpace(s[end+1:])
}

func splitValues(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// fillPlaceholders replaces every "{{name}}" or "{{name|fallback}}" with the
// fact, else the fallback, else "".
func fillPlaceholders(s string, f Facts) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		name, fallback, _ := strings.Cut(s[i+2:i+j], "|")
		if v, ok := f.Get(strings.TrimSpace(name)); ok {
			b.WriteString(formatFact(v))
		} else {
			b.WriteString(fallback)
		}
		s = s[i+j+2:]
	}
	b.WriteString(s)
	return b.String()
}

// formatFact prints whole numbers with thousands separators.
func formatFact(v string) string {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 {
		return v
	}
	d := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
