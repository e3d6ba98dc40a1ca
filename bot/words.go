package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orfix/orfix/knowledge"
)

// Words: the sentences a reply leads with, built from the paste's facts and
// the confidence, never from raw scores.

// MaxFixes is how many quick fixes a first reply carries.
const MaxFixes = 3

// maxReadMessage is the longest error message quoted in the Read sentence.
const maxReadMessage = 60

// readSentence says what orfix read in the paste: who answered what to
// which tool for which model. It is "" when the paste states none of it.
func readSentence(f knowledge.Facts, toolName string) string {
	var b strings.Builder
	what := readWhat(f)
	switch {
	case f.Status > 0:
		b.WriteString(answerer(f) + " answered " + fmt.Sprint(f.Status))
		if what != "" {
			b.WriteString(" " + what)
		}
	case what != "":
		b.WriteString(answerer(f) + " answered " + what)
	case f.Exception != "":
		b.WriteString("The paste shows " + code(f.Exception))
	case toolName == "" && f.Model == "":
		return ""
	default:
		b.WriteString("An error")
	}
	if toolName != "" {
		b.WriteString(" to " + toolName)
	}
	if f.Model != "" {
		b.WriteString(" for " + code(f.Model))
	}
	return b.String()
}

// answerer names who sent the error.
func answerer(f knowledge.Facts) string {
	switch f.Origin {
	case "other-vendor":
		return "Another vendor's API"
	case "client":
		return "Your tool"
	}
	if f.Provider != "" {
		return "OpenRouter (from " + f.Provider + ")"
	}
	return "OpenRouter"
}

// readWhat is the most telling detail of the error: the limit hit, a short
// message, or a named error code.
func readWhat(f knowledge.Facts) string {
	switch {
	case f.Limit != "":
		return code(f.Limit)
	case f.Message != "" && utf8.RuneCountInString(f.Message) <= maxReadMessage:
		return code(f.Message)
	case f.Code != "" && !isDigits(f.Code):
		return code(f.Code)
	}
	return ""
}

// code quotes s as inline code, without backticks inside.
func code(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// leadSentence joins what orfix read and the entry's summary into the one
// sentence a first reply leads with.
func leadSentence(read, summary string) string {
	summary = strings.TrimSpace(summary)
	switch {
	case read == "":
		return summary
	case summary == "":
		return read + "."
	}
	return read + ": " + lowerFirst(summary)
}

// lowerFirst lowers the first letter of s unless its first word is a name
// ("OpenRouter", "API", "Cline's").
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	r, n := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(r) || strings.IndexFunc(word[n:], unicode.IsUpper) >= 0 || strings.ContainsRune(word, '\'') {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// firstSentence is the first sentence of a paragraph, for an entry that
// has no summary yet.
func firstSentence(p string) string {
	p = strings.Join(strings.Fields(p), " ")
	for i := 0; i+1 < len(p); i++ {
		if (p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i+1] == ' ' {
			return p[:i+1]
		}
	}
	return p
}

// Sureness says how sure the bot is, in words: "" when sure.
func (r Reply) Sureness() string {
	switch {
	case r.Ambiguous:
		return "These errors look alike; which one matches?"
	case r.Level == Middling:
		return "Probably this one, though I am not certain."
	case r.Level == Low:
		return "I'm not sure which error this is."
	}
	return ""
}

// Lead is the one sentence a first reply leads with: what orfix read and
// the entry's summary, after IncidentLine during an incident.
func (r Reply) Lead() string { return incidentLead(r) + leadSentence(r.Read, r.Summary) }

// Plural returns "1 secret" or "2 secrets".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// FirstReplyText is the most characters of lead and fixes a first reply
// shows in chat; past it, fixes are left out from the end (the first one
// always stays) and wait behind "All steps".
const FirstReplyText = 520

// FixesWithin returns the leading fixes that fit, with the lead sentence,
// within budget characters; the first fix is always kept.
func (r Reply) FixesWithin(budget int) []string {
	n := utf8.RuneCountInString(r.Lead())
	for i, f := range r.Fixes {
		n += utf8.RuneCountInString(f)
		if i > 0 && n > budget {
			return r.Fixes[:i]
		}
	}
	return r.Fixes
}

// maxShortTitle is the longest title on a button that picks an entry.
const maxShortTitle = 45

// ShortTitle is an entry title short enough for a button: the part before
// the first colon when that reads as a title, else the title cut at a word.
func ShortTitle(title string) string {
	if i := strings.IndexByte(title, ':'); i >= 15 && utf8.RuneCountInString(title[:i]) <= maxShortTitle {
		return title[:i]
	}
	if utf8.RuneCountInString(title) <= maxShortTitle {
		return title
	}
	cut := string([]rune(title)[:maxShortTitle-1])
	if i := strings.LastIndexByte(cut, ' '); i > maxShortTitle/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;/-") + "…"
}
