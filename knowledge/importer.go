package knowledge

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/internal/lazyre"
)

// ImportOptions control Import.
type ImportOptions struct {
	// ID overrides the id made from the page title.
	ID string
	// Category defaults to "OpenRouter / Imported".
	Category string
	// Now dates the entry; zero means today.
	Now time.Time
}

// seed-page headings and the entry sections they become ("" = front matter).
var importHeadings = map[string]string{
	"what this error means":         SecMeaning,
	"why this happens":              SecWhy,
	"common causes":                 SecCauses,
	"quick fixes":                   SecQuickFixes,
	"platform/tool-specific checks": SecToolChecks,
	"platform-specific checks":      SecToolChecks,
	"tool-specific checks":          SecToolChecks,
	"step-by-step troubleshooting":  SecSteps,
	"how to prevent it":             SecPrevent,
	"faq":                           SecFAQ,
	"sources checked":               "sources",
	"sources":                       "sources",
	"related errors":                "related",
}

var (
	signatureLine = lazyre.New(`(?im)^\W*error signatures?\W*:?\**\s*(.+)$`)
	statusInTitle = lazyre.New(`\b([45]\d\d)\b`)
	slugStrip     = lazyre.New(`[^a-z0-9]+`)
	listItem      = lazyre.New(`^\s*(?:[-*+]|\d+[.)])\s+(.*)$`)
	issueRef      = lazyre.New(`\b[\w.-]+/[\w.-]+#\d+\b`)
	urlRef        = lazyre.New(`https?://[^\s)>\]"']+`)
	boldQuestion  = lazyre.New(`^\*\*(.+\?)\*\*\s*(.*)$`)
)

// Import turns a troubleshooting page laid out like the seed page (a "#"
// title, an "Error signature:" line, and "##" sections named "What this
// error means" ... "FAQ", "Sources checked", "Related errors") into an
// entry file. kb resolves the page's related errors to entry ids. The
// result is checked with Parse before it is returned.
func Import(kb *KB, name string, page []byte, opt ImportOptions) ([]byte, error) {
	if !utf8.Valid(page) || bytes.IndexByte(page, 0) >= 0 {
		return nil, fmt.Errorf("import %s: not a UTF-8 text file", name)
	}
	text := strings.ReplaceAll(string(page), "\r\n", "\n")
	title := ""
	for _, l := range strings.Split(text, "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			title = strings.TrimSpace(t)
			break
		}
	}
	if title == "" {
		return nil, fmt.Errorf("import %s: no '# Title' line", name)
	}
	secs := parseSections(text, 1)
	out := map[string]Section{}
	var sources, related []string
	for _, s := range secs {
		target, ok := importHeadings[strings.ToLower(strings.TrimSpace(s.Title))]
		switch {
		case !ok:
			continue
		case target == "sources":
			out[SecSources] = s
			sources = append(sources, issueRef().FindAllString(s.Markdown(), -1)...)
			for _, u := range urlRef().FindAllString(s.Markdown(), -1) {
				sources = append(sources, strings.TrimRight(u, ".,;"))
			}
		case target == "related":
			related = resolveRelated(kb, s.Markdown())
		default:
			out[target] = s
		}
	}
	if _, ok := out[SecSources]; !ok {
		out[SecSources] = Section{Text: "- " + name}
	}
	var missing []string
	for _, want := range RequiredSections {
		if _, ok := out[want]; !ok {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("import %s: the page has no section %q", name, strings.Join(missing, `", "`))
	}

	var sigs []string
	for _, m := range signatureLine().FindAllStringSubmatch(text, -1) {
		sigs = append(sigs, strings.Trim(strings.TrimSpace(m[1]), "\"'`*“”"))
	}
	if len(sigs) == 0 {
		sigs = []string{title}
	}
	id := opt.ID
	if id == "" {
		id = slugify(title)
	}
	if slices.Contains(related, id) {
		related = slices.DeleteFunc(related, func(r string) bool { return r == id })
	}
	var status []int
	for _, m := range statusInTitle().FindAllStringSubmatch(title, -1) {
		n, _ := strconv.Atoi(m[1])
		status = append(status, n)
	}
	tools, toolSec := importToolChecks(out[SecToolChecks])
	out[SecToolChecks] = toolSec
	faq := importFAQ(out[SecFAQ])
	out[SecFAQ] = faq
	if len(sources) == 0 {
		sources = []string{name}
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	category := opt.Category
	if category == "" {
		category = "OpenRouter / Imported"
	}
	short := clipTitle(title)
	var aliases []string
	if short != title {
		aliases = []string{title}
	}
	fm := frontMatter{
		ID: id, Title: short, Summary: firstSentence(out[SecMeaning].Text), Aliases: aliases,
		Category: category, Status: status, Signatures: sigs,
		Tools: tools, Related: related, Examples: sigs[:1], Updated: now.Format("2006-01-02"), Sources: slices.Compact(sources),
	}
	if fm.Status == nil {
		fm.Status = []int{}
	}
	if fm.Related == nil {
		fm.Related = []string{}
	}
	if fm.Tools == nil {
		fm.Tools = []string{}
	}
	y, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(y)
	b.WriteString("---\n")
	for _, h := range RequiredSections {
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", h, out[h].Markdown())
	}
	data := bytes.TrimRight(b.Bytes(), "\n")
	data = append(data, '\n')
	if _, err := Parse(id+".md", data); err != nil {
		return nil, fmt.Errorf("import %s: the converted entry is not valid:\n%w", name, err)
	}
	return data, nil
}

// importToolChecks maps "###" blocks (or "**Tool**" lines) of the page's
// checks to tool ids; blocks for tools orfix does not know stay as text.
func importToolChecks(s Section) ([]string, Section) {
	var tools []string
	var kept []Section
	intro := []string{s.Text}
	for _, sub := range s.Subsections {
		if id, ok := toolIDFromName(sub.Title); ok && !slices.Contains(tools, id) {
			tools = append(tools, id)
			kept = append(kept, Section{Title: ToolName(id), Text: sub.Text})
			continue
		}
		intro = append(intro, "**"+sub.Title+"**\n\n"+sub.Text)
	}
	s.Text = strings.TrimSpace(strings.Join(intro, "\n\n"))
	s.Subsections = kept
	return tools, s
}

// toolIDFromName recognises a tool in a heading like "Cline" or
// "Aider / LiteLLM" (the first known tool wins).
func toolIDFromName(h string) (string, bool) {
	if id, ok := toolIDForHeading(h); ok {
		return id, true
	}
	l := strings.ToLower(h)
	for _, t := range Tools() {
		if strings.Contains(l, strings.ToLower(t.Heading)) {
			return t.ID, true
		}
	}
	return "", false
}

// importFAQ accepts "### Question?" blocks as they are and turns
// "**Question?** answer" paragraphs into them.
func importFAQ(s Section) Section {
	if len(s.Subsections) > 0 {
		return s
	}
	var subs []Section
	var intro []string
	for _, para := range strings.Split(s.Text, "\n\n") {
		first, rest, _ := strings.Cut(strings.TrimSpace(para), "\n")
		if m := boldQuestion().FindStringSubmatch(first); m != nil {
			subs = append(subs, Section{Title: m[1], Text: strings.TrimSpace(m[2] + "\n" + rest)})
			continue
		}
		if len(subs) > 0 {
			subs[len(subs)-1].Text += "\n\n" + para
			continue
		}
		intro = append(intro, para)
	}
	return Section{Title: s.Title, Text: strings.Join(intro, "\n\n"), Subsections: subs}
}

// resolveRelated maps each list item of a "Related errors" section to the
// entry that answers it best.
func resolveRelated(kb *KB, md string) []string {
	var ids []string
	for _, l := range strings.Split(md, "\n") {
		m := listItem().FindStringSubmatch(l)
		if m == nil || kb == nil {
			continue
		}
		item := strings.Trim(m[1], "\"'`*[] ")
		if top, ok := kb.Match(item, 1).Top(); ok && top.Score >= DefaultThresholds().Floor && !slices.Contains(ids, top.Entry.ID) {
			ids = append(ids, top.Entry.ID)
		}
	}
	return ids
}

func slugify(title string) string {
	s := strings.Trim(slugStrip().ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
		if i := strings.LastIndexByte(s, '-'); i > 30 {
			s = s[:i]
		}
	}
	if !strings.HasPrefix(s, "openrouter") {
		s = "openrouter-" + s
	}
	return s
}

// titleTail are words a title cut short should not end on.
var titleTail = map[string]bool{"and": true, "or": true, "in": true, "of": true, "the": true, "a": true, "with": true, "for": true, "to": true, "on": true}

// clipTitle cuts a page title to MaxTitleRunes at a word boundary, without
// a dangling "and", "in", ... at the end.
func clipTitle(title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if utf8.RuneCountInString(title) <= MaxTitleRunes {
		return title
	}
	words := strings.Fields(string([]rune(title)[:MaxTitleRunes+1]))
	words = words[:len(words)-1] // the last word may be cut
	for len(words) > 1 && titleTail[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	return strings.TrimRight(strings.Join(words, " "), ",;:-/")
}

// firstSentence returns the first sentence of md on one line, cut to
// MaxSummaryRunes at a word boundary, for an imported entry's summary.
func firstSentence(md string) string {
	s := strings.Join(strings.Fields(strings.ReplaceAll(md, "**", "")), " ")
	if loc := sentenceBreak().FindStringIndex(s); loc != nil {
		end := loc[0] + 1
		for end < len(s) && strings.ContainsRune(`"'”’)`, rune(s[end])) {
			end++
		}
		s = s[:end]
	}
	if utf8.RuneCountInString(s) > MaxSummaryRunes {
		r := []rune(s)[:MaxSummaryRunes-1]
		cut := string(r)
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
		s = strings.TrimRight(cut, ",;:") + "."
	}
	if bare := strings.TrimRight(s, `"'”’)`); bare != "" && !strings.ContainsAny(bare[len(bare)-1:], ".!?") {
		s += "."
	}
	return s
}
