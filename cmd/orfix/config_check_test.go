package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// TestConfigRefusedAsServeWould: each configuration that serve would
// refuse is refused by loadConfig (which both serve and config check run)
// with the file and the line of the key.
func TestConfigRefusedAsServeWould(t *testing.T) {
	tests := []struct {
		name, yaml, want string
		line             int
	}{
		{"zero shutdown", "http:\n  shutdown_timeout: 0s\n", "shutdown_timeout must be above 0", 2},
		{"listen address as public URL", "http:\n  addr: \":8080\"\n", "has no host", 0},
		{"public URL without scheme", "http:\n  public_url: orfix.example.com\n", "needs an http:// or https:// scheme", 2},
		{"negative client rate", "http:\n  client_rate: -1\n", "client_rate cannot be negative", 2},
		{"floor above the default passive bar", "bot:\n  thresholds:\n    floor: 0.95\n", "above the passive bar", 3},
		{"shard id at the count", "discord:\n  shard_id: 2\n  shard_count: 2\n", "shard_id must be in", 2},
		{"shard id without count", "discord:\n  shard_id: 1\n", "without discord.shard_count", 2},
		{"short public key", "discord:\n  public_key: abcd\n", "64 hex characters", 2},
		{"non-hex public key", "discord:\n  public_key: " + strings.Repeat("z", 64) + "\n", "64 hex characters", 2},
		{"app token without bot token", "slack:\n  app_token: xapp-1-A-1-abc\n", "needs slack.bot_token", 2},
		{"mod channel without bot token", "slack:\n  signing_secret: s\n  mod_channel: C1\n", "mod_channel needs slack.bot_token", 3},
		{"admin token prefix", "slack:\n  signing_secret: s\n  admin_token: xoxb-1\n", "must start with xoxp-", 3},
		{"bot token alone", "slack:\n  bot_token: xoxb-1\n", "needs slack.signing_secret", 0},
		{"negative unmatched days", "store:\n  unmatched_days: -1\n", "unmatched_days cannot be negative", 2},
		{"negative unmatched max", "store:\n  path: x.db\n  unmatched_max: -5\n", "unmatched_max cannot be negative", 3},
		{"zero reload interval", "kb:\n  reload_interval: 0s\n", "reload_interval must be above 0", 2},
		{"client id without secret", "slack:\n  signing_secret: s\n  client_id: \"1.2\"\n", "go together", 3},
		{"OAuth without ORFIX_SECRET_KEY", "slack:\n  signing_secret: s\n  client_id: \"1.2\"\n  client_secret: x\n", "needs ORFIX_SECRET_KEY", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadYAML(t, tc.yaml)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("accepted (err %v)", err)
			}
			if !strings.Contains(ce.Msg, tc.want) {
				t.Errorf("message %q lacks %q", ce.Msg, tc.want)
			}
			if tc.line != 0 && ce.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", ce.Line, tc.line, err)
			}
		})
	}
	// The good ones still pass.
	file := filepath.Join(t.TempDir(), "orfix.yaml")
	os.WriteFile(file, []byte("http:\n  addr: 0.0.0.0:8080\n  public_url: https://orfix.example.com\ndiscord:\n  public_key: "+strings.Repeat("ab", 32)+"\n"), 0o600)
	if _, err := loadConfig(file, func(string) string { return "" }); err != nil {
		t.Errorf("a good configuration refused: %v", err)
	}
}

// TestStoreRetentionConfig: unmatched pastes are kept 30 days and 10,000
// rows unless the file says otherwise; 0 turns a limit off.
func TestStoreRetentionConfig(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       store.Retention
	}{
		{"defaults", "", store.Retention{MaxAge: 30 * 24 * time.Hour, MaxRows: 10000}},
		{"set", "store:\n  unmatched_days: 7\n  unmatched_max: 50\n", store.Retention{MaxAge: 7 * 24 * time.Hour, MaxRows: 50}},
		{"off", "store:\n  unmatched_days: 0\n  unmatched_max: 0\n", store.Retention{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadYAML(t, tc.yaml)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Store.retention(); got != tc.want {
				t.Errorf("retention %+v, want %+v", got, tc.want)
			}
		})
	}
}

// loadYAML loads a configuration file holding yaml, with no environment.
func loadYAML(t *testing.T, yaml string) (Config, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "orfix.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return loadConfig(file, func(string) string { return "" })
}

// TestConfigSecretKey: OAuth installs need a usable ORFIX_SECRET_KEY (from
// the environment only) and a store; no message quotes the key.
func TestConfigSecretKey(t *testing.T) {
	const oauth = "slack:\n  signing_secret: s\n  client_id: \"1.2\"\n  client_secret: x\n"
	good := strings.Repeat("ab", 32)
	tests := []struct {
		name, yaml, key, want string
	}{
		{"hex key", oauth, good, ""},
		{"long passphrase", oauth, "a passphrase of more than thirty-two characters", ""},
		{"short key", oauth, "hunter2", "ORFIX_SECRET_KEY"},
		{"no store", oauth + "store:\n  path: \"\"\n", good, "needs a store"},
		{"no way to get events", "slack:\n  client_id: \"1.2\"\n  client_secret: x\n", good, "signing_secret"},
		{"short key without OAuth", "", "hunter2", "ORFIX_SECRET_KEY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "orfix.yaml")
			if err := os.WriteFile(file, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(file, func(k string) string {
				if k == "ORFIX_SECRET_KEY" {
					return tc.key
				}
				return ""
			})
			if tc.want == "" {
				if err != nil || cfg.SecretKey != tc.key {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
			if strings.Contains(err.Error(), tc.key) {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}

// TestConfigCheckReadsSecretKey: config check sees ORFIX_SECRET_KEY, the
// one setting a file cannot hold, and reports it missing.
func TestConfigCheckReadsSecretKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "orfix.yaml")
	if err := os.WriteFile(file, []byte("http:\n  public_url: https://orfix.example.com\nslack:\n  signing_secret: s\n  client_id: \"1.2\"\n  client_secret: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ORFIX_SECRET_KEY", "")
	if code, out, _ := runCLI(t, "", "config", "check", file); code != exitUsage || !strings.Contains(out, "ORFIX_SECRET_KEY") {
		t.Errorf("without the key: exit %d: %s", code, out)
	}
	t.Setenv("ORFIX_SECRET_KEY", strings.Repeat("cd", 32))
	if code, out, _ := runCLI(t, "", "config", "check", file); code != exitOK {
		t.Errorf("with the key: exit %d: %s", code, out)
	}
}
