package knowledge

import "strings"

// parseSections splits a Markdown body into "##" sections with "###"
// subsections, ignoring headings inside fenced code blocks.
func parseSections(body string, firstLine int) []Section {
	var secs []Section
	var cur *Section
	var sub *Section
	var buf []string
	flush := func() {
		text := strings.TrimSpace(strings.Join(buf, "\n"))
		buf = buf[:0]
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
	for i, l := range strings.Split(body, "\n") {
		if !fences.inside(l) {
			if h, ok := strings.CutPrefix(l, "## "); ok {
				flush()
				if cur != nil {
					secs = append(secs, *cur)
				}
				cur = &Section{Title: strings.TrimSpace(h), Line: firstLine + i}
				continue
			}
			if h, ok := strings.CutPrefix(l, "### "); ok && cur != nil {
				flush()
				sub = &Section{Title: strings.TrimSpace(h), Line: firstLine + i}
				continue
			}
		}
		if cur != nil {
			buf = append(buf, l)
		}
	}
	flush()
	if cur != nil {
		secs = append(secs, *cur)
	}
	return secs
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
