package slack

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
	"github.com/yuin/goldmark/parser"

	"github.com/orfix/orfix/bot"
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
)

// renderer turns bot replies into Block Kit. Its methods are pure.
type renderer struct {
	md        parser.Parser
	entryURL  func(id string) string
	publicURL string
}

func newRenderer(entryURL func(string) string, publicURL string) *renderer {
	return &renderer{md: newMarkdownParser(), entryURL: entryURL, publicURL: strings.TrimRight(publicURL, "/")}
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
}

// actionValue is the value of every orfix button: the entry answered, the
// tool detected and the entries already shown (so "Not yet" offers others).
type actionValue struct {
	ID    string   `json:"id"`
	Tool  string   `json:"tool,omitempty"`
	Shown []string `json:"shown,omitempty"`
}

// blk is a block with the number of characters of text it holds.
type blk struct {
	b slackapi.Block
	n int
}

// answer renders a reply: the secret warning, then the answer or the
// feedback acknowledgement, the buttons, the notes and the redact reminder,
// within Block Kit's limits.
func (r *renderer) answer(rep bot.Reply, lk look) []slackapi.Block {
	var head, tail []blk
	var body [][]blk
	if rep.HasSecrets() {
		head = append(head, r.sections(r.warning(rep.Secrets, lk.action), "")...)
	}
	if lk.sharedBy != "" {
		head = append(head, contextBlock(fmt.Sprintf("Shared by <@%s>", lk.sharedBy)))
	}
	switch {
	case rep.Acknowledged != "":
		body = append(body, r.sections(r.mrkdwn(rep.Acknowledged), ""))
		body = append(body, r.sections(r.links(rep.Alternatives), ""))
		if rep.Support != "" {
			// Support is a mention in Slack's own syntax: kept as is.
			body = append(body, r.sections("Asking for a human: "+rep.Support, ""))
		}
	case rep.Entry == nil:
		head = append(head, header("I'm not sure which error this is"))
		if len(rep.Alternatives) > 0 {
			body = append(body, r.sections(r.links(rep.Alternatives), "The closest entries:"))
		}
		var steps []string
		for i, s := range bot.TriageSteps {
			steps = append(steps, fmt.Sprintf("%d. %s", i+1, r.mrkdwn(s)))
		}
		body = append(body, r.sections(strings.Join(steps, "\n"), "*General triage*"))
	default:
		head = append(head, header(rep.Entry.Title))
		if rep.Level == bot.Middling {
			head = append(head, contextBlock(fmt.Sprintf("Probably this one (confidence %.2f); the other candidates are below.", rep.Confidence)))
		}
		body = append(body, r.sections(r.mrkdwn(rep.Meaning), ""))
		body = append(body, r.sections(r.mrkdwn(rep.QuickFixes), "*Quick fixes*"))
		if rep.ToolChecks != "" {
			body = append(body, r.sections(r.mrkdwn(rep.ToolChecks), "*Checks for "+escape(rep.ToolName)+"*"))
		}
		for _, qa := range rep.FAQ {
			body = append(body, r.sections(r.mrkdwn(qa.Answer), "*"+r.plain(qa.Question)+"*"))
		}
		if rep.Level == bot.Middling && len(rep.Alternatives) > 0 {
			body = append(body, r.sections(r.links(rep.Alternatives), "*Could also be*"))
		}
		if related := without(rep.Related, rep.Alternatives, rep.Level == bot.Middling); len(related) > 0 {
			body = append(body, r.sections(r.links(related), "*Related errors*"))
		}
		tail = append(tail, r.sections("*Full article:* <"+linkTarget(rep.Link.URL)+"|"+linkLabel(rep.Entry.Title)+">", "")...)
		if b, ok := r.buttons(rep, lk); ok {
			tail = append(tail, b)
		}
	}
	if len(rep.Notes) > 0 {
		var notes []string
		for _, n := range rep.Notes {
			notes = append(notes, escape(n))
		}
		tail = append(tail, contextBlock(notes...))
	}
	tail = append(tail, contextBlock(escape(bot.RedactReminder)))
	return compose(head, body, tail)
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
		out = append(out, b.b)
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

// buttons are "Fixed it", "Not yet" and, on a private answer without
// secrets, "Share in channel".
func (r *renderer) buttons(rep bot.Reply, lk look) (blk, bool) {
	share := lk.share && !rep.HasSecrets()
	if rep.Entry == nil || (!lk.feedback && !share) {
		return blk{}, false
	}
	v := actionValue{ID: rep.Entry.ID, Tool: rep.Tool}
	for _, l := range rep.Alternatives {
		v.Shown = append(v.Shown, l.ID)
	}
	raw, _ := json.Marshal(v) // a struct of strings always marshals
	value := string(raw)
	var els []slackapi.BlockElement
	if lk.feedback {
		els = append(els,
			slackapi.NewButtonBlockElement(actionFixed, value, plainText("✅ Fixed it")).WithStyle(slackapi.StylePrimary),
			slackapi.NewButtonBlockElement(actionNotYet, value, plainText("Not yet")))
	}
	if share {
		els = append(els, slackapi.NewButtonBlockElement(actionShare, value, plainText("Share in channel")))
	}
	return blk{b: slackapi.NewActionBlock("orfix_actions", els...)}, true
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

// without returns ls without the links in shown (when drop is set), so that
// an entry listed under "Could also be" is not listed twice.
func without(ls, shown []bot.Link, drop bool) []bot.Link {
	if !drop {
		return ls
	}
	var out []bot.Link
	for _, l := range ls {
		if !slices.ContainsFunc(shown, func(s bot.Link) bool { return s.ID == l.ID }) {
			out = append(out, l)
		}
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

func (r *renderer) mrkdwn(md string) string { return mrkdwn(r.md, md) }

// plain renders Markdown as mrkdwn without inner markup (for bold titles).
func (r *renderer) plain(md string) string {
	return strings.NewReplacer("*", "", "_", "", "`", "").Replace(r.mrkdwn(md))
}

// linkLabel makes text safe as the label of <url|label>.
func linkLabel(s string) string {
	return strings.NewReplacer("|", "¦", "\n", " ").Replace(escape(s))
}

// fallback is the notification text of a reply: short, plain, no key.
func (r *renderer) fallback(rep bot.Reply) string {
	switch {
	case rep.HasSecrets():
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
