package web

import (
	"fmt"
	"strings"

	"github.com/orfix/orfix/knowledge"
)

// renderFixes is every quick fix of an entry with its placeholders filled
// from facts (or their fallbacks) and its condition dropped: the list an
// article shows.
func renderFixes(e *knowledge.Entry, f knowledge.Facts) []string {
	var out []string
	for _, x := range e.Fixes() {
		out = append(out, x.Render(f))
	}
	return out
}

// fixesMarkdown numbers fixes as a Markdown list; the lines after an
// item's first are indented to stay inside the item.
func fixesMarkdown(fixes []string) string {
	var b strings.Builder
	for i, x := range fixes {
		marker := fmt.Sprintf("%d. ", i+1)
		indent := strings.Repeat(" ", len(marker))
		lines := strings.Split(strings.TrimSpace(x), "\n")
		b.WriteString(marker + lines[0] + "\n")
		for _, l := range lines[1:] {
			if strings.TrimSpace(l) == "" {
				b.WriteString("\n")
				continue
			}
			b.WriteString(indent + strings.TrimLeft(l, " \t") + "\n")
		}
	}
	return b.String()
}
