package discord

import (
	"net/url"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Scopes are the OAuth2 scopes the invite asks for, space-separated.
const Scopes = "bot applications.commands"

// Permissions are exactly the permissions orfix uses: read the channel and
// its history (to reply to a message), send messages and embeds, answer in
// threads it starts, and delete a message that leaks a key.
const Permissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionManageMessages

// InviteURL returns the OAuth2 URL that adds the bot to a server with
// Scopes and Permissions.
func InviteURL(appID string) string {
	v := url.Values{}
	v.Set("client_id", appID)
	v.Set("permissions", strconv.FormatInt(Permissions, 10))
	v.Set("scope", Scopes)
	return "https://discord.com/oauth2/authorize?" + v.Encode()
}
