package knowledge

import "strings"

// relevanceText is the part of an entry's Markdown body that describes the
// entry itself, which is what the relevance index reads. Two kinds of text
// are left out because their words belong to other errors or to no error:
//   - the Sources section (thread names, dates, where sources disagree);
//   - every paragraph or list item that links to another entry: those
//     draw the line with that entry ("a validation error about the
//     response: see response parse error") in the other entry's words.
func relevanceText(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	var block []string
	flush := func() {
		keep := true
		for _, l := range block {
			if strings.Contains(l, "](kb:") {
				keep = false
				break
			}
		}
		if keep {
			for _, l := range block {
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
		block = block[:0]
	}
	skipping := false // inside the Sources section
	for line := range strings.Lines(body) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if strings.HasPrefix(line, "## ") {
			flush()
			skipping = strings.EqualFold(strings.TrimSpace(line[3:]), "sources")
			if !skipping {
				b.WriteString(line)
				b.WriteByte('\n')
			}
			continue
		}
		if skipping {
			continue
		}
		if t == "" || strings.HasPrefix(line, "#") || startsListItem(line) {
			flush()
		}
		if t != "" {
			block = append(block, line)
		}
	}
	flush()
	return b.String()
}

// startsListItem reports whether line begins a Markdown list item at any
// indentation: "- ", "* ", "+ " or "1. ".
func startsListItem(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}
