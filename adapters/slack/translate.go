package slack

import (
	"encoding/json"
	"strings"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/orfix/orfix/bot"
)

// Inbound translation: Slack payloads to bot requests. Everything here is
// pure; the event loop does the I/O (file downloads, posting).

// target is the message an answer refers to, and where the answer goes.
type target struct {
	// Team is the workspace; its settings apply.
	Team          string
	Channel, User string
	// TS is the message; ThreadTS the thread it is in ("" at top level).
	TS, ThreadTS string
	// IM is true in a direct message with the bot.
	IM bool
}

// thread is the thread the answer goes in: the message's own thread, or a
// new one under it; in a direct message, top-level replies stay top-level.
func (t target) thread() string {
	if t.ThreadTS != "" || t.IM {
		return t.ThreadTS
	}
	return t.TS
}

// commandRequest translates /orfix <text>.
func commandRequest(cmd slackapi.SlashCommand) bot.Request {
	return bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Community: cmd.TeamID, Channel: cmd.ChannelID, User: cmd.UserID, Text: slackText(cmd.Text)}
}

// isHelp reports whether a slash command's text asks for help.
func isHelp(text string) bool {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "help", "-h", "--help", "?":
		return true
	}
	return false
}

// mentionRequest translates an app_mention. ok is false for mentions by a
// bot (this one included), which are never answered.
func mentionRequest(e *slackevents.AppMentionEvent, self string) (req bot.Request, t target, ok bool) {
	if e.BotID != "" || e.User == "" || e.User == self {
		return bot.Request{}, target{}, false
	}
	text := e.Text
	if self != "" {
		text = strings.ReplaceAll(text, "<@"+self+">", " ")
	}
	req = bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Channel: e.Channel, User: e.User, Text: strings.TrimSpace(slackText(text))}
	return req, target{Channel: e.Channel, User: e.User, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp}, true
}

// messageRequest translates a message event: passive in a channel,
// explicit in a direct message. ok is false for what orfix never answers:
// messages by bots (this one included, and any bot_message), edits,
// deletions and joins, and channel messages that mention the bot (the
// app_mention event answers those).
func messageRequest(e *slackevents.MessageEvent, self string) (req bot.Request, t target, ok bool) {
	switch e.SubType {
	case "", "file_share", "thread_broadcast":
	default: // bot_message, message_changed, message_deleted, channel_join, ...
		return bot.Request{}, target{}, false
	}
	if e.BotID != "" || e.User == "" || e.User == self {
		return bot.Request{}, target{}, false
	}
	if e.Message != nil && e.Message.BotID != "" {
		return bot.Request{}, target{}, false
	}
	im := e.ChannelType == slackevents.ChannelTypeIM
	if !im && self != "" && strings.Contains(e.Text, "<@"+self+">") {
		return bot.Request{}, target{}, false
	}
	mode := bot.Passive
	if im {
		mode = bot.Explicit
	}
	req = bot.Request{Platform: bot.Slack, Mode: mode, Channel: e.Channel, User: e.User, Text: slackText(e.Text)}
	return req, target{Channel: e.Channel, User: e.User, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp, IM: im}, true
}

// messageFiles returns the files shared with a message.
func messageFiles(e *slackevents.MessageEvent) []slackapi.File {
	if e.Message == nil {
		return nil
	}
	return e.Message.Files
}

// maxFiles is the most files of one message the bot reads.
const maxFiles = 3

// textFiles picks the files worth reading: text snippets and text files
// (not images, archives or PDFs), at most maxFiles.
func textFiles(files []slackapi.File) []slackapi.File {
	var out []slackapi.File
	for _, f := range files {
		if len(out) == maxFiles {
			break
		}
		if f.URLPrivateDownload == "" && f.URLPrivate == "" {
			continue
		}
		if isTextFile(f) {
			out = append(out, f)
		}
	}
	return out
}

// textFiletypes are Slack filetypes that hold text.
var textFiletypes = map[string]bool{
	"text": true, "txt": true, "log": true, "json": true, "javascript": true, "typescript": true,
	"python": true, "go": true, "shell": true, "bash": true, "markdown": true,
	"yaml": true, "xml": true, "csv": true, "diff": true, "java": true, "kotlin": true, "rust": true,
	"ruby": true, "php": true, "html": true, "css": true, "sql": true, "toml": true, "ini": true,
	"c": true, "cpp": true, "csharp": true, "swift": true, "powershell": true, "dockerfile": true,
}

func isTextFile(f slackapi.File) bool {
	if f.Mode == "snippet" || textFiletypes[f.Filetype] {
		return true
	}
	mt := strings.ToLower(f.Mimetype)
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || mt == "application/x-ndjson" ||
		mt == "application/javascript" || mt == "application/xml" || mt == "application/x-yaml"
}

// actionRequest translates a "Fixed it" / "Not yet" click into a vote.
func actionRequest(ic slackapi.InteractionCallback, act *slackapi.BlockAction) (bot.Request, bool) {
	var vote bot.Vote
	switch act.ActionID {
	case actionFixed:
		vote = bot.VoteFixed
	case actionNotYet:
		vote = bot.VoteNotYet
	default:
		return bot.Request{}, false
	}
	v, ok := parseActionValue(act.Value)
	if !ok {
		return bot.Request{}, false
	}
	answer := ic.Container.MessageTs
	if answer == "" {
		answer = ic.Message.Timestamp
	}
	return bot.Request{Platform: bot.Slack, Mode: bot.Feedback, Community: ic.Team.ID, Channel: interactionChannel(ic), User: ic.User.ID,
		EntryID: v.ID, Vote: vote, Shown: v.Shown, Asker: v.Asker, Answer: interactionChannel(ic) + "/" + answer}, true
}

// parseActionValue reads the value of an orfix button.
func parseActionValue(s string) (actionValue, bool) {
	var v actionValue
	if err := json.Unmarshal([]byte(s), &v); err != nil || v.ID == "" {
		return actionValue{}, false
	}
	return v, true
}

// interactionChannel is the channel an interaction happened in.
func interactionChannel(ic slackapi.InteractionCallback) string {
	if ic.Channel.ID != "" {
		return ic.Channel.ID
	}
	return ic.Container.ChannelID
}

// modalRequest translates the submitted paste modal. ok is false when the
// view is not orfix's modal.
func modalRequest(ic slackapi.InteractionCallback) (req bot.Request, meta modalMeta, ok bool) {
	if ic.View.CallbackID != modalCallback {
		return bot.Request{}, modalMeta{}, false
	}
	_ = json.Unmarshal([]byte(ic.View.PrivateMetadata), &meta) // missing metadata: no response_url
	text := ""
	if ic.View.State != nil {
		text = ic.View.State.Values[modalBlock][modalAction].Value
	}
	return bot.Request{Platform: bot.Slack, Mode: bot.Explicit, Community: ic.Team.ID, Channel: meta.Channel, User: ic.User.ID, Text: text}, meta, true
}

// slackText turns Slack's message formatting back into what the user
// typed: <url|label> is the label, <url> the url, <@U1|name> @name,
// <#C1|name> #name, <!here> @here; &amp; &lt; &gt; are unescaped.
func slackText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(unlink(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return slackUnescaper.Replace(b.String())
}

// unlink renders the inside of one <...> sequence.
func unlink(in string) string {
	ref, label, hasLabel := strings.Cut(in, "|")
	switch {
	case strings.HasPrefix(ref, "@"):
		if hasLabel {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return ref
	case strings.HasPrefix(ref, "#"):
		if hasLabel {
			return "#" + label
		}
		return ref
	case strings.HasPrefix(ref, "!"):
		if hasLabel {
			return label
		}
		name, _, _ := strings.Cut(ref[1:], "^")
		return "@" + name
	case hasLabel && label != "":
		return label
	}
	return ref
}

// slackUnescaper is read-only.
var slackUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
