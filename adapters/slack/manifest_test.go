package slack

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/internal/testutil"
)

func TestManifestGolden(t *testing.T) {
	tests := []struct {
		name string
		opts ManifestOptions
	}{
		{"manifest_http.yaml", ManifestOptions{URL: "https://bot.example.com/"}},
		{"manifest_socket.yaml", ManifestOptions{Socket: true}},
		{"manifest_http_admin.json", ManifestOptions{URL: "https://bot.example.com", AdminDelete: true, JSON: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Manifest(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.name), b)
		})
	}
}

// parsedManifest is what the checks read back from a manifest.
type parsedManifest struct {
	Features struct {
		SlashCommands []struct {
			Command, URL string
			UsageHint    string `yaml:"usage_hint" json:"usage_hint"`
			ShouldEscape *bool  `yaml:"should_escape" json:"should_escape"`
		} `yaml:"slash_commands" json:"slash_commands"`
		BotUser struct {
			DisplayName string `yaml:"display_name" json:"display_name"`
		} `yaml:"bot_user" json:"bot_user"`
	}
	OAuth struct {
		Scopes struct{ Bot, User []string }
	} `yaml:"oauth_config" json:"oauth_config"`
	Settings struct {
		Events struct {
			RequestURL string   `yaml:"request_url" json:"request_url"`
			BotEvents  []string `yaml:"bot_events" json:"bot_events"`
		} `yaml:"event_subscriptions" json:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled" json:"is_enabled"`
			RequestURL string `yaml:"request_url" json:"request_url"`
		}
		Socket bool `yaml:"socket_mode_enabled" json:"socket_mode_enabled"`
	}
}

// manifestRedirects are the OAuth redirect URLs of manifest b.
func manifestRedirects(b []byte, asJSON bool) []string {
	var r struct {
		OAuth struct {
			Redirects []string `yaml:"redirect_urls" json:"redirect_urls"`
		} `yaml:"oauth_config" json:"oauth_config"`
	}
	if asJSON {
		_ = json.Unmarshal(b, &r)
	} else {
		_ = yaml.Unmarshal(b, &r)
	}
	return r.OAuth.Redirects
}

func TestManifestContents(t *testing.T) {
	for _, socket := range []bool{false, true} {
		for _, asJSON := range []bool{false, true} {
			b, err := Manifest(ManifestOptions{URL: "https://bot.example.com", Socket: socket, JSON: asJSON})
			if err != nil {
				t.Fatal(err)
			}
			var m parsedManifest
			if asJSON {
				err = json.Unmarshal(b, &m)
			} else {
				err = yaml.Unmarshal(b, &m)
			}
			if err != nil {
				t.Fatalf("socket=%v json=%v: %v", socket, asJSON, err)
			}
			cmds := m.Features.SlashCommands
			// should_escape: /orfix admin reads channel and user group ids.
			if len(cmds) != 1 || cmds[0].Command != "/orfix" || cmds[0].UsageHint == "" || cmds[0].ShouldEscape == nil || !*cmds[0].ShouldEscape {
				t.Errorf("slash command %+v: want /orfix with a usage hint and should_escape true", cmds)
			}
			if m.Features.BotUser.DisplayName != "orfix" {
				t.Errorf("bot user %q", m.Features.BotUser.DisplayName)
			}
			if !m.Settings.Interactivity.IsEnabled {
				t.Errorf("interactivity is off")
			}
			if want := []string{"app_mention", "message.channels", "message.groups", "message.im", "app_uninstalled", "tokens_revoked"}; !slices.Equal(m.Settings.Events.BotEvents, want) {
				t.Errorf("events %v, want %v", m.Settings.Events.BotEvents, want)
			}
			urls := []string{cmds[0].URL, m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL}
			if socket {
				if !m.Settings.Socket || strings.Join(urls, "") != "" {
					t.Errorf("Socket Mode variant: socket %v, urls %v", m.Settings.Socket, urls)
				}
			} else if m.Settings.Socket || !slices.Equal(urls, []string{
				"https://bot.example.com/slack/commands", "https://bot.example.com/slack/events", "https://bot.example.com/slack/interactivity"}) {
				t.Errorf("HTTP variant: socket %v, urls %v", m.Settings.Socket, urls)
			}
			// Installs through /slack/install come back to the callback.
			if got, want := manifestRedirects(b, asJSON), []string{"https://bot.example.com/slack/oauth/callback"}; socket && len(got) != 0 || !socket && !slices.Equal(got, want) {
				t.Errorf("socket=%v: redirect urls %v, want %v", socket, got, want)
			}
			if len(m.OAuth.Scopes.User) != 0 {
				t.Errorf("user scopes without AdminDelete: %v", m.OAuth.Scopes.User)
			}
		}
	}
}

// TestManifestScopesMatchTheCode ties every scope to what needs it, so the
// manifest asks for exactly what orfix uses: a scope added here without a
// use, or a use without its scope, fails.
func TestManifestScopesMatchTheCode(t *testing.T) {
	needs := map[string]string{
		"commands":          "the /orfix slash command",
		"chat:write":        "chat.postMessage, chat.postEphemeral (answers, warnings, moderator alerts)",
		"app_mentions:read": "the app_mention event",
		"channels:history":  "the message.channels event",
		"groups:history":    "the message.groups event",
		"im:history":        "the message.im event",
		"files:read":        "downloading shared snippets (fetchFile)",
		"users:read":        "users.info: whether the user of /orfix admin is a workspace admin",
	}
	got := slices.Clone(botScopes)
	slices.Sort(got)
	var want []string
	for s := range needs {
		want = append(want, s)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("scopes %v, want exactly %v", got, want)
	}
	events := map[string]string{"app_mention": "app_mentions:read", "message.channels": "channels:history",
		"message.groups": "groups:history", "message.im": "im:history",
		// Sent to every app, no scope needed: they delete a stored token.
		"app_uninstalled": "", "tokens_revoked": ""}
	for _, ev := range botEvents {
		if sc, ok := events[ev]; !ok || sc != "" && !slices.Contains(botScopes, sc) {
			t.Errorf("event %s has no scope", ev)
		}
	}
}

func TestManifestRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "bot.example.com", "http://bot.example.com", "ftp://x", "https://"} {
		if _, err := Manifest(ManifestOptions{URL: u}); err == nil {
			t.Errorf("accepted %q", u)
		}
	}
	if _, err := Manifest(ManifestOptions{Socket: true}); err != nil {
		t.Errorf("Socket Mode needs no URL: %v", err)
	}
}
