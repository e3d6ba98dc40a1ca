package web

import (
	"bytes"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown renders knowledge-base Markdown to HTML with goldmark. Raw HTML
// in the source is dropped (goldmark's default, kept on purpose), dangerous
// link schemes are removed by goldmark, absolute links get
// rel="noopener noreferrer", and headings are shifted so that a fragment
// fits the heading order of the page it lands in.
//
// Only knowledge-base text is ever rendered, never a paste, so the cache of
// rendered fragments holds no user data.
type markdown struct {
	md goldmark.Markdown

	mu    sync.RWMutex
	cache map[mdKey]template.HTML
}

type mdKey struct {
	src string
	top int
}

// maxCached bounds the cache; a full cache is emptied (a knowledge-base
// reload leaves old fragments behind, this lets them go).
const maxCached = 4096

func newMarkdown() *markdown {
	return &markdown{cache: map[mdKey]template.HTML{}, md: goldmark.New(goldmark.WithExtensions(
		// Table alignment as an attribute: the default is a style
		// attribute, which the Content-Security-Policy refuses.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
	))}
}

// linkRel is the rel of every absolute link the knowledge base contains.
const linkRel = "noopener noreferrer"

// render renders src; its highest heading becomes an h<top> and the others
// keep their distance to it (never deeper than h6). Rendering never fails
// on input goldmark parsed; an error from the renderer yields the source
// as escaped text.
func (m *markdown) render(src string, top int) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	k := mdKey{src, top}
	m.mu.RLock()
	h, ok := m.cache[k]
	m.mu.RUnlock()
	if ok {
		return h
	}
	h = m.convert(src, top)
	m.mu.Lock()
	if len(m.cache) >= maxCached {
		clear(m.cache)
	}
	m.cache[k] = h
	m.mu.Unlock()
	return h
}

func (m *markdown) convert(src string, top int) template.HTML {
	source := []byte(src)
	doc := m.md.Parser().Parse(text.NewReader(source))
	shiftHeadings(doc, top)
	addLinkRel(doc, source)
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, source, doc); err != nil {
		return template.HTML("<pre>" + template.HTMLEscapeString(src) + "</pre>")
	}
	// goldmark escapes text and drops raw HTML, so its output is safe
	// to place into the page as is; a literal "<pre>" in the source is
	// escaped, so every one left is a code block.
	return template.HTML(strings.ReplaceAll(buf.String(), "<pre>", codeBlockOpen))
}

// codeBlockOpen opens a code block: focusable, so a keyboard can scroll
// it, and named for screen readers. static/copy.js adds a copy button.
const codeBlockOpen = `<pre tabindex="0" role="region" aria-label="Code">`

// inline renders one line of Markdown without its paragraph: for a
// sentence that sits inside the page's own element.
func (m *markdown) inline(src string) template.HTML {
	h := strings.TrimSpace(string(m.render(src, 0)))
	if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
		h = strings.TrimSuffix(strings.TrimPrefix(h, "<p>"), "</p>")
	}
	return template.HTML(h) // from render: safe
}

// shiftHeadings moves every heading so that the highest one is level top.
func shiftHeadings(doc ast.Node, top int) {
	if top < 1 {
		return
	}
	highest := 7
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			highest = min(highest, h.Level)
		}
		return ast.WalkContinue, nil
	})
	if highest == 7 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level-highest+top, 6)
		}
		return ast.WalkContinue, nil
	})
}

// addLinkRel sets rel="noopener noreferrer" on links that leave the site.
func addLinkRel(doc ast.Node, source []byte) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if external(string(l.Destination)) {
				l.SetAttributeString("rel", []byte(linkRel))
			}
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkURL {
				l.SetAttributeString("rel", []byte(linkRel))
			}
		}
		return ast.WalkContinue, nil
	})
}

// external reports whether a link destination leaves the site: an http or
// https URL, or a scheme-relative "//host".
func external(dest string) bool {
	d := strings.ToLower(strings.TrimSpace(dest))
	return strings.HasPrefix(d, "https://") || strings.HasPrefix(d, "http://") || strings.HasPrefix(d, "//")
}
