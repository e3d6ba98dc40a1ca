package slack

import (
	"fmt"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
	"github.com/yuin/goldmark/parser"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/jsonw"
	"github.com/orfix/orfix/internal/memo"
)

// Slack's Block Kit limits, and a budget under the total size at which
// Slack answers msg_blocks_too_long (about 13,000 characters in practice).
const (
	maxBlocks      = 50
	maxSectionText = 3000
	maxHeaderText  = 150
	maxTotalText   = 12000
	maxContextElem = 10
)

// Action ids of the buttons orfix puts under an answer.
const (
	actionFixed  = "orfix_fixed"
	actionNotYet = "orfix_not_yet"
	actionShare  = "orfix_share"
	actionSteps  = "orfix_steps"
	actionPick   = "orfix_pick" // a candidate of the "which of these" question: replaces it
	actionNext   = "orfix_next" // a candidate offered after "not yet": a new message
	actionLink   = "orfix_link" // the link button (Slack still sends a click)
)

// renderer turns bot replies into Block Kit. Its methods are pure.
type renderer struct {
	md        parser.Parser
	entryURL  func(id string) string
	publicURL string

	// converted holds converted Markdown: entries are immutable and most
	// fixes repeat, so each piece is parsed once, not on every reply.
	converted *memo.Strings
	// titles holds each entry title's header block, made once: blocks are
	// never changed after they are made, so replies share them.
	titles *memo.Of[blk]
	// reminder is the redact reminder's context block, made once.
	reminder blk
}

// maxMrkdwnCache bounds the conversion cache; past it the cache starts over.
const maxMrkdwnCache = 4096

func newRenderer(entryURL func(string) string, publicURL string) *renderer {
	r := &renderer{md: newMarkdownParser(), entryURL: entryURL, publicURL: strings.TrimRight(publicURL, "/")}
	r.converted = memo.New(func(md string) string { return mrkdwn(r.md, md) }, maxMrkdwnCache)
	r.titles = memo.New(header, maxMrkdwnCache)
	r.reminder = contextBlock(escape(bot.RedactReminder))
	return r
}

// look says how an answer is presented.
type look struct {
	// share offers "Share in channel" (a private answer without secrets).
	share bool
	// feedback offers "Fixed it" / "Not yet".
	feedback bool
	// action is what the bot did about a leaked secret, for the warning.
	action string
	// sharedBy is the user who shared the answer in the channel.
	sharedBy string
	// asker is who asked: the only one who may vote or choose.
	asker string
}

// actionValue is the value of every orfix button: the entry answered, the
// tool detected, who asked (only they vote) and the entries already shown
// (so "Not yet" offers others).
type actionValue struct {
	ID    string   `json:"id"`
	Tool  string   `json:"tool,omitempty"`
	Asker string   `json:"asker,omitempty"`
	Shown []string `json:"shown,omitempty"`
}

// blk is a block with the number of characters of text it holds.
type blk struct {
	b slackapi.Block
	n int
}

// answer renders a first reply, short: the secret warning, the title,
// one sentence of what orfix read with the entry's summary, the fixes that
// fit the paste, one row of buttons and the redact reminder. A torn match
// asks which of the candidates matches; an unknown error gets the triage.
// A feedback acknowledgement is a line without the reminder.
func (r *renderer) answer(rep bot.Reply, lk look) []slackapi.Block {
	var head, tail []blk
	var body [][]blk
	if rep.HasSecrets() {
		head = append(head, r.sections(r.warning(rep.Secrets, lk.action), "")...)
	}
	if lk.sharedBy != "" {
		head = append(head, contextBlock(fmt.Sprintf("Shared by <@%s>", lk.sharedBy)))
	}
	reminder := true
	switch {
	case rep.Acknowledged != "":
		reminder = false
		body = append(body, r.sections(r.mrkdwn(rep.Acknowledged), ""))
	case rep.Entry == nil:
		head = append(head, header("I'm not sure which error this is"))
		var steps []string
		for i, s := range bot.TriageStepsFor(bot.Slack) {
			steps = append(steps, fmt.Sprintf("%d. %s", i+1, r.mrkdwn(s)))
		}
		body = append(body, r.sections(joinNonEmpty(r.readLine(rep), "*General triage*\n"+strings.Join(steps, "\n")), ""))
		tail = append(tail, r.pickButtons(rep.Alternatives, actionPick, lk.asker, rep.Tool, bot.Link{Title: "All known errors", URL: r.publicURL + "/kb/"}))
	case rep.Ambiguous:
		head = append(head, header("Which of these matches?"))
		body = append(body, r.sections(r.readLine(rep), ""))
		tail = append(tail, r.pickButtons(rep.Candidates, actionPick, lk.asker, rep.Tool, bot.Link{}))
	default:
		head = append(head, r.titles.Get(rep.Entry.Title))
		lead := r.mrkdwn(rep.Lead())
		if s := rep.Sureness(); s != "" {
			lead = "_" + escape(s) + "_\n" + lead
		}
		body = append(body, r.sections(lead, ""))
		body = append(body, r.sections(r.fixes(rep.FixesWithin(bot.FirstReplyText)), ""))
		if b, ok := r.buttons(rep, lk); ok {
			tail = append(tail, b)
		}
	}
	var small []string
	if len(rep.Notes) > 0 {
		var notes []string
		for _, n := range rep.Notes {
			notes = append(notes, escape(n))
		}
		small = append(small, strings.Join(notes, "\n"))
	}
	switch {
	case reminder && len(small) == 0:
		tail = append(tail, r.reminder)
	case reminder:
		tail = append(tail, contextBlock(append(small, escape(bot.RedactReminder))...))
	case len(small) > 0:
		tail = append(tail, contextBlock(small...))
	}
	return compose(head, body, tail)
}

// readLine is what orfix read in the paste, as a sentence, or "".
func (r *renderer) readLine(rep bot.Reply) string {
	if rep.Read == "" {
		return ""
	}
	return r.mrkdwn(rep.Read + ".")
}

// fixes renders the fitted fixes as a numbered list, in one section,
// without the blank lines mrkdwn puts around a code block (they would
// double the list's height).
func (r *renderer) fixes(fs []string) string {
	var lines []string
	for i, f := range fs {
		item := strings.TrimSpace(r.mrkdwn(f))
		for strings.Contains(item, "\n\n") {
			item = strings.ReplaceAll(item, "\n\n", "\n")
		}
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, item))
	}
	return strings.Join(lines, "\n")
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// compose keeps head and tail whole and fits in as much of the body as
// Block Kit allows, part by part: a part that does not fit is cut at a
// section boundary, and smaller parts after it may still fit.
func compose(head []blk, body [][]blk, tail []blk) []slackapi.Block {
	blocks, text := len(head)+len(tail), 0
	for _, b := range append(head[:len(head):len(head)], tail...) {
		text += b.n
	}
	out := make([]slackapi.Block, 0, maxBlocks)
	for _, b := range head {
		out = append(out, b.b)
	}
	for _, part := range body {
		for _, b := range part {
			if blocks+1 > maxBlocks || text+b.n > maxTotalText {
				break
			}
			out = append(out, b.b)
			blocks, text = blocks+1, text+b.n
		}
	}
	for _, b := range tail {
		if b.b != nil {
			out = append(out, b.b)
		}
	}
	return out
}

// warning renders bot.SecretWarning: the kinds and masked forms, never a key.
func (r *renderer) warning(fs []bot.Finding, action string) string {
	s := r.mrkdwn(bot.SecretWarning(fs, ""))
	if action != "" {
		s += "\n" + escape(action)
	}
	return s
}

// buttons are "Fixed it", "Not yet", "All steps", the link to the full
// answer and, on a private answer without secrets, "Share in channel": one
// actions block.
func (r *renderer) buttons(rep bot.Reply, lk look) (blk, bool) {
	share := lk.share && !rep.HasSecrets()
	if rep.Entry == nil {
		return blk{}, false
	}
	v := actionValue{ID: rep.Entry.ID, Tool: rep.Tool, Asker: lk.asker}
	for _, l := range rep.Alternatives {
		v.Shown = append(v.Shown, l.ID)
	}
	value := encodeValue(v)
	var els []slackapi.BlockElement
	if lk.feedback {
		els = append(els,
			slackapi.NewButtonBlockElement(actionFixed, value, plainText("✅ Fixed it")).WithStyle(slackapi.StylePrimary),
			slackapi.NewButtonBlockElement(actionNotYet, value, plainText("Not yet")),
			slackapi.NewButtonBlockElement(actionSteps, value, plainText("All steps")))
	}
	els = append(els, linkButton("Full answer", rep.Link.URL))
	if share {
		els = append(els, slackapi.NewButtonBlockElement(actionShare, value, plainText("Share in channel")))
	}
	return blk{b: slackapi.NewActionBlock("orfix_actions", els...)}, true
}

// pickButtons offers entries as buttons that answer on click, then an
// optional link button.
func (r *renderer) pickButtons(ls []bot.Link, action, asker, tool string, link bot.Link) blk {
	var els []slackapi.BlockElement
	for i, l := range ls {
		v := encodeValue(actionValue{ID: l.ID, Tool: tool, Asker: asker})
		b := slackapi.NewButtonBlockElement(fmt.Sprintf("%s_%d", action, i), v, plainText(clip(bot.ShortTitle(l.Title), maxButtonText)))
		els = append(els, b)
	}
	if link.URL != "" {
		els = append(els, linkButton(link.Title, link.URL))
	}
	if len(els) == 0 {
		return blk{}
	}
	return blk{b: slackapi.NewActionBlock("orfix_pick", els...)}
}

// linkButton is a button that opens url.
func linkButton(label, url string) *slackapi.ButtonBlockElement {
	b := slackapi.NewButtonBlockElement(actionLink, "", plainText(label))
	b.URL = url
	return b
}

// maxButtonText is Slack's limit for a button's text.
const maxButtonText = 75

// encodeValue is a button's value: what json.Marshal writes for v,
// appended without reflection.
func encodeValue(v actionValue) string {
	o := jsonw.Object{B: make([]byte, 0, 64+len(v.ID)+len(v.Tool)+len(v.Asker)+32*len(v.Shown))}
	o.B = append(o.B, '{')
	o.Key("id")
	o.B = jsonw.AppendString(o.B, v.ID, true)
	o.String("tool", v.Tool, true)
	o.String("asker", v.Asker, true)
	if len(v.Shown) > 0 {
		o.Key("shown")
		o.B = append(o.B, '[')
		for i, id := range v.Shown {
			if i > 0 {
				o.B = append(o.B, ',')
			}
			o.B = jsonw.AppendString(o.B, id, true)
		}
		o.B = append(o.B, ']')
	}
	return string(append(o.B, '}'))
}

// sections splits mrkdwn text into section blocks of at most maxSectionText
// characters, the first one under title (already mrkdwn) when it is set.
func (r *renderer) sections(s, title string) []blk {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if title != "" {
		s = title + "\n" + s
	}
	var out []blk
	for _, chunk := range splitText(s, maxSectionText) {
		out = append(out, blk{b: slackapi.NewSectionBlock(mrkdwnText(chunk), nil, nil), n: utf8.RuneCountInString(chunk)})
	}
	return out
}

// links renders entry links as a bullet list.
func (r *renderer) links(ls []bot.Link) string {
	var lines []string
	for _, l := range ls {
		lines = append(lines, "• <"+linkTarget(l.URL)+"|"+linkLabel(l.Title)+">")
	}
	return strings.Join(lines, "\n")
}

func (r *renderer) mrkdwn(md string) string { return r.converted.Get(md) }

// Replacers built once: building one costs more than using it.
var (
	plainStripper = strings.NewReplacer("*", "", "_", "", "`", "")
	labelCleaner  = strings.NewReplacer("|", "¦", "\n", " ")
)

// plain renders Markdown as mrkdwn without inner markup (for bold titles).
func (r *renderer) plain(md string) string {
	return plainStripper.Replace(r.mrkdwn(md))
}

// linkLabel makes text safe as the label of <url|label>.
func linkLabel(s string) string {
	return labelCleaner.Replace(escape(s))
}

// fallback is the notification text of a reply: short, plain, no key.
func (r *renderer) fallback(rep bot.Reply) string {
	switch {
	case rep.HasSecrets():
		if len(rep.Secrets) > 1 {
			return fmt.Sprintf("orfix: your message contained %d secrets. Rotate them now.", len(rep.Secrets))
		}
		return "orfix: your message contained a secret. Rotate it now."
	case rep.Acknowledged != "":
		return "orfix: " + escape(rep.Acknowledged)
	case rep.Entry == nil:
		return "orfix: I'm not sure which error this is."
	}
	return "orfix: " + escape(rep.Entry.Title)
}

// header is a header block, clipped to Slack's 150 characters.
func header(s string) blk {
	s = clip(strings.Join(strings.Fields(s), " "), maxHeaderText)
	return blk{b: slackapi.NewHeaderBlock(plainText(s)), n: utf8.RuneCountInString(s)}
}

// contextBlock is a context block of mrkdwn elements (at most 10).
func contextBlock(texts ...string) blk {
	var els []slackapi.MixedElement
	n := 0
	for _, t := range texts[:min(len(texts), maxContextElem)] {
		t = clip(t, maxSectionText)
		els = append(els, mrkdwnText(t))
		n += utf8.RuneCountInString(t)
	}
	return blk{b: slackapi.NewContextBlock("", els...), n: n}
}

func mrkdwnText(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, false)
}

func plainText(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, true, false)
}
