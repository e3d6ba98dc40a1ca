package main

import (
	"github.com/orfix/orfix/bot/seal"
)

// validateSecrets checks ORFIX_SECRET_KEY and the Slack OAuth settings
// that depend on it, as serve would; no message quotes a secret.
func validateSecrets(file string, c Config, lines map[string]int) error {
	bad := func(key, msg string) error { return &ConfigError{File: file, Line: lines[key], Msg: msg} }
	if c.SecretKey != "" {
		if _, err := seal.ParseKey(c.SecretKey); err != nil {
			return bad("", "ORFIX_SECRET_KEY: "+err.Error())
		}
	}
	s := c.Slack
	switch {
	case (s.ClientID == "") != (s.ClientSecret == ""):
		return bad("slack.client_id", "slack.client_id and slack.client_secret (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET) go together")
	case s.ClientID == "":
		return nil
	case c.SecretKey == "":
		return bad("slack.client_id", "slack.client_id (OAuth installs) needs ORFIX_SECRET_KEY to encrypt each workspace's bot token: "+
			"32 random bytes as hex or base64 (openssl rand -base64 32)")
	case c.Store.target() == "":
		return bad("slack.client_id", "slack.client_id (OAuth installs) needs a store (store.path or store.url) to keep the workspaces' tokens")
	case s.SigningSecret == "" && s.AppToken == "":
		return bad("slack.client_id", "slack.client_id (OAuth installs) needs slack.signing_secret (HTTP mode) or slack.app_token (Socket Mode)")
	}
	return nil
}
