package knowledge

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/orfix/orfix/internal/lazyre"
)

// The shape an answer needs: limits on the parts a chat reply quotes.
const (
	MaxTitleRunes   = 60
	MaxSummaryRunes = 200
	MinFixes        = 2
	MaxFixes        = 8
	MaxFixRunes     = 400
	// minPlainFixes is how many fixes must hold without a condition, so a
	// reply to a paste that states no facts still has something to say.
	minPlainFixes = 2
)

var (
	// sentenceBreak finds the end of one sentence followed by another.
	sentenceBreak = lazyre.New(`[.!?]["'”’)]?\s+["'“‘(]?\p{Lu}`)
	// reviewerNote finds notes written for maintainers, which belong in
	// the Sources section only.
	reviewerNote = lazyre.New(`(?i)\b(?:found only in|only in (?:third-party )?test|test (?:code|fixtures?)|our (?:reading|inference|guess)|unverified|unconfirmed|reviewers?|stored (?:reports?|copy|copies|sources?)|3rd party)\b|\b(?:TODO|FIXME|XXX)\b`)
)

// checkSummary checks that the summary is one sentence a reply can lead with.
func checkSummary(e *Entry, add func(int, string, ...any)) {
	line := e.fieldLines.at("summary")
	if !e.fieldLines.has("summary") {
		return // reported as a missing field
	}
	s := e.Summary
	switch n := utf8.RuneCountInString(s); {
	case s == "":
		add(line, "summary is empty: write the one sentence a chat reply leads with")
		return
	case n > MaxSummaryRunes:
		add(line, "summary is %d characters, over %d", n, MaxSummaryRunes)
	}
	if sentenceBreak().MatchString(s) {
		add(line, "summary has more than one sentence: keep the first, move the rest to %q", "## "+SecMeaning)
	}
	if bare := strings.TrimRight(s, `"'”’)`); bare == "" || !strings.ContainsAny(bare[len(bare)-1:], ".!?") {
		add(line, "summary must end a sentence with '.', '!' or '?'")
	}
}

// checkFixes checks the items of "Quick fixes": how many, how long, and
// that conditions and placeholders name facts a paste can state.
func checkFixes(e *Entry, s *Section, add func(int, string, ...any)) {
	if strings.TrimSpace(s.Markdown()) == "" {
		return // reported as an empty section
	}
	if n := len(e.Fixes()); n < MinFixes || n > MaxFixes {
		add(s.Line, "%q has %d fixes, want %d to %d numbered items", "## "+SecQuickFixes, n, MinFixes, MaxFixes)
	}
	plain := 0
	for i, x := range e.Fixes() {
		at := func(format string, args ...any) {
			add(s.Line, "quick fix %d: "+format, append([]any{i + 1}, args...)...)
		}
		if !x.Conditional() {
			plain++
		}
		if n := utf8.RuneCountInString(x.Text); n > MaxFixRunes {
			at("%d characters, over %d: keep the step short and move detail to %q", n, MaxFixRunes, "## "+SecSteps)
		}
		if strings.Contains(x.Text, "[if ") || strings.HasPrefix(x.Text, "[if") {
			at("a condition must open the item and close with ']': %q", clip(x.Text, 40))
		}
		for _, c := range x.When {
			if !slices.Contains(FactNames, c.Fact) {
				at("condition names %q, which is not a fact (known: %s)", c.Fact, strings.Join(FactNames, ", "))
			}
		}
		checkPlaceholders(x.Text, at)
	}
	if len(e.Fixes()) >= MinFixes && plain < minPlainFixes {
		add(s.Line, "%q has %d fixes without a condition, want at least %d", "## "+SecQuickFixes, plain, minPlainFixes)
	}
}

// checkPlaceholders reports "{{name}}" placeholders that name no fact and
// "{{" left open.
func checkPlaceholders(text string, at func(string, ...any)) {
	for rest := text; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			return
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			at("placeholder %q is not closed with '}}'", clip(rest[i:], 30))
			return
		}
		name, _, _ := strings.Cut(rest[i+2:i+j], "|")
		if name = strings.TrimSpace(name); !slices.Contains(FactNames, name) {
			at("placeholder {{%s}} names no fact (known: %s)", name, strings.Join(FactNames, ", "))
		}
		rest = rest[i+j+2:]
	}
}

// eachBodyLine calls fn for every body line with its file line and the
// "##" section it is in ("" before the first).
func eachBodyLine(e *Entry, fn func(line int, text, section string)) {
	section := ""
	var fences fenceTracker
	t := e.text()
	for i, l := range strings.Split(t.body, "\n") {
		inFence := fences.inside(l)
		if h, ok := strings.CutPrefix(l, "## "); ok && !inFence {
			section = strings.TrimSpace(h)
		}
		fn(t.line+i, l, section)
	}
}

// noteLiterals are lower-case pieces of which every match of reviewerNote
// holds at least one.
var noteLiterals = [...]string{"only in", "test", "our ", "unverified", "unconfirmed", "reviewer", "stored ", "3rd party", "todo", "fixme", "xxx"}

// mayHoldNote reports whether a lower-cased line may hold a reviewer note.
func mayHoldNote(low string) bool {
	for _, l := range noteLiterals {
		if strings.Contains(low, l) {
			return true
		}
	}
	return false
}

// checkBodyText reports notes for maintainers outside "## Sources" and
// kb: links whose target is not an entry id.
func checkBodyText(e *Entry, add func(int, string, ...any)) {
	// The regexp is slow next to the rest of a load, so it runs only on
	// lines that hold one of the literals every reviewer note contains.
	lower := asciiLower(e.Body())
	off := 0
	eachBodyLine(e, func(line int, text, section string) {
		low := lower[off : off+len(text)]
		off += len(text) + 1
		if !strings.EqualFold(section, SecSources) && mayHoldNote(low) {
			if m := reviewerNote().FindString(text); m != "" {
				add(line, "%q is a note for maintainers: move it to %q", m, "## "+SecSources)
			}
		}
		for _, id := range kbLinkTargets(text) {
			if !idPattern().MatchString(id) {
				add(line, "link target %q is not an entry id: write [text](kb:entry-id)", kbScheme+id)
			}
		}
	})
}

// checkLinks reports, across entries, kb: links to entries that do not
// exist and entry ids written bare instead of as links.
func checkLinks(e *Entry, exists func(string) bool) Problems {
	var ps Problems
	eachBodyLine(e, func(line int, text, section string) {
		for _, id := range kbLinkTargets(text) {
			if idPattern().MatchString(id) && !exists(id) {
				ps = append(ps, Problem{File: e.File, Line: line, Msg: "link to " + kbScheme + id + ": no such entry"})
			}
		}
		if strings.EqualFold(section, SecSources) {
			return
		}
		for _, id := range bareEntryIDs(text) {
			if exists(id) {
				ps = append(ps, Problem{File: e.File, Line: line, Msg: "bare entry id " + id + ": link it as [text](" + kbScheme + id + ")"})
			}
		}
	})
	return ps
}
