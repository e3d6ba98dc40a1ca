package slack

import (
	"encoding/json"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/bot"
)

// The response types of a slash command or response_url message.
const (
	ephemeral = slackapi.ResponseTypeEphemeral
	inChannel = slackapi.ResponseTypeInChannel
)

// The paste modal: its callback id, and the ids of its one input.
const (
	modalCallback = "orfix_paste"
	modalBlock    = "paste"
	modalAction   = "text"
	// maxModalInput is Slack's limit for a plain_text_input.
	maxModalInput = 3000
)

// modalMeta is the private_metadata of the paste modal: where to answer.
// The slash command's response_url lives 30 minutes and takes 5 posts, so
// the answer to the modal goes there, privately, like any /orfix answer.
type modalMeta struct {
	Channel     string `json:"channel,omitempty"`
	ResponseURL string `json:"response_url,omitempty"`
}

// message wraps blocks as a slash command or response_url payload.
func message(responseType, fallback string, blocks []slackapi.Block) *slackapi.WebhookMessage {
	return &slackapi.WebhookMessage{ResponseType: responseType, Text: fallback, Blocks: &slackapi.Blocks{BlockSet: blocks}}
}

// replyMessage renders a reply as a private slash command answer with the
// "Share in channel" button (left out when the paste held a secret).
func (r *renderer) replyMessage(rep bot.Reply, asker string) *slackapi.WebhookMessage {
	return message(ephemeral, r.fallback(rep), r.answer(rep, look{share: true, feedback: true, asker: asker}))
}

// notice is a short private message with the redact reminder.
func (r *renderer) notice(text string) *slackapi.WebhookMessage {
	blocks := []slackapi.Block{
		slackapi.NewSectionBlock(mrkdwnText(escape(text)), nil, nil),
		r.reminder.b,
	}
	return message(ephemeral, escape(text), blocks)
}

// help answers "/orfix help".
func (r *renderer) help(canOpenModal bool) *slackapi.WebhookMessage {
	usage := "*/orfix &lt;error&gt;*: paste an OpenRouter error after the command. I answer privately; " +
		"a button shares the answer with the channel.\n"
	if canOpenModal {
		usage += "*/orfix*: opens a box for long pastes and stack traces.\n"
	}
	usage += "*@orfix &lt;error&gt;*: ask me in a channel; I answer in a thread.\n" +
		"In the channels I watch, I answer pasted OpenRouter errors by myself.\n" +
		"Every answer: <" + linkTarget(r.publicURL+"/kb/") + "|the orfix knowledge base>"
	blocks := []slackapi.Block{
		header("orfix: fixes for OpenRouter errors").b,
		slackapi.NewSectionBlock(mrkdwnText(usage), nil, nil),
		r.reminder.b,
	}
	return message(ephemeral, "orfix: how to ask", blocks)
}

// pasteModal is the modal an empty /orfix opens: one multi-line input, since
// stack traces are long.
func (r *renderer) pasteModal(meta modalMeta) slackapi.ModalViewRequest {
	raw, _ := json.Marshal(meta) // a struct of strings always marshals
	input := slackapi.NewPlainTextInputBlockElement(plainText("Paste the whole error, stack trace included"), modalAction)
	input.Multiline = true
	input.MaxLength = maxModalInput
	input.FocusOnLoad = true
	return slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		CallbackID:      modalCallback,
		Title:           plainText("orfix"),
		Submit:          plainText("Find a fix"),
		Close:           plainText("Cancel"),
		PrivateMetadata: string(raw),
		Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewInputBlock(modalBlock, plainText("The error"), nil, input),
			r.reminder.b,
		}},
	}
}

// note is a short private message that answers no paste: no reminder,
// and the message it answers stays.
func (r *renderer) note(text string) *slackapi.WebhookMessage {
	m := message(ephemeral, escape(text), []slackapi.Block{slackapi.NewSectionBlock(mrkdwnText(escape(text)), nil, nil)})
	m.ReplaceOriginal = false
	return m
}
