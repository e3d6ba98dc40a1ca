package slack

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Slack's mrkdwn is not Markdown: bold is *one star*, italics _underscores_,
// strike ~one tilde~, links <url|text>, there are no headings, tables or
// nested emphasis, a newline is a line break, and &, < and > must be
// escaped. The knowledge base is Markdown, so every piece of it goes
// through mrkdwn, which parses it with goldmark and writes mrkdwn.

// newMarkdownParser returns the goldmark parser mrkdwn uses (CommonMark plus
// GFM tables and strikethrough, the syntax the knowledge base is written in).
func newMarkdownParser() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()
}

// mrkdwn converts Markdown to Slack mrkdwn.
func mrkdwn(p parser.Parser, md string) string {
	src := []byte(md)
	doc := p.Parse(text.NewReader(src))
	w := &mdWriter{src: src}
	w.blocks(doc, 0)
	return strings.TrimSpace(w.b.String())
}

// mdWriter writes mrkdwn for a goldmark tree.
type mdWriter struct {
	src []byte
	b   strings.Builder
}

// blocks writes the block children of n, a blank line apart (list items and
// the blocks of a tight list item one line apart).
func (w *mdWriter) blocks(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c != n.FirstChild() {
			if tightItem(n) {
				w.b.WriteByte('\n')
			} else {
				w.b.WriteString("\n\n")
			}
		}
		w.block(c, depth)
	}
}

func tightItem(n ast.Node) bool {
	if _, ok := n.(*ast.ListItem); !ok {
		return false
	}
	l, ok := n.Parent().(*ast.List)
	return ok && l.IsTight
}

func (w *mdWriter) block(n ast.Node, depth int) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		w.inlines(n)
	case *ast.Heading:
		w.b.WriteByte('*')
		w.inlinesPlain(n)
		w.b.WriteByte('*')
	case *ast.List:
		w.list(n, depth)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.b.WriteString("```\n")
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.b.WriteString(escape(string(seg.Value(w.src))))
		}
		if !strings.HasSuffix(w.b.String(), "\n") {
			w.b.WriteByte('\n')
		}
		w.b.WriteString("```")
	case *ast.Blockquote:
		inner := &mdWriter{src: w.src}
		inner.blocks(n, depth)
		for i, line := range strings.Split(inner.b.String(), "\n") {
			if i > 0 {
				w.b.WriteByte('\n')
			}
			w.b.WriteString("> " + line)
		}
	case *ast.ThematicBreak:
		w.b.WriteString("───")
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			w.b.WriteString(escape(string(seg.Value(w.src))))
		}
	case *east.Table:
		w.table(n)
	default:
		w.blocks(n, depth)
	}
}

// list writes "• item" lines (◦ when nested) or "1. item" lines.
func (w *mdWriter) list(l *ast.List, depth int) {
	indent := strings.Repeat("    ", depth)
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if item != l.FirstChild() {
			w.b.WriteByte('\n')
		}
		w.b.WriteString(indent)
		switch {
		case l.IsOrdered():
			w.b.WriteString(strconv.Itoa(num) + ". ")
			num++
		case depth == 0:
			w.b.WriteString("• ")
		default:
			w.b.WriteString("◦ ")
		}
		w.blocks(item, depth+1)
	}
}

// table writes a GFM table as a monospace block with aligned columns.
func (w *mdWriter) table(t *east.Table) {
	var rows [][]string
	var widths []int
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var row []string
		for i, c := 0, r.FirstChild(); c != nil; i, c = i+1, c.NextSibling() {
			cell := &mdWriter{src: w.src}
			cell.inlinesPlain(c)
			s := cell.b.String()
			row = append(row, s)
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(s))
		}
		rows = append(rows, row)
	}
	w.b.WriteString("```\n")
	for _, row := range rows {
		var line strings.Builder
		for i, s := range row {
			if i > 0 {
				line.WriteString(" | ")
			}
			line.WriteString(s)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(s)))
			}
		}
		w.b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	w.b.WriteString("```")
}

// inlines writes the inline children of n as mrkdwn.
func (w *mdWriter) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.inline(c)
	}
}

func (w *mdWriter) inline(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		w.b.WriteString(escape(string(n.Segment.Value(w.src))))
		switch {
		case n.HardLineBreak():
			w.b.WriteByte('\n')
		case n.SoftLineBreak():
			w.b.WriteByte(' ')
		}
	case *ast.String:
		w.b.WriteString(escape(string(n.Value)))
	case *ast.CodeSpan:
		w.b.WriteByte('`')
		w.inlinesPlain(n)
		w.b.WriteByte('`')
	case *ast.Emphasis:
		mark := "_"
		if n.Level >= 2 {
			mark = "*"
		}
		w.b.WriteString(mark)
		w.inlinesPlain(n)
		w.b.WriteString(mark)
	case *east.Strikethrough:
		w.b.WriteByte('~')
		w.inlinesPlain(n)
		w.b.WriteByte('~')
	case *ast.Link:
		w.link(string(n.Destination), n)
	case *ast.Image:
		w.link(string(n.Destination), n)
	case *ast.AutoLink:
		u := string(n.URL(w.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(u, "mailto:") {
			u = "mailto:" + u
		}
		w.b.WriteString("<" + linkTarget(u) + ">")
	case *ast.RawHTML:
		segs := n.Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			w.b.WriteString(escape(string(seg.Value(w.src))))
		}
	default:
		w.inlines(n)
	}
}

// link writes <url|label>; a label equal to the url is left out.
func (w *mdWriter) link(dest string, n ast.Node) {
	label := &mdWriter{src: w.src}
	label.inlinesPlain(n)
	l := labelCleaner.Replace(label.b.String())
	if l == "" || l == escape(dest) {
		w.b.WriteString("<" + linkTarget(dest) + ">")
		return
	}
	w.b.WriteString("<" + linkTarget(dest) + "|" + l + ">")
}

// inlinesPlain writes the text of n's inline children without markup: for
// code, emphasis (Slack does not nest it), headings, link labels and cells.
func (w *mdWriter) inlinesPlain(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			w.b.WriteString(escape(string(c.Segment.Value(w.src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				w.b.WriteByte(' ')
			}
		case *ast.String:
			w.b.WriteString(escape(string(c.Value)))
		case *ast.RawHTML:
			segs := c.Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				w.b.WriteString(escape(string(seg.Value(w.src))))
			}
		default:
			w.inlinesPlain(c)
		}
	}
}

// linkTarget escapes a URL for <url|label>: only what would end the link.
func linkTarget(u string) string {
	return urlEscaper.Replace(escapeAmp(u))
}

func escapeAmp(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }

// escape escapes the three characters Slack treats as control sequences.
func escape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return mrkdwnEscaper.Replace(s)
}

// mrkdwnEscaper is read-only.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// urlEscaper keeps a URL inside <url|label> intact.
var urlEscaper = strings.NewReplacer("|", "%7C", ">", "%3E", "<", "%3C", " ", "%20")
