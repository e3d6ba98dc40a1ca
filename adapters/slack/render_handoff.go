package slack

import (
	"fmt"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// The payloads after a first reply: the answer once voted on, the public
// hand-off in the thread, and "All steps". Every method here is pure.

// voted is the answer after a vote, replacing it through response_url: its
// blocks without the buttons and the reminder, and a line saying who marked
// it and what.
func (r *renderer) voted(original []slackapi.Block, rep bot.Reply, voter string, vote bot.Vote) *slackapi.WebhookMessage {
	line := fmt.Sprintf("✅ <@%s> marked this answer as fixed.", voter)
	if vote == bot.VoteNotYet {
		line = fmt.Sprintf("↩️ <@%s> marked this answer as not fixed yet; a human is on the way.", voter)
	}
	var blocks []slackapi.Block
	for _, b := range original {
		if b.BlockType() == slackapi.MBTAction || b.BlockType() == slackapi.MBTContext {
			continue
		}
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 && rep.Entry != nil {
		blocks = append(blocks, slackapi.NewSectionBlock(mrkdwnText("*<"+linkTarget(rep.Link.URL)+"|"+linkLabel(rep.Entry.Title)+">*"), nil, nil))
	}
	blocks = append(blocks, contextBlock(line).b)
	return &slackapi.WebhookMessage{ReplaceOriginal: true, Text: "orfix: " + line, Blocks: &slackapi.Blocks{BlockSet: blocks}}
}

// handoff is the public "not yet" message: the support mention (once per
// thread), who is still stuck after which answer, and the next candidates.
func (r *renderer) handoff(rep bot.Reply, mention, voter, asker string) []slackapi.Block {
	blocks := []slackapi.Block{slackapi.NewSectionBlock(mrkdwnText(r.handoffText(rep, mention, voter)), nil, nil)}
	if b := r.pickButtons(rep.Alternatives, actionNext, asker, rep.Tool, bot.Link{Title: "Full answer", URL: rep.Link.URL}); b.b != nil {
		blocks = append(blocks, b.b)
	}
	return blocks
}

// handoffText is the hand-off's sentence (and its notification text).
func (r *renderer) handoffText(rep bot.Reply, mention, voter string) string {
	s := ""
	if mention != "" {
		s = mention + " " // a mention in Slack's own syntax: kept as is
	}
	title := "this answer"
	if rep.Entry != nil {
		title = "“" + escape(rep.Entry.Title) + "”"
	}
	s += fmt.Sprintf("<@%s> is still stuck after %s.", voter, title)
	if mention == "" {
		s += " Support has been asked in this thread already."
	}
	if len(rep.Alternatives) > 0 {
		s += " Could it be one of these?"
	}
	return s
}

// steps is "All steps": the step-by-step troubleshooting, the tool's
// checks, FAQ answers and related errors, each once, and the link.
func (r *renderer) steps(rep bot.Reply) []slackapi.Block {
	var body [][]blk
	body = append(body, r.sections(r.mrkdwn(rep.Steps), "*Step by step*"))
	if rep.ToolChecks != "" {
		body = append(body, r.sections(r.mrkdwn(rep.ToolChecks), "*Checks for "+escape(rep.ToolName)+"*"))
	}
	for _, qa := range rep.FAQ {
		body = append(body, r.sections(r.mrkdwn(qa.Answer), "*"+r.plain(qa.Question)+"*"))
	}
	if len(rep.Related) > 0 {
		body = append(body, r.sections(r.links(rep.Related), "*Related errors*"))
	}
	head := []blk{header("All steps: " + rep.Entry.Title)}
	tail := []blk{{b: slackapi.NewActionBlock("orfix_link", linkButton("Full answer", rep.Link.URL))}}
	return compose(head, body, tail)
}
