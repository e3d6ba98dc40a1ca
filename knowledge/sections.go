package knowledge

import "strings"

// parseSections splits a Markdown body into "##" sections with "###"
// subsections, ignoring headings inside fenced code blocks. Every text is
// a substring of body, so an entry keeps its text once.
func parseSections(body string, firstLine int) []Section {
	var secs []Section
	var cur *Section
	var sub *Section
	// The text being collected is body[from:to]: whole lines, the last
	// one's newline excluded; from < 0 while no line is collected.
	from, to := -1, 0
	flush := func() {
		text := ""
		if from >= 0 {
			text = strings.TrimSpace(body[from:to])
		}
		from = -1
		switch {
		case sub != nil:
			sub.Text = text
			cur.Subsections = append(cur.Subsections, *sub)
			sub = nil
		case cur != nil:
			cur.Text = text
		}
	}
	var fences fenceTracker
	for i, start := 0, 0; start <= len(body); i++ {
		end := strings.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		l := body[start:end]
		next := end + 1
		if !fences.inside(l) {
			if h, ok := strings.CutPrefix(l, "## "); ok {
				flush()
				if cur != nil {
					secs = append(secs, *cur)
				}
				cur = &Section{Title: strings.TrimSpace(h), Line: firstLine + i}
				start = next
				continue
			}
			if h, ok := strings.CutPrefix(l, "### "); ok && cur != nil {
				flush()
				sub = &Section{Title: strings.TrimSpace(h), Line: firstLine + i}
				start = next
				continue
			}
		}
		if cur != nil {
			if from < 0 {
				from = start
			}
			to = end
		}
		start = next
	}
	flush()
	if cur != nil {
		secs = append(secs, *cur)
	}
	return exactSections(secs)
}

// exactSections copies sections into slices of their exact length: they
// live as long as the knowledge base, and the spare room appending left
// is a good part of their size.
func exactSections(secs []Section) []Section {
	if secs == nil {
		return nil
	}
	out := make([]Section, len(secs))
	copy(out, secs)
	for i := range out {
		if subs := out[i].Subsections; subs != nil {
			out[i].Subsections = make([]Section, len(subs))
			copy(out[i].Subsections, subs)
		}
	}
	return out
}

// fenceTracker follows fenced code blocks line by line.
type fenceTracker struct {
	open  bool
	fence string
}

// inside reports whether line l is part of a fenced code block, its
// opening and closing fence lines included.
func (f *fenceTracker) inside(l string) bool {
	trim := strings.TrimSpace(l)
	if marker, ok := fenceMarker(trim); ok {
		switch {
		case !f.open:
			f.open, f.fence = true, marker
			return true
		case strings.HasPrefix(trim, f.fence):
			f.open = false
			return true
		}
	}
	return f.open
}

func fenceMarker(trim string) (string, bool) {
	for _, m := range []string{"```", "~~~"} {
		if strings.HasPrefix(trim, m) {
			return m, true
		}
	}
	return "", false
}
