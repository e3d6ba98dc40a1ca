package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/internal/lazyre"
)

// Who a message may ping, and links that must not unfurl.

// noMentions lets a message ping nobody, whatever the paste contains.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// supportMentions allows exactly the role or user named in a support
// mention such as "<@&123>" or "<@456>".
func supportMentions(support string) *discordgo.MessageAllowedMentions {
	m := noMentions()
	rest := support
	for {
		i := strings.Index(rest, "<@")
		if i < 0 {
			return m
		}
		rest = rest[i+2:]
		j := strings.IndexByte(rest, '>')
		if j < 0 {
			return m
		}
		id := rest[:j]
		switch {
		case strings.HasPrefix(id, "&") && isSnowflake(id[1:]):
			m.Roles = append(m.Roles, id[1:])
		case strings.HasPrefix(id, "!") && isSnowflake(id[1:]):
			m.Users = append(m.Users, id[1:])
		case isSnowflake(id):
			m.Users = append(m.Users, id)
		}
		rest = rest[j:]
	}
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bareURL is a URL in message text that Discord would unfurl into a preview.
var bareURL = lazyre.New(`(^|\s|[^\]]\()(https?://[^\s<>()]*[^\s<>().,;:!?'"])`)

// noUnfurl wraps bare URLs in <>, so a notice does not grow link previews.
func noUnfurl(s string) string { return bareURL().ReplaceAllString(s, "$1<$2>") }
