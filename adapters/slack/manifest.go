package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

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
// direct messages to the bot), files:read (shared text snippets).
var botScopes = []string{"app_mentions:read", "channels:history", "chat:write", "commands", "files:read", "groups:history", "im:history"}

// botEvents are the events orfix subscribes to.
var botEvents = []string{"app_mention", "message.channels", "message.groups", "message.im"}

// Manifest returns the app manifest for Slack's "Create an app from a
// manifest": display information, the bot user, /orfix, the scopes and
// events above, interactivity, and either the request URLs under
// opts.URL (HTTP mode) or Socket Mode.
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
	m := manifest{
		Metadata: manifestMetadata{MajorVersion: 1, MinorVersion: 1},
		Display: manifestDisplay{
			Name:            name,
			Description:     "Answers pasted OpenRouter errors with the fix.",
			LongDescription: manifestLongDescription,
			BackgroundColor: "#1f2937",
		},
		Features: manifestFeatures{
			AppHome: manifestAppHome{MessagesTabEnabled: true},
			BotUser: manifestBotUser{DisplayName: name, AlwaysOnline: true},
			SlashCommands: []manifestCommand{{
				Command:     "/orfix",
				Description: "Find the fix for an OpenRouter error",
				UsageHint:   "[paste the error, or nothing to open a box for long pastes]",
			}},
		},
		OAuth: manifestOAuth{Scopes: manifestScopes{Bot: slices.Clone(botScopes)}},
		Settings: manifestSettings{
			EventSubscriptions: manifestEvents{BotEvents: slices.Clone(botEvents)},
			Interactivity:      manifestInteractivity{IsEnabled: true},
			SocketModeEnabled:  opts.Socket,
		},
	}
	if opts.AdminDelete {
		m.OAuth.Scopes.User = []string{"chat:write"}
	}
	if !opts.Socket {
		m.Features.SlashCommands[0].URL = base + "/slack/commands"
		m.Settings.EventSubscriptions.RequestURL = base + "/slack/events"
		m.Settings.Interactivity.RequestURL = base + "/slack/interactivity"
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

// The manifest's shape (docs.slack.dev/reference/app-manifest), in the
// order Slack shows it. should_escape is written out: false keeps the
// paste exactly as typed.
type manifest struct {
	Metadata manifestMetadata `json:"_metadata" yaml:"_metadata"`
	Display  manifestDisplay  `json:"display_information" yaml:"display_information"`
	Features manifestFeatures `json:"features" yaml:"features"`
	OAuth    manifestOAuth    `json:"oauth_config" yaml:"oauth_config"`
	Settings manifestSettings `json:"settings" yaml:"settings"`
}

type manifestMetadata struct {
	MajorVersion int `json:"major_version" yaml:"major_version"`
	MinorVersion int `json:"minor_version" yaml:"minor_version"`
}

type manifestDisplay struct {
	Name            string `json:"name" yaml:"name"`
	Description     string `json:"description" yaml:"description"`
	LongDescription string `json:"long_description" yaml:"long_description"`
	BackgroundColor string `json:"background_color" yaml:"background_color"`
}

type manifestFeatures struct {
	AppHome       manifestAppHome   `json:"app_home" yaml:"app_home"`
	BotUser       manifestBotUser   `json:"bot_user" yaml:"bot_user"`
	SlashCommands []manifestCommand `json:"slash_commands" yaml:"slash_commands"`
}

type manifestAppHome struct {
	HomeTabEnabled             bool `json:"home_tab_enabled" yaml:"home_tab_enabled"`
	MessagesTabEnabled         bool `json:"messages_tab_enabled" yaml:"messages_tab_enabled"`
	MessagesTabReadOnlyEnabled bool `json:"messages_tab_read_only_enabled" yaml:"messages_tab_read_only_enabled"`
}

type manifestBotUser struct {
	DisplayName  string `json:"display_name" yaml:"display_name"`
	AlwaysOnline bool   `json:"always_online" yaml:"always_online"`
}

type manifestCommand struct {
	Command      string `json:"command" yaml:"command"`
	URL          string `json:"url,omitempty" yaml:"url,omitempty"`
	Description  string `json:"description" yaml:"description"`
	UsageHint    string `json:"usage_hint" yaml:"usage_hint"`
	ShouldEscape bool   `json:"should_escape" yaml:"should_escape"`
}

type manifestOAuth struct {
	Scopes manifestScopes `json:"scopes" yaml:"scopes"`
}

type manifestScopes struct {
	Bot  []string `json:"bot" yaml:"bot"`
	User []string `json:"user,omitempty" yaml:"user,omitempty"`
}

type manifestSettings struct {
	EventSubscriptions   manifestEvents        `json:"event_subscriptions" yaml:"event_subscriptions"`
	Interactivity        manifestInteractivity `json:"interactivity" yaml:"interactivity"`
	OrgDeployEnabled     bool                  `json:"org_deploy_enabled" yaml:"org_deploy_enabled"`
	SocketModeEnabled    bool                  `json:"socket_mode_enabled" yaml:"socket_mode_enabled"`
	TokenRotationEnabled bool                  `json:"token_rotation_enabled" yaml:"token_rotation_enabled"`
}

type manifestEvents struct {
	RequestURL string   `json:"request_url,omitempty" yaml:"request_url,omitempty"`
	BotEvents  []string `json:"bot_events" yaml:"bot_events"`
}

type manifestInteractivity struct {
	IsEnabled  bool   `json:"is_enabled" yaml:"is_enabled"`
	RequestURL string `json:"request_url,omitempty" yaml:"request_url,omitempty"`
}
