package slack

import (
	"bytes"
	"encoding/json"

	slackapi "github.com/slack-go/slack"
)

// wireMessage is slackapi.WebhookMessage as it goes on the wire, with the
// blocks as a plain slice. slackapi.Blocks marshals itself with
// json.Marshal, which makes the encoder validate and copy the whole block
// array a second time: on a long answer that was most of the cost of
// writing it. The fields and their JSON names are WebhookMessage's.
type wireMessage struct {
	Username        string                `json:"username,omitempty"`
	IconEmoji       string                `json:"icon_emoji,omitempty"`
	IconURL         string                `json:"icon_url,omitempty"`
	Channel         string                `json:"channel,omitempty"`
	ThreadTimestamp string                `json:"thread_ts,omitempty"`
	Text            string                `json:"text,omitempty"`
	Attachments     []slackapi.Attachment `json:"attachments,omitempty"`
	Parse           string                `json:"parse,omitempty"`
	Blocks          []slackapi.Block      `json:"blocks,omitempty"`
	ResponseType    string                `json:"response_type,omitempty"`
	ReplaceOriginal bool                  `json:"replace_original"`
	DeleteOriginal  bool                  `json:"delete_original"`
	ReplyBroadcast  bool                  `json:"reply_broadcast,omitempty"`
	UnfurlLinks     *bool                 `json:"unfurl_links,omitempty"`
	UnfurlMedia     *bool                 `json:"unfurl_media,omitempty"`
}

// encodeMessage encodes msg as JSON (with a trailing newline, HTML not
// escaped), decoding to what json.Marshal(msg) decodes to.
func encodeMessage(buf *bytes.Buffer, msg *slackapi.WebhookMessage) error {
	if b, ok := appendMessage(buf.AvailableBuffer(), msg); ok {
		_, _ = buf.Write(b) // orfix's own replies: no reflection
		return nil
	}
	var v any = msg
	// An empty, non-nil block list marshals as "blocks":null; keep that
	// rare shape on the slow path.
	if msg.Blocks == nil || len(msg.Blocks.BlockSet) > 0 {
		w := wireMessage{
			Username: msg.Username, IconEmoji: msg.IconEmoji, IconURL: msg.IconURL, Channel: msg.Channel,
			ThreadTimestamp: msg.ThreadTimestamp, Text: msg.Text, Attachments: msg.Attachments, Parse: msg.Parse,
			ResponseType: msg.ResponseType, ReplaceOriginal: msg.ReplaceOriginal, DeleteOriginal: msg.DeleteOriginal,
			ReplyBroadcast: msg.ReplyBroadcast, UnfurlLinks: msg.UnfurlLinks, UnfurlMedia: msg.UnfurlMedia,
		}
		if msg.Blocks != nil {
			w.Blocks = msg.Blocks.BlockSet
		}
		v = &w
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
