package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	slackapi "github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"
)

// ManifestOptions describe the app manifest to build.
type ManifestOptions struct {
	// URL is the public base URL of orfix serve (https://bot.example.com);
	// HTTP mode needs it, Socket Mode ignores it.
	URL string
	// Socket builds the Socket Mode variant: no request URLs, and Socket
	// Mode enabled (the app then needs an app-level token).
	Socket bool
	// Name is the app's display name (default "orfix").
	Name string
	// AdminDelete adds the user scope chat:write, so that a workspace admin
	// who installs the app gets a user token (Config.AdminToken) with which
	// orfix deletes messages that leak a key.
	AdminDelete bool
	// JSON selects JSON output instead of YAML.
	JSON bool
}

// botScopes are the bot token scopes orfix uses, and why:
// commands (/orfix), chat:write (answers, ephemeral warnings, moderator
// alerts), app_mentions:read (app_mention), channels:history and
// groups:history (message.channels, message.groups: passive listening and
// leaked keys in public and private channels), im:history (message.im:
// direct messages to the bot), files:read (shared text snippets),
// users:read (users.info: is the user of /orfix admin a workspace admin).
var botScopes = []string{"app_mentions:read", "channels:history", "chat:write", "commands", "files:read", "groups:history", "im:history", "users:read"}

// botEvents are the events orfix subscribes to; app_uninstalled and
// tokens_revoked (no scope needed) delete a workspace's stored token.
var botEvents = []string{"app_mention", "message.channels", "message.groups", "message.im", "app_uninstalled", "tokens_revoked"}

// Manifest returns the app manifest for Slack's "Create an app from a
// manifest": display information, the bot user, /orfix, the scopes and
// events above, interactivity, and either the request URLs under
// opts.URL (HTTP mode, with the OAuth redirect URL for installs through
// /slack/install) or Socket Mode.
//
// The shape is slack-go's (slackapi.Manifest). Its omitempty tags leave out
// false booleans and empty strings; every one left out here is optional and
// false by default for Slack (home_tab_enabled,
// messages_tab_read_only_enabled, org_deploy_enabled, socket_mode_enabled,
// token_rotation_enabled), so the manifest means the same. should_escape
// is true: /orfix admin needs the ids of the channels and user groups an
// admin picks (<#C123|support>, <!subteam^S123|@helpers>); a paste loses
// nothing, since slackText turns links and mentions back into what was
// typed.
func Manifest(opts ManifestOptions) ([]byte, error) {
	base := ""
	if !opts.Socket {
		u, err := url.Parse(opts.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, errors.New("slack manifest: the URL must be an absolute http(s) URL such as https://bot.example.com")
		}
		if u.Scheme != "https" {
			return nil, errors.New("slack manifest: Slack only calls https URLs")
		}
		base = strings.TrimRight(u.String(), "/")
	}
	name := opts.Name
	if name == "" {
		name = "orfix"
	}
	m := slackapi.Manifest{
		Metadata: slackapi.ManifestMetadata{MajorVersion: 1, MinorVersion: 1},
		Display: slackapi.Display{
			Name:            name,
			Description:     "Answers pasted OpenRouter errors with the fix.",
			LongDescription: manifestLongDescription,
			BackgroundColor: "#1f2937",
		},
		Settings: slackapi.Settings{
			EventSubscriptions: &slackapi.EventSubscriptions{BotEvents: slices.Clone(botEvents)},
			Interactivity:      &slackapi.Interactivity{IsEnabled: true},
			SocketModeEnabled:  opts.Socket,
		},
		Features: slackapi.Features{
			AppHome: slackapi.AppHome{MessagesTabEnabled: true},
			BotUser: slackapi.BotUser{DisplayName: name, AlwaysOnline: true},
			SlashCommands: []slackapi.ManifestSlashCommand{{
				Command:      "/orfix",
				Description:  "Find the fix for an OpenRouter error",
				UsageHint:    "[paste the error, or nothing to open a box for long pastes; admin show for settings]",
				ShouldEscape: true,
			}},
		},
		OAuthConfig: slackapi.OAuthConfig{Scopes: slackapi.OAuthScopes{Bot: slices.Clone(botScopes)}},
	}
	if opts.AdminDelete {
		m.OAuthConfig.Scopes.User = []string{"chat:write"}
	}
	if !opts.Socket {
		m.Features.SlashCommands[0].Url = base + "/slack/commands"
		m.Settings.EventSubscriptions.RequestUrl = base + "/slack/events"
		m.Settings.Interactivity.RequestUrl = base + "/slack/interactivity"
		m.OAuthConfig.RedirectUrls = []string{base + callbackPath}
	}
	if opts.JSON {
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("slack manifest: %w", err)
		}
		return append(b, '\n'), nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("slack manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("slack manifest: %w", err)
	}
	return b.Bytes(), nil
}

const manifestLongDescription = "orfix recognises OpenRouter API errors pasted in Slack and answers with the " +
	"matching knowledge-base entry: what the error means, the quick fixes, the checks for the tool you use, " +
	"and links to related errors. Run /orfix with the error, mention @orfix in a channel, or let it listen " +
	"in the channels you choose. It never repeats an API key: a message that leaks one gets a private " +
	"warning telling its author how to rotate the key."
