package discord

import (
	"strings"
	"unicode/utf8"

	"github.com/orfix/orfix/bot"
)

// Cutting text to Discord's limits. Discord counts characters as UTF-16 code
// units, so width does too (a character outside the BMP counts twice).

// ellipsis marks every cut.
const ellipsis = "…"

// width is the length of s as Discord counts it.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// mdState is where a Markdown scan stands: inside a code fence, an inline
// code span, bold text, a link's text or a link's URL.
type mdState struct {
	fence, code, bold bool
	codeRun           int // backticks that opened the code span
	bracket           int // open "[" of a link text
	url               int // open "(" of a link URL
}

// safe reports whether the whitespace c may end a cut text.
func (st mdState) safe(c byte) bool {
	if st.code || st.bracket > 0 || st.url > 0 {
		return false
	}
	return !st.fence || c == '\n'
}

// tail is what closes a text cut in this state, the mark included.
func (st mdState) tail() string {
	switch {
	case st.fence:
		return "\n```\n" + ellipsis
	case st.bold:
		return "** " + ellipsis
	}
	return " " + ellipsis
}

// clip cuts Markdown md to at most n, marked with "…". It cuts only at
// whitespace outside links, URLs and inline code; a cut inside bold text
// or a code fence closes it. A text with no such boundary within n (one
// word longer than the limit) is cut at a character boundary.
func clip(md string, n int) string {
	if width(md) <= n {
		return md
	}
	var st, bestSt mdState
	best, w := -1, 0
	for i := 0; i < len(md); {
		c := md[i]
		if (c == ' ' || c == '\n' || c == '\t') && st.safe(c) && w+width(st.tail()) <= n {
			best, bestSt = i, st
		}
		if w > n {
			break
		}
		if i == 0 || md[i-1] == '\n' {
			if j, ok := fenceLine(md, i); ok {
				st = mdState{fence: !st.fence}
				w += width(md[i:j])
				i = j
				continue
			}
		}
		adv := 1
		switch {
		case !st.fence:
			adv = st.step(md, i)
		case c >= utf8.RuneSelf:
			adv = 0
		}
		if adv == 0 {
			r, size := utf8.DecodeRuneInString(md[i:])
			w += runeWidth(r)
			i += size
			continue
		}
		w += adv // the state characters are ASCII
		i += adv
	}
	if best < 0 {
		return hardCut(md, n)
	}
	return strings.TrimRight(md[:best], " \t\n") + bestSt.tail()
}

// step updates st for the Markdown at md[i] and returns how many ASCII bytes
// it consumed, or 0 for an ordinary character.
func (st *mdState) step(md string, i int) int {
	c := md[i]
	next := byte(0)
	if i+1 < len(md) {
		next = md[i+1]
	}
	switch {
	case c == '\\' && !st.code && next != 0 && next < utf8.RuneSelf && next != '\n':
		return 2 // an escaped character is plain text
	case c == '`':
		k := 1
		for i+k < len(md) && md[i+k] == '`' {
			k++
		}
		if !st.code {
			st.code, st.codeRun = true, k
		} else if k == st.codeRun {
			st.code = false
		}
		return k
	case st.code:
		if c == '\n' && next == '\n' {
			st.code = false
		}
		return 0
	case c == '[':
		st.bracket++
	case c == ']' && st.bracket > 0:
		st.bracket--
		if next == '(' && st.bracket == 0 {
			st.url = 1
			return 2
		}
	case c == '(' && st.url > 0:
		st.url++
	case c == ')' && st.url > 0:
		st.url--
	case c == '*' && next == '*':
		st.bold = !st.bold
		return 2
	case c == '\n' && next == '\n':
		// A paragraph ends every inline construct left open.
		*st = mdState{}
	}
	if c < utf8.RuneSelf {
		return 1
	}
	return 0
}

// fenceLine reports whether the line at md[i] opens or closes a code fence,
// and where the line ends (before its newline).
func fenceLine(md string, i int) (int, bool) {
	end := strings.IndexByte(md[i:], '\n')
	if end < 0 {
		end = len(md)
	} else {
		end += i
	}
	line := strings.TrimLeft(md[i:end], " ")
	return end, strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~")
}

// hardCut cuts s at a character boundary, for text with no word boundary.
func hardCut(s string, n int) string {
	w := 0
	for i, r := range s {
		if w+runeWidth(r)+width(ellipsis) > n {
			return s[:i] + ellipsis
		}
		w += runeWidth(r)
	}
	return s
}

// clipPlain cuts plain text (a title, a label) at a space, marked with "…".
func clipPlain(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if width(s) <= n {
		return s
	}
	best, w := -1, 0
	for i, r := range s {
		if r == ' ' && w+width(ellipsis) <= n {
			best = i
		}
		w += runeWidth(r)
		if w > n {
			break
		}
	}
	if best <= 0 {
		return hardCut(s, n)
	}
	return s[:best] + ellipsis
}

// linkList renders links as Markdown list lines that fit in n; when some
// do not fit, the list ends with a "…" line.
func linkList(ls []bot.Link, n int) string {
	lines := make([]string, 0, len(ls))
	for _, l := range ls {
		lines = append(lines, "- "+mdLink(clipPlain(l.Title, 200), l.URL))
	}
	all := strings.Join(lines, "\n")
	if width(all) <= n {
		return all
	}
	const more = "\n- " + ellipsis
	var b strings.Builder
	for _, line := range lines {
		sep := ""
		if b.Len() > 0 {
			sep = "\n"
		}
		if width(b.String())+width(sep+line)+width(more) > n {
			break
		}
		b.WriteString(sep + line)
	}
	if b.Len() == 0 {
		return "- " + ellipsis
	}
	return b.String() + more
}

// mdLink is a Markdown link with the brackets in its text escaped.
func mdLink(text, url string) string {
	text = bracketEscaper.Replace(text)
	return "[" + text + "](" + url + ")"
}

// bracketEscaper keeps square brackets from reading as link syntax.
var bracketEscaper = strings.NewReplacer("[", `\[`, "]", `\]`)
