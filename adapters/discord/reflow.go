package discord

import "strings"

// reflow joins the soft-wrapped lines of Markdown paragraphs and list items
// into one line each: Discord shows every newline as a line break, which
// would print the knowledge base's 115-column wrapping as ragged text.
// Code fences, list markers, headings, quotes and tables stay as written.
func reflow(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fence := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		isFence := strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
		if fence || isFence {
			if isFence {
				fence = !fence
			}
			out = append(out, l)
			continue
		}
		if n := len(out); n > 0 && t != "" && joinable(out[n-1]) && !blockStart(t) {
			out[n-1] += " " + t
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// joinable reports whether the next line may continue prev.
func joinable(prev string) bool {
	t := strings.TrimSpace(prev)
	if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
		return false
	}
	return !strings.HasSuffix(prev, "  ") && !strings.HasSuffix(prev, `\`)
}

// blockStart reports whether a trimmed line starts a block of its own.
func blockStart(t string) bool {
	switch t[0] {
	case '-', '*', '+':
		return len(t) == 1 || t[1] == ' '
	case '>', '#', '|':
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < len(t) && (t[i] == '.' || t[i] == ')')
}
