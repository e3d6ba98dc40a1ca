package knowledge

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/internal/lazyre"
)

// MaxEntryBytes bounds one entry file; larger files are rejected.
const MaxEntryBytes = 256 << 10

var (
	idPattern   = lazyre.New(`^[a-z0-9][a-z0-9-]{1,80}$`)
	datePattern = lazyre.New(`^\d{4}-\d{2}-\d{2}$`)
)

// frontMatter mirrors the allowed front-matter keys.
type frontMatter struct {
	ID         string   `yaml:"id"`
	Title      string   `yaml:"title"`
	Summary    string   `yaml:"summary"`
	Aliases    []string `yaml:"aliases,omitempty"`
	Paraphrase []string `yaml:"paraphrases,omitempty"`
	Facts      []string `yaml:"facts,omitempty"`
	Category   string   `yaml:"category"`
	Status     []int    `yaml:"status"`
	Signatures []string `yaml:"signatures"`
	Tools      []string `yaml:"tools"`
	Related    []string `yaml:"related"`
	Examples   []string `yaml:"examples"`
	Updated    string   `yaml:"updated"`
	Sources    []string `yaml:"sources"`
}

var requiredFields = []string{"id", "title", "summary", "category", "status", "signatures", "tools", "related", "examples", "updated", "sources"}

// optionalFields may be left out.
var optionalFields = []string{"aliases", "paraphrases", "facts"}

// Parse reads one entry file. file names it in problems. It checks
// everything that can be checked on the file alone: YAML, unknown and missing
// fields, field values, and the body's required sections. The error, if any,
// is a Problems list.
func Parse(file string, data []byte) (*Entry, error) {
	return parseEntry(file, data, checkAll)
}

// parseEntry reads one entry file. With checkAll it checks everything Parse
// documents; with trustBytes it reports only what stops the file from being
// read (size, encoding, front matter, YAML that does not decode) and skips
// the checks of field values and body: for bytes a test has already put
// through every check. Both give the same entry.
func parseEntry(file string, data []byte, mode checkMode) (*Entry, error) {
	var ps Problems
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	if len(data) > MaxEntryBytes {
		add(0, "file is %d bytes, over the %d-byte limit", len(data), MaxEntryBytes)
		return nil, ps
	}
	if !utf8.Valid(data) {
		add(0, "file is not valid UTF-8")
		return nil, ps
	}
	if bytes.IndexByte(data, 0) >= 0 {
		add(0, "file holds a NUL byte: not a text file")
		return nil, ps
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	fm, body, bodyLine, ok := splitFrontMatter(text)
	if !ok {
		add(1, "missing front matter: the file must start with a line '---' and the YAML must end with another '---'")
		return nil, ps
	}
	e := &Entry{File: file}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &root); err != nil {
		line, msg := yamlErr(err)
		add(line, "front matter: %s", msg)
		return nil, ps
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		add(2, "front matter must be a YAML mapping of fields")
		return nil, ps
	}
	m := root.Content[0]
	allowed := map[string]bool{}
	allFields := append(slices.Clone(requiredFields), optionalFields...)
	for _, f := range allFields {
		allowed[f] = true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		line := k.Line + 1 // the front matter starts on file line 2
		if !allowed[k.Value] {
			add(line, "unknown field %q (allowed: %s)", k.Value, strings.Join(allFields, ", "))
			continue
		}
		if e.fieldLines.has(k.Value) {
			add(line, "field %q given twice", k.Value)
		}
		e.fieldLines.set(k.Value, line)
	}
	var f frontMatter
	if err := m.Decode(&f); err != nil {
		line, msg := yamlErr(err)
		add(line, "front matter: %s", msg)
		return nil, ps
	}
	for _, req := range requiredFields {
		if !e.fieldLines.has(req) {
			add(1, "missing required field %q", req)
		}
	}
	e.ID, e.Title, e.Category, e.Status = f.ID, strings.TrimSpace(f.Title), strings.TrimSpace(f.Category), f.Status
	e.Signatures, e.Tools, e.Related = f.Signatures, f.Tools, f.Related
	e.Updated, e.Sources = f.Updated, f.Sources
	e.Summary, e.Aliases, e.Paraphrases = strings.TrimSpace(f.Summary), f.Aliases, f.Paraphrase
	e.Facts = f.Facts
	for _, c := range f.Facts {
		cond, _ := splitCondition("[if " + c + "]")
		e.factConds = append(e.factConds, cond)
	}
	e.plain = parseBody(body, bodyLine)
	e.plain.examples = f.Examples
	if mode == checkAll {
		checkFields(e, add)
		checkSections(e, add)
	}
	if len(ps) > 0 {
		return e, ps
	}
	return e, nil
}

func checkFields(e *Entry, add func(int, string, ...any)) {
	line := e.fieldLines.at
	checkFileID(e.ID, e.File, line("id"), add)
	if e.fieldLines.has("title") && e.Title == "" {
		add(line("title"), "title is empty")
	}
	if n := utf8.RuneCountInString(e.Title); n > MaxTitleRunes {
		add(line("title"), "title is %d characters, over %d: say it the way a person would and move search words to aliases", n, MaxTitleRunes)
	}
	checkSummary(e, add)
	if e.fieldLines.has("category") && e.Category == "" {
		add(line("category"), "category is empty")
	}
	for _, s := range e.Status {
		if s < 100 || s > 599 {
			add(line("status"), "status %d is not an HTTP status code", s)
		}
	}
	if e.fieldLines.has("signatures") && len(e.Signatures) == 0 {
		add(line("signatures"), "signatures is empty: give at least one identifying phrase")
	}
	for _, s := range e.Signatures {
		spec, err := parseSigSpec(s)
		switch {
		case err != nil:
			add(line("signatures"), "%v", err)
		case len(tokenizeSignature(spec.phrase)) == 0:
			add(line("signatures"), "signature %q has no words", s)
		}
	}
	for i, cond := range e.factConds {
		if strings.TrimSpace(e.Facts[i]) == "" || strings.ContainsAny(e.Facts[i], "[]") {
			add(line("facts"), "facts item %d: write a condition such as %q, without brackets", i+1, "endpoint=embeddings")
			continue
		}
		for _, c := range cond {
			if !slices.Contains(FactNames, c.Fact) {
				add(line("facts"), "facts item %d names %q, which is not a fact (known: %s)", i+1, c.Fact, strings.Join(FactNames, ", "))
			}
		}
	}
	for _, t := range e.Tools {
		if _, ok := toolByID(t); !ok {
			add(line("tools"), "unknown tool id %q", t)
		}
	}
	if e.fieldLines.has("examples") && len(e.Examples()) == 0 {
		add(line("examples"), "examples is empty: give at least one paste this entry must win")
	}
	if e.Updated != "" && !datePattern().MatchString(e.Updated) {
		add(line("updated"), "updated %q is not a YYYY-MM-DD date", e.Updated)
	}
	if e.fieldLines.has("sources") && len(e.Sources) == 0 {
		add(line("sources"), "sources is empty")
	}
}

func checkSections(e *Entry, add func(int, string, ...any)) {
	checkRequiredSections(RequiredSections, e.Section, add)
	if s := e.Section(SecToolChecks); s != nil {
		listed := map[string]bool{}
		for _, t := range e.Tools {
			listed[t] = true
		}
		seen := map[string]bool{}
		for _, sub := range s.Subsections {
			id, ok := toolIDForHeading(sub.Title)
			switch {
			case !ok:
				add(sub.Line, "tool heading %q is not a known tool (see docs/knowledge-base.md)", "### "+sub.Title)
			case !listed[id]:
				add(sub.Line, "tool heading %q: add %q to tools", "### "+sub.Title, id)
			}
			seen[id] = true
		}
		for _, t := range e.Tools {
			if !seen[t] {
				add(e.fieldLines.at("tools"), "tool %q is listed but has no %q block under %q", t, "### "+ToolName(t), "## "+SecToolChecks)
			}
		}
	}
	if s := e.Section(SecFAQ); s != nil && len(s.Subsections) < minFAQQuestions {
		add(s.Line, "FAQ has %d questions, want at least %d as '### Question?' headings", len(s.Subsections), minFAQQuestions)
	}
	if s := e.Section(SecQuickFixes); s != nil {
		checkFixes(e, s, add)
	}
	checkBodyText(e, add)
}

func toolIDForHeading(h string) (string, bool) {
	h = strings.TrimSpace(h)
	for _, t := range Tools() {
		if strings.EqualFold(t.Heading, h) {
			return t.ID, true
		}
	}
	return "", false
}

// splitFrontMatter returns the YAML between the leading "---" lines, the body
// after them and the file line the body starts on.
func splitFrontMatter(text string) (fm, body string, bodyLine int, ok bool) {
	if !strings.HasPrefix(text, "---\n") {
		return "", "", 0, false
	}
	rest := text[4:]
	line := 2
	for off := 0; off <= len(rest); {
		end := strings.IndexByte(rest[off:], '\n')
		var l string
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if strings.TrimRight(l, " \t") == "---" {
			after := ""
			if end >= 0 {
				after = rest[off+end+1:]
			}
			return rest[:off], after, line + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return "", "", 0, false
}

func baseName(file string) string {
	i := strings.LastIndexAny(file, `/\`)
	name := file[i+1:]
	return strings.TrimSuffix(name, ".md")
}

var yamlLine = lazyre.New(`line (\d+)`)

// yamlErr turns a YAML error into a file line (the front matter starts on
// line 2) and a message without the library's prefixes.
func yamlErr(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "\n", "; ")
	line := 2
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			line = n + 1
		}
	}
	return line, msg
}
