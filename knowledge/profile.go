package knowledge

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ToolProfile is what orfix knows about one program people use OpenRouter
// through: where it keeps the key, the base URL and the model id, how to
// see its raw error, the checks to show when an entry has none for it, and
// the OpenRouter problems reported with it. One Markdown file per tool in
// knowledge/tools/ holds it.
type ToolProfile struct {
	ID string
	// Name is the display name and the "### <Name>" heading entries use.
	Name string
	// Group is one of the ToolGroups ids.
	Group    string
	Homepage string
	Repo     string
	// SameAs names tools that share this tool's configuration (true forks
	// that read the same settings), in order of preference: their checks
	// stand in when an entry has none for this tool.
	SameAs []string
	// Markers are word phrases (matched on a paste's normalised words)
	// that show the tool printed a paste or the user names it. They are
	// split into words like a paste, camelCase included: "LiteLLM" is
	// "lite llm" and "litellm" one word, so list both spellings.
	Markers []string
	// RawMarkers are lower-case substrings with punctuation the words
	// cannot see ("⎿", "**error details**").
	RawMarkers []string

	// The body sections, as Markdown.
	KeyWhere      string
	BaseURL       string
	ModelID       string
	RawError      string
	GeneralChecks string
	KnownProblems string
	Sources       string

	// Sections are the body's "##" sections in file order.
	Sections []Section
	// File names where the profile came from, for messages.
	File string

	fieldLines map[string]int
}

// The required "##" sections of every tool profile, in order.
const (
	ProfKeyWhere      = "Where the key goes"
	ProfBaseURL       = "Base URL"
	ProfModelID       = "Model id"
	ProfRawError      = "Seeing the raw error"
	ProfGeneralChecks = "General checks"
	ProfKnownProblems = "Known OpenRouter problems"
	ProfSources       = "Sources"
)

// ProfileSections lists the body sections every tool profile must have.
var ProfileSections = []string{ProfKeyWhere, ProfBaseURL, ProfModelID, ProfRawError, ProfGeneralChecks, ProfKnownProblems, ProfSources}

// ToolGroup is a kind of tool, for listings.
type ToolGroup struct{ ID, Title string }

// ToolGroups lists the groups a profile may name, in display order.
var ToolGroups = []ToolGroup{
	{"agent", "Coding agents and editors"},
	{"sdk", "SDKs, frameworks and HTTP clients"},
	{"chat", "Chat apps"},
	{"automation", "Automation and home"},
}

// profileFront mirrors the allowed front-matter keys of a tool profile.
type profileFront struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Group      string   `yaml:"group"`
	Homepage   string   `yaml:"homepage"`
	Repo       string   `yaml:"repo"`
	SameAs     []string `yaml:"same_as"`
	Markers    []string `yaml:"markers"`
	RawMarkers []string `yaml:"raw_markers"`
}

var (
	profileFields   = []string{"id", "name", "group", "homepage", "repo", "same_as", "markers", "raw_markers"}
	profileRequired = []string{"id", "name", "group", "homepage", "markers"}
)

// ParseProfile reads one tool-profile file. file names it in problems. It
// checks what can be checked on the file alone: YAML, unknown and missing
// fields, field values and the required sections. The error, if any, is a
// Problems list.
func ParseProfile(file string, data []byte) (*ToolProfile, error) {
	var ps Problems
	add := func(line int, format string, args ...any) {
		ps = append(ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	switch {
	case len(data) > MaxEntryBytes:
		add(0, "file is %d bytes, over the %d-byte limit", len(data), MaxEntryBytes)
	case !utf8.Valid(data):
		add(0, "file is not valid UTF-8")
	case bytes.IndexByte(data, 0) >= 0:
		add(0, "file holds a NUL byte: not a text file")
	}
	if len(ps) > 0 {
		return nil, ps
	}
	fm, body, bodyLine, ok := splitFrontMatter(strings.ReplaceAll(string(data), "\r\n", "\n"))
	if !ok {
		add(1, "missing front matter: the file must start with a line '---' and the YAML must end with another '---'")
		return nil, ps
	}
	p := &ToolProfile{File: file, fieldLines: map[string]int{}}
	var f profileFront
	if !decodeFront(fm, profileFields, p.fieldLines, &f, add) {
		return nil, ps
	}
	for _, req := range profileRequired {
		if _, ok := p.fieldLines[req]; !ok {
			add(1, "missing required field %q", req)
		}
	}
	p.ID, p.Name, p.Group = f.ID, strings.TrimSpace(f.Name), f.Group
	p.Homepage, p.Repo, p.SameAs = strings.TrimSpace(f.Homepage), strings.TrimSpace(f.Repo), f.SameAs
	p.Markers = f.Markers
	for _, r := range f.RawMarkers {
		p.RawMarkers = append(p.RawMarkers, strings.ToLower(r))
	}
	checkProfileFields(p, add)
	p.Sections = parseSections(body, bodyLine)
	checkProfileSections(p, add)
	if len(ps) > 0 {
		return p, ps
	}
	return p, nil
}

// decodeFront decodes front-matter YAML into out, recording each allowed
// key's file line in lines; unknown and repeated keys are problems. It
// returns false when the YAML cannot be read at all.
func decodeFront(fm string, allowed []string, lines map[string]int, out any, add func(int, string, ...any)) bool {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &root); err != nil {
		line, msg := yamlErr(err)
		add(line, "front matter: %s", msg)
		return false
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		add(2, "front matter must be a YAML mapping of fields")
		return false
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		line := k.Line + 1 // the front matter starts on file line 2
		if !slices.Contains(allowed, k.Value) {
			add(line, "unknown field %q (allowed: %s)", k.Value, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := lines[k.Value]; dup {
			add(line, "field %q given twice", k.Value)
		}
		lines[k.Value] = line
	}
	if err := m.Decode(out); err != nil {
		line, msg := yamlErr(err)
		add(line, "front matter: %s", msg)
		return false
	}
	return true
}

// checkFileID reports an id that is not lower-case letters, digits and
// '-', or that differs from its file's name.
func checkFileID(id, file string, line int, add func(int, string, ...any)) {
	if id != "" && !idPattern().MatchString(id) {
		add(line, "id %q must be lower-case letters, digits and '-'", id)
	}
	if base := baseName(file); id != "" && base != "" && base != id {
		add(line, "id %q does not match the file name %q", id, base+".md")
	}
}

func checkProfileFields(p *ToolProfile, add func(int, string, ...any)) {
	line := func(k string) int { return p.fieldLines[k] }
	checkFileID(p.ID, p.File, line("id"), add)
	if _, ok := p.fieldLines["name"]; ok && p.Name == "" {
		add(line("name"), "name is empty")
	}
	if _, ok := p.fieldLines["group"]; ok && !slices.ContainsFunc(ToolGroups, func(g ToolGroup) bool { return g.ID == p.Group }) {
		ids := make([]string, len(ToolGroups))
		for i, g := range ToolGroups {
			ids[i] = g.ID
		}
		add(line("group"), "group %q is not one of %s", p.Group, strings.Join(ids, ", "))
	}
	for _, k := range []string{"homepage", "repo"} {
		v := p.Homepage
		if k == "repo" {
			v = p.Repo
		}
		if _, ok := p.fieldLines[k]; ok && (!strings.HasPrefix(v, "https://") || strings.ContainsAny(v, " \t\"'<>")) {
			add(line(k), "%s %q must be an https URL", k, v)
		}
	}
	if len(p.Markers) == 0 && len(p.RawMarkers) == 0 {
		add(line("markers"), "markers is empty: give at least one phrase that shows the tool printed a paste")
	}
	for _, m := range p.Markers {
		if len(tokenize(m, nil)) == 0 {
			add(line("markers"), "marker %q has no words", m)
		}
	}
	for _, r := range p.RawMarkers {
		if strings.TrimSpace(r) == "" {
			add(line("raw_markers"), "raw marker %q is blank", r)
		}
	}
	for _, s := range p.SameAs {
		if s == p.ID {
			add(line("same_as"), "a tool cannot be the same as itself")
		}
	}
}

// checkRequiredSections reports each of the required "##" sections that
// find does not find (at the line of the last one found) or finds empty.
func checkRequiredSections(required []string, find func(string) *Section, add func(int, string, ...any)) {
	last := 0
	for _, want := range required {
		s := find(want)
		if s == nil {
			add(last, "missing required section %q", "## "+want)
			continue
		}
		last = s.Line
		if strings.TrimSpace(s.Markdown()) == "" {
			add(s.Line, "section %q is empty", "## "+want)
		}
	}
}

func checkProfileSections(p *ToolProfile, add func(int, string, ...any)) {
	checkRequiredSections(ProfileSections, p.section, add)
	for _, s := range p.Sections {
		if !slices.Contains(ProfileSections, s.Title) {
			add(s.Line, "unknown section %q (allowed: %s)", "## "+s.Title, strings.Join(ProfileSections, ", "))
		}
	}
	text := func(title string) string {
		if s := p.section(title); s != nil {
			return s.Markdown()
		}
		return ""
	}
	p.KeyWhere, p.BaseURL, p.ModelID = text(ProfKeyWhere), text(ProfBaseURL), text(ProfModelID)
	p.RawError, p.GeneralChecks = text(ProfRawError), text(ProfGeneralChecks)
	p.KnownProblems, p.Sources = text(ProfKnownProblems), text(ProfSources)
}

func (p *ToolProfile) section(title string) *Section {
	for i := range p.Sections {
		if p.Sections[i].Title == title {
			return &p.Sections[i]
		}
	}
	return nil
}

// LoadProfiles reads every "*.md" file of fsys's root as a tool profile
// and checks the rules that span files: unique ids and names, same_as
// naming a known tool, and no marker claimed by two tools. The profiles
// come back sorted by group (ToolGroups order) and name. The error, if
// any, is a Problems list (an I/O failure is wrapped instead).
func LoadProfiles(fsys fs.FS) ([]*ToolProfile, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list tool profiles: %w", err)
	}
	var ps Problems
	var out []*ToolProfile
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("read tool profile %s: %w", n, err)
		}
		p, err := ParseProfile(path.Join("tools", n), data)
		if probs, ok := err.(Problems); ok {
			ps = append(ps, probs...)
		} else if err != nil {
			return nil, err
		}
		if p != nil {
			out = append(out, p)
		}
	}
	ps = append(ps, checkProfileSet(out)...)
	if len(ps) > 0 {
		return nil, ps
	}
	slices.SortStableFunc(out, func(a, b *ToolProfile) int {
		if d := groupRank(a.Group) - groupRank(b.Group); d != 0 {
			return d
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out, nil
}

func groupRank(g string) int {
	return slices.IndexFunc(ToolGroups, func(t ToolGroup) bool { return t.ID == g })
}

// checkProfileSet checks the rules that span profiles.
func checkProfileSet(ps []*ToolProfile) Problems {
	var out Problems
	add := func(p *ToolProfile, field, format string, args ...any) {
		out = append(out, Problem{File: p.File, Line: p.fieldLines[field], Msg: fmt.Sprintf(format, args...)})
	}
	byID := map[string]*ToolProfile{}
	byName := map[string]*ToolProfile{}
	marker := map[string]*ToolProfile{}
	for _, p := range ps {
		if prev, dup := byID[p.ID]; dup {
			add(p, "id", "duplicate id %q (also in %s)", p.ID, prev.File)
		} else {
			byID[p.ID] = p
		}
		if prev, dup := byName[strings.ToLower(p.Name)]; dup {
			add(p, "name", "duplicate name %q (also in %s)", p.Name, prev.File)
		} else {
			byName[strings.ToLower(p.Name)] = p
		}
		claim := func(field, key, shown string) {
			if prev, dup := marker[key]; dup && prev != p {
				add(p, field, "marker %q is also a marker of %s (%s)", shown, prev.ID, prev.File)
				return
			}
			marker[key] = p
		}
		for _, m := range p.Markers {
			claim("markers", "w:"+strings.Join(tokenize(m, nil), " "), m)
		}
		for _, r := range p.RawMarkers {
			claim("raw_markers", "r:"+r, r)
		}
	}
	for _, p := range ps {
		for _, s := range p.SameAs {
			if _, ok := byID[s]; !ok {
				add(p, "same_as", "same_as names unknown tool %q", s)
			}
		}
	}
	return out
}
