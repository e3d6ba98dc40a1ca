package slack

import (
	"strconv"

	slackapi "github.com/slack-go/slack"

	"github.com/orfix/orfix/internal/jsonw"
)

// appendMessage appends msg as JSON, without reflection, when it is made
// only of the shapes orfix's replies use: sections (text only), headers,
// contexts of text, actions of buttons and dividers, no attachments. It
// reports false, having appended nothing useful, for any other shape; the
// caller then encodes msg with encoding/json. Fields and their order are
// those of wireMessage and slack-go's block types; empty values are left
// out as their omitempty tags say.
func appendMessage(b []byte, msg *slackapi.WebhookMessage) ([]byte, bool) {
	if len(msg.Attachments) > 0 || msg.UnfurlLinks != nil || msg.UnfurlMedia != nil {
		return b, false
	}
	if msg.Blocks != nil && len(msg.Blocks.BlockSet) == 0 {
		return b, false // "blocks":null, the slow path's shape
	}
	o := jsonw.Object{B: append(b, '{')}
	o.String("username", msg.Username, false)
	o.String("icon_emoji", msg.IconEmoji, false)
	o.String("icon_url", msg.IconURL, false)
	o.String("channel", msg.Channel, false)
	o.String("thread_ts", msg.ThreadTimestamp, false)
	o.String("text", msg.Text, false)
	o.String("parse", msg.Parse, false)
	if msg.Blocks != nil {
		o.Key("blocks")
		var ok bool
		if o.B, ok = appendBlocks(o.B, msg.Blocks.BlockSet); !ok {
			return o.B, false
		}
	}
	o.String("response_type", msg.ResponseType, false)
	o.Key("replace_original")
	o.B = strconv.AppendBool(o.B, msg.ReplaceOriginal)
	o.Key("delete_original")
	o.B = strconv.AppendBool(o.B, msg.DeleteOriginal)
	if msg.ReplyBroadcast {
		o.Key("reply_broadcast")
		o.B = append(o.B, "true"...)
	}
	return append(o.B, '}', '\n'), true
}

// appendBlocks appends blocks as a JSON array, or reports false for a
// block of a shape appendMessage leaves to encoding/json.
func appendBlocks(b []byte, blocks []slackapi.Block) ([]byte, bool) {
	b = append(b, '[')
	for i, blk := range blocks {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		switch v := blk.(type) {
		case *slackapi.SectionBlock:
			if v.Accessory != nil || len(v.Fields) > 0 {
				return b, false
			}
			b = appendType(b, string(v.Type))
			if v.Text != nil {
				b = append(b, `,"text":`...)
				b = appendText(b, v.Text)
			}
			b = appendOpt(b, "block_id", v.BlockID)
			if v.Expand {
				b = append(b, `,"expand":true`...)
			}
			ok = true
		case *slackapi.HeaderBlock:
			b = appendType(b, string(v.Type))
			if v.Text != nil {
				b = append(b, `,"text":`...)
				b = appendText(b, v.Text)
			}
			b = appendOpt(b, "block_id", v.BlockID)
			if v.Level != 0 {
				b = append(b, `,"level":`...)
				b = strconv.AppendInt(b, int64(v.Level), 10)
			}
			ok = true
		case *slackapi.ContextBlock:
			b = appendType(b, string(v.Type))
			b = appendOpt(b, "block_id", v.BlockID)
			b = append(b, `,"elements":`...)
			if b, ok = appendContext(b, v.ContextElements.Elements); !ok {
				return b, false
			}
		case *slackapi.ActionBlock:
			b = appendType(b, string(v.Type))
			b = appendOpt(b, "block_id", v.BlockID)
			b = append(b, `,"elements":`...)
			if v.Elements == nil {
				b = append(b, "null"...)
				ok = true
			} else if b, ok = appendButtons(b, v.Elements.ElementSet); !ok {
				return b, false
			}
		case *slackapi.DividerBlock:
			b = appendType(b, string(v.Type))
			b = appendOpt(b, "block_id", v.BlockID)
			ok = true
		}
		if !ok {
			return b, false
		}
		b = append(b, '}')
	}
	return append(b, ']'), true
}

// appendContext appends a context block's elements (text objects only).
func appendContext(b []byte, els []slackapi.MixedElement) ([]byte, bool) {
	if els == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, el := range els {
		t, ok := el.(*slackapi.TextBlockObject)
		if !ok {
			return b, false
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = appendText(b, t)
	}
	return append(b, ']'), true
}

// appendButtons appends an action block's elements (plain buttons only).
func appendButtons(b []byte, els []slackapi.BlockElement) ([]byte, bool) {
	if els == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, el := range els {
		btn, ok := el.(*slackapi.ButtonBlockElement)
		if !ok || btn.Confirm != nil || len(btn.VisibleToUserIDs) > 0 {
			return b, false
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if btn.Type != "" {
			b = append(b, `"type":`...)
			b = jsonw.AppendString(b, string(btn.Type), false)
			b = append(b, ',')
		}
		b = append(b, `"text":`...)
		if btn.Text == nil {
			b = append(b, "null"...)
		} else {
			b = appendText(b, btn.Text)
		}
		b = appendOpt(b, "action_id", btn.ActionID)
		b = appendOpt(b, "url", btn.URL)
		b = appendOpt(b, "value", btn.Value)
		b = appendOpt(b, "style", string(btn.Style))
		b = appendOpt(b, "accessibility_label", btn.AccessibilityLabel)
		b = appendOpt(b, "agent_prompt", btn.AgentPrompt)
		b = appendOpt(b, "agent_prompt_display", btn.AgentPromptDisplay)
		b = append(b, '}')
	}
	return append(b, ']'), true
}

// appendText appends a text object.
func appendText(b []byte, t *slackapi.TextBlockObject) []byte {
	b = append(b, `{"type":`...)
	b = jsonw.AppendString(b, t.Type, false)
	b = append(b, `,"text":`...)
	b = jsonw.AppendString(b, t.Text, false)
	if t.Emoji != nil {
		b = append(b, `,"emoji":`...)
		b = strconv.AppendBool(b, *t.Emoji)
	}
	if t.Verbatim {
		b = append(b, `,"verbatim":true`...)
	}
	return append(b, '}')
}

// appendType opens a block object with its type.
func appendType(b []byte, typ string) []byte {
	b = append(b, `{"type":`...)
	return jsonw.AppendString(b, typ, false)
}

// appendOpt appends ,"name":"v" unless v is empty.
func appendOpt(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return jsonw.AppendString(b, v, false)
}
