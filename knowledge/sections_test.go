package knowledge

import (
	"strings"
	"testing"
	"unsafe"
)

// splitSectionsByLines is the straightforward reading of a body into
// sections, line by line with copies: parseSections must agree with it.
func splitSectionsByLines(body string, firstLine int) []Section {
	var secs []Section
	var cur, sub *Section
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

func sameSections(a, b []Section) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Title != b[i].Title || a[i].Text != b[i].Text || a[i].Line != b[i].Line || !sameSections(a[i].Subsections, b[i].Subsections) {
			return false
		}
	}
	return true
}

func TestParseSections(t *testing.T) {
	bodies := map[string]string{
		"empty":            "",
		"no heading":       "text\nmore",
		"one":              "## A\ntext",
		"trailing newline": "## A\n\n text \n\n",
		"subsections":      "intro\n## A\na\n### x\nx1\nx2\n### y\n## B\n\nb\n",
		"fenced heading":   "## A\n```\n## not a heading\n```\n### s\n~~~md\n### nor this\n~~~\nend",
		"crlf kept":        "## A\r\nline\r\n### s\r\nsub\r\n",
		"empty sections":   "## A\n## B\n### s\n### t\n",
	}
	for _, e := range mustDefault(t).Entries() {
		bodies[e.ID] = e.Body()
	}
	for name, body := range bodies {
		got, want := parseSections(body, 7), splitSectionsByLines(body, 7)
		if !sameSections(got, want) {
			t.Errorf("%s: parseSections = %+v, want %+v", name, got, want)
		}
	}
}

// TestSectionsShareBody checks that an entry keeps its text once: every
// section's text points into the body (Quick fixes aside, whose
// conditions are cut out).
func TestSectionsShareBody(t *testing.T) {
	for _, e := range mustDefault(t).Entries() {
		body := unsafe.StringData(e.Body())
		within := func(s string) bool {
			if s == "" {
				return true
			}
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			return p >= uintptr(unsafe.Pointer(body)) && p+uintptr(len(s)) <= uintptr(unsafe.Pointer(body))+uintptr(len(e.Body()))
		}
		for _, s := range e.Sections() {
			if s.Title == SecQuickFixes {
				continue
			}
			if !within(s.Text) {
				t.Errorf("%s: section %q holds a copy of its text", e.ID, s.Title)
			}
			for _, sub := range s.Subsections {
				if !within(sub.Text) {
					t.Errorf("%s: subsection %q holds a copy of its text", e.ID, sub.Title)
				}
			}
		}
	}
}
