package main

import (
	"io"
	"os"
	"strings"

	"github.com/muesli/reflow/wordwrap"
	"golang.org/x/term"

	"github.com/orfix/orfix/internal/lazyre"
)

// The terminal: `orfix match` prints its Markdown as a terminal reads it.
// On a TTY paragraphs and list items are wrapped to the terminal's width
// with hanging indents, headings are bold and code is coloured; piped, the
// same text comes out plain, unwrapped and without markup, one paragraph a
// line. Wrapping uses muesli/reflow (ANSI-aware word wrap, a small,
// dependency-light library that lipgloss and glamour build on) and the
// width comes from golang.org/x/term.

// termStyle says how to print for one output.
type termStyle struct {
	// Width wraps lines (0: no wrapping).
	Width int
	// Color allows ANSI styles.
	Color bool
}

// Default and bounds of the wrap width.
const (
	defaultTermWidth = 80
	maxTermWidth     = 100 // long lines read badly even on a wide terminal
)

// styleFor is the style for w: a TTY is wrapped and styled (NO_COLOR turns
// the styles off); anything else gets plain text.
func styleFor(w io.Writer, getenv func(string) string) termStyle {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return termStyle{}
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = defaultTermWidth
	}
	return termStyle{Width: min(width, maxTermWidth), Color: getenv("NO_COLOR") == ""}
}

// ANSI styles.
const (
	ansiBold   = "\x1b[1m"
	ansiFaint  = "\x1b[2m"
	ansiItalic = "\x1b[3m"
	ansiCyan   = "\x1b[36m"
	ansiReset  = "\x1b[0m"
)

var (
	listItem   = lazyre.New(`^(\s*)([-*]|\d+[.)])\s+`)
	boldSpan   = lazyre.New(`\*\*([^*]+)\*\*`)
	codeSpan   = lazyre.New("`([^`]+)`")
	italicLine = lazyre.New(`^_(.+)_$`)
)

// renderTerminal turns the reply's Markdown into terminal text.
func renderTerminal(md string, st termStyle) string {
	var out []string
	lines := strings.Split(strings.TrimRight(md, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		switch {
		case strings.TrimSpace(ln) == "":
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
		case strings.HasPrefix(strings.TrimSpace(ln), "```"):
			j := i + 1
			for j < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[j]), "```") {
				out = append(out, st.style(ansiFaint, "    "+strings.TrimSpace(lines[j])))
				j++
			}
			i = j
		default:
			// A paragraph or a list item runs until a blank line, a fence
			// or the next item; its source line breaks are joined.
			text := strings.TrimSpace(ln)
			prefix, hang := "", ""
			if m := listItem().FindStringSubmatch(ln); m != nil {
				prefix = m[1] + m[2] + " "
				hang = strings.Repeat(" ", len(prefix))
				text = strings.TrimSpace(ln[len(m[0]):])
			}
			for i+1 < len(lines) {
				next := lines[i+1]
				t := strings.TrimSpace(next)
				if t == "" || strings.HasPrefix(t, "```") || listItem().MatchString(next) {
					break
				}
				text += " " + t
				i++
			}
			out = append(out, st.block(prefix, hang, st.inline(text)))
		}
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}

// inline renders bold, code and whole-line emphasis.
func (st termStyle) inline(s string) string {
	if m := italicLine().FindStringSubmatch(s); m != nil {
		s = st.style(ansiItalic, m[1])
	}
	s = boldSpan().ReplaceAllStringFunc(s, func(b string) string { return st.style(ansiBold, b[2:len(b)-2]) })
	if st.Color {
		s = codeSpan().ReplaceAllStringFunc(s, func(c string) string { return st.style(ansiCyan, c[1:len(c)-1]) })
	}
	return s
}

func (st termStyle) style(code, s string) string {
	if !st.Color {
		return s
	}
	return code + s + ansiReset
}

// block wraps text to the width after prefix, continuing lines under hang.
func (st termStyle) block(prefix, hang, text string) string {
	if st.Width <= len(prefix)+10 {
		return prefix + text
	}
	limit := st.Width - len(prefix)
	// Words break at spaces only: a model id or a limit name stays whole,
	// and so does a URL longer than the line, so it stays clickable.
	w := wordwrap.NewWriter(limit)
	w.Breakpoints = nil
	_, _ = w.Write([]byte(text)) // writes to memory
	_ = w.Close()
	return prefix + strings.ReplaceAll(w.String(), "\n", "\n"+hang)
}
