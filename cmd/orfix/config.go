package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/adapters/web"
	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/lazyre"
	"github.com/orfix/orfix/knowledge"
)

// Config is the whole of orfix serve's configuration; config.example.yaml
// documents every key and its default.
type Config struct {
	HTTP    HTTPConfig    `yaml:"http"`
	KB      KBConfig      `yaml:"kb"`
	Bot     bot.Config    `yaml:"bot"`
	Store   StoreConfig   `yaml:"store"`
	Discord DiscordConfig `yaml:"discord"`
	Slack   SlackConfig   `yaml:"slack"`
	Log     LogConfig     `yaml:"log"`
	// Incidents tunes incident detection and the status page poll.
	Incidents bot.IncidentConfig `yaml:"incidents"`
	// SecretKey (ORFIX_SECRET_KEY, never from the file) encrypts the
	// tokens kept at rest: the Slack workspaces installed through OAuth.
	SecretKey string `yaml:"-"`
	// Runtime tunes the Go runtime (the soft memory limit).
	Runtime RuntimeConfig `yaml:"runtime"`
}

// HTTPConfig is the one listener for web pages, the API, operations and the
// Discord and Slack HTTP endpoints.
type HTTPConfig struct {
	Addr            string        `yaml:"addr"`
	PublicURL       string        `yaml:"public_url"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// ClientRate requests per ClientWindow per client address reach the
	// pages and the API; 0 turns the limit off (behind a limiting proxy).
	ClientRate   int           `yaml:"client_rate"`
	ClientWindow time.Duration `yaml:"client_window"`
	// AdminToken (ORFIX_ADMIN_TOKEN, never from the file) turns on the
	// operator dashboard at /admin and lets a non-loopback client read the
	// details of /readyz with "Authorization: Bearer".
	AdminToken string `yaml:"-"`
}

// KBConfig names an extra knowledge-base directory, watched for changes.
type KBConfig struct {
	Dir            string        `yaml:"dir"`
	ReloadInterval time.Duration `yaml:"reload_interval"`
}

// StoreConfig places the feedback and statistics database.
type StoreConfig struct {
	// Path of the SQLite file; "" keeps no statistics.
	Path string `yaml:"path"`
	// URL of a PostgreSQL database (postgres:// or postgresql://); when
	// set it replaces Path, and replicas share statistics and state.
	URL string `yaml:"url"`
	// Salt keys the hashes of channel and user ids (16+ bytes); empty: a
	// random salt is made once and kept in Path + ".salt".
	Salt string `yaml:"salt"`
	// UnmatchedDays drops unmatched pastes older than this many days; 0
	// keeps them however old.
	UnmatchedDays int `yaml:"unmatched_days"`
	// UnmatchedMax keeps at most this many unmatched pastes, the newest;
	// 0 keeps all.
	UnmatchedMax int `yaml:"unmatched_max"`
}

// retention is the store's retention of unmatched pastes.
func (c StoreConfig) retention() store.Retention {
	return store.Retention{MaxAge: time.Duration(c.UnmatchedDays) * 24 * time.Hour, MaxRows: c.UnmatchedMax}
}

// DiscordConfig holds the Discord credentials and options.
type DiscordConfig struct {
	Token         string   `yaml:"token"`
	AppID         string   `yaml:"app_id"`
	PublicKey     string   `yaml:"public_key"`
	GuildIDs      []string `yaml:"guild_ids"`
	ModChannel    string   `yaml:"mod_channel"`
	ReplyInThread bool     `yaml:"reply_in_thread"`
	ShardID       int      `yaml:"shard_id"`
	ShardCount    int      `yaml:"shard_count"`
	// MessageContent asks for the MESSAGE_CONTENT intent even with no
	// passive channels in the file, for listening turned on from chat.
	MessageContent bool `yaml:"message_content"`
}

// SlackConfig holds the Slack credentials and options.
type SlackConfig struct {
	BotToken      string `yaml:"bot_token"`
	SigningSecret string `yaml:"signing_secret"`
	AppToken      string `yaml:"app_token"`
	AdminToken    string `yaml:"admin_token"`
	ModChannel    string `yaml:"mod_channel"`
	// Admins are user ids allowed to run /orfix admin besides the
	// workspace's admins and owners.
	Admins []string `yaml:"admins"`
	// APIURL replaces https://slack.com/api/; for tests against a fake.
	APIURL string `yaml:"api_url"`
	// ClientID and ClientSecret turn on installing the app in many
	// workspaces through OAuth (GET /slack/install); they need
	// ORFIX_SECRET_KEY and a store.
	ClientID     string `yaml:"client_id"`
	ClientSecret string `yaml:"client_secret"`
}

// LogConfig chooses the log level and format (auto: JSON unless stderr is a terminal).
type LogConfig struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// defaultConfig is the configuration with no file and no environment.
func defaultConfig() Config {
	return Config{
		HTTP: HTTPConfig{
			Addr: "127.0.0.1:8080", ShutdownTimeout: 8 * time.Second,
			ClientRate: web.DefaultClientRate, ClientWindow: web.DefaultClientWindow,
		},
		KB:    KBConfig{ReloadInterval: 2 * time.Second},
		Store: StoreConfig{Path: "orfix.db", UnmatchedDays: store.DefaultUnmatchedDays, UnmatchedMax: store.DefaultUnmatchedMax},
		// Passive and mention answers go in a thread on the message, so a
		// busy channel keeps one line per question.
		Discord: DiscordConfig{ReplyInThread: true},
		Log:     LogConfig{Level: "info", Format: "auto"},
		Runtime: RuntimeConfig{MemoryLimit: DefaultMemoryLimit},
	}
}

// envOverrides are the settings the environment can give; they win over the file.
var envOverrides = []struct {
	name string
	set  func(*Config, string)
}{
	{"ORFIX_HTTP_ADDR", func(c *Config, v string) { c.HTTP.Addr = v }},
	{"ORFIX_PUBLIC_URL", func(c *Config, v string) { c.HTTP.PublicURL = v }},
	{"ORFIX_KB_DIR", func(c *Config, v string) { c.KB.Dir = v }},
	{"ORFIX_STORE_PATH", func(c *Config, v string) { c.Store.Path = v }},
	{"ORFIX_STORE_SALT", func(c *Config, v string) { c.Store.Salt = v }},
	{"ORFIX_DATABASE_URL", func(c *Config, v string) { c.Store.URL = v }},
	{"ORFIX_ADMIN_TOKEN", func(c *Config, v string) { c.HTTP.AdminToken = v }},
	{"DISCORD_BOT_TOKEN", func(c *Config, v string) { c.Discord.Token = v }},
	{"DISCORD_APP_ID", func(c *Config, v string) { c.Discord.AppID = v }},
	{"DISCORD_PUBLIC_KEY", func(c *Config, v string) { c.Discord.PublicKey = v }},
	{"SLACK_BOT_TOKEN", func(c *Config, v string) { c.Slack.BotToken = v }},
	{"SLACK_SIGNING_SECRET", func(c *Config, v string) { c.Slack.SigningSecret = v }},
	{"SLACK_APP_TOKEN", func(c *Config, v string) { c.Slack.AppToken = v }},
	{"SLACK_ADMIN_TOKEN", func(c *Config, v string) { c.Slack.AdminToken = v }},
	{"ORFIX_ADMIN_TOKEN", func(c *Config, v string) { c.HTTP.AdminToken = v }},
	{"ORFIX_SLACK_API_URL", func(c *Config, v string) { c.Slack.APIURL = v }},
	{"SLACK_CLIENT_ID", func(c *Config, v string) { c.Slack.ClientID = v }},
	{"SLACK_CLIENT_SECRET", func(c *Config, v string) { c.Slack.ClientSecret = v }},
	{"ORFIX_SECRET_KEY", func(c *Config, v string) { c.SecretKey = v }},
}

var yamlLine = lazyre.New(`line (\d+)`)

// hexKey is an Ed25519 public key in hex.
var hexKey = lazyre.New(`^[0-9a-fA-F]{64}$`)

// ConfigError is a problem in a configuration file, "file:line: message".
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// loadConfig reads the file (if any) over the defaults, then the
// environment over both, and validates the result.
func loadConfig(file string, getenv func(string) string) (Config, error) {
	c := defaultConfig()
	var lines map[string]int
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		if err := decodeConfig(file, data, &c); err != nil {
			return c, err
		}
		lines = keyLines(data)
	}
	for _, o := range envOverrides {
		if v := strings.TrimSpace(getenv(o.name)); v != "" {
			o.set(&c, v)
		}
	}
	if c.HTTP.PublicURL == "" {
		c.HTTP.PublicURL = "http://" + c.HTTP.Addr
	}
	c.HTTP.PublicURL = strings.TrimRight(c.HTTP.PublicURL, "/")
	c.Bot.PublicURL = c.HTTP.PublicURL
	return c, validateConfig(file, c, lines)
}

// keyLines maps each dotted key of a YAML document ("http.addr") to its line.
func keyLines(data []byte) map[string]int {
	var doc yaml.Node
	lines := map[string]int{}
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return lines
	}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := prefix + n.Content[i].Value
			lines[key] = n.Content[i].Line
			walk(n.Content[i+1], key+".")
		}
	}
	walk(doc.Content[0], "")
	return lines
}

// decodeConfig decodes YAML strictly: an unknown key is an error with its line.
func decodeConfig(file string, data []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(msg, "\n", "; ")
		line := 0
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
			msg = strings.TrimPrefix(msg, "unmarshal errors:; ")
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
		}
		return &ConfigError{File: file, Line: line, Msg: msg}
	}
	return nil
}

// validateConfig runs every check serve makes before it starts anything,
// so that `orfix config check` refuses exactly what serve would. lines
// (from keyLines; nil without a file) give each message its line.
func validateConfig(file string, c Config, lines map[string]int) error {
	if file == "" {
		file = "config"
	}
	bad := func(key, msg string) error { return &ConfigError{File: file, Line: lines[key], Msg: msg} }
	th := c.Bot.Thresholds
	floor, passive := th.Floor, th.Passive
	if (floor == 0) != (passive == 0) {
		// One bar is set: compare it with the model's other one. With
		// neither set, the model's own pair holds and serve does not wait
		// on parsing the model before it listens.
		d := knowledge.DefaultThresholds()
		floor, passive = cmp.Or(floor, d.Floor), cmp.Or(passive, d.Passive)
	}
	switch {
	case c.HTTP.Addr == "":
		return bad("http.addr", "http.addr is empty")
	case c.HTTP.ShutdownTimeout <= 0:
		return bad("http.shutdown_timeout", "http.shutdown_timeout must be above 0 (8s fits a 10 s container grace period)")
	case c.HTTP.ClientRate < 0:
		return bad("http.client_rate", "http.client_rate cannot be negative (0 turns the limit off)")
	case c.HTTP.ClientRate > 0 && c.HTTP.ClientWindow <= 0:
		return bad("http.client_window", "http.client_window must be above 0")
	case c.KB.ReloadInterval <= 0:
		return bad("kb.reload_interval", "kb.reload_interval must be above 0")
	case th.Floor < 0 || th.Floor > 1 || th.Passive < 0 || th.Passive > 1:
		return bad("bot.thresholds", "bot.thresholds must be between 0 and 1")
	case floor > passive:
		return bad("bot.thresholds.floor", fmt.Sprintf("bot.thresholds.floor %.2f is above the passive bar %.2f", floor, passive))
	case c.Bot.Cooldown < 0 || c.Bot.UserRateWindow < 0 || c.Bot.UserRate < 0 || c.Bot.MaxPaste < 0 || c.Bot.MaxAttachment < 0:
		return bad("bot", "bot limits cannot be negative")
	case c.Store.UnmatchedDays < 0:
		return bad("store.unmatched_days", "store.unmatched_days cannot be negative (0 keeps pastes however old)")
	case c.Store.UnmatchedMax < 0:
		return bad("store.unmatched_max", "store.unmatched_max cannot be negative (0 keeps all)")
	case c.Store.Salt != "" && len(c.Store.Salt) < 16:
		return bad("store.salt", "store.salt must be at least 16 characters")
	case c.Store.URL != "" && !store.IsPostgresURL(c.Store.URL):
		return bad("store.url", "store.url must be a postgres:// or postgresql:// URL")
	case c.Store.URL != "" && c.Store.Salt == "":
		return bad("store.url", "store.url needs store.salt (ORFIX_STORE_SALT): every replica must hash ids with the same key")
	case c.Discord.ShardCount < 0 || (c.Discord.ShardCount > 0 && (c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount)):
		return bad("discord.shard_id", "discord.shard_id must be in [0, shard_count)")
	case c.Discord.ShardCount == 0 && c.Discord.ShardID != 0:
		return bad("discord.shard_id", "discord.shard_id is set without discord.shard_count")
	case c.Discord.PublicKey != "" && !hexKey().MatchString(c.Discord.PublicKey):
		return bad("discord.public_key", "discord.public_key must be 64 hex characters (the application's Public Key)")
	case c.Incidents.Window < 0 || c.Incidents.Answers < 0 || c.Incidents.Channels < 0 || c.Incidents.Factor < 0 || c.Incidents.BaselineFloor < 0:
		return bad("incidents", "incidents settings cannot be negative")
	case c.Incidents.StatusURL != "" && !strings.HasPrefix(c.Incidents.StatusURL, "https://") && !strings.HasPrefix(c.Incidents.StatusURL, "http://"):
		return bad("incidents.status_url", "incidents.status_url must be an http(s) URL")
	case c.Slack.AppToken != "" && !strings.HasPrefix(c.Slack.AppToken, "xapp-"):
		return bad("slack.app_token", "slack.app_token must start with xapp-")
	case c.Slack.BotToken != "" && !strings.HasPrefix(c.Slack.BotToken, "xoxb-"):
		return bad("slack.bot_token", "slack.bot_token must start with xoxb-")
	case c.Slack.AdminToken != "" && !strings.HasPrefix(c.Slack.AdminToken, "xoxp-"):
		return bad("slack.admin_token", "slack.admin_token must start with xoxp-")
	case c.Slack.AppToken != "" && c.Slack.BotToken == "" && c.Slack.ClientID == "":
		return bad("slack.app_token", "slack.app_token (Socket Mode) needs slack.bot_token too (or slack.client_id for OAuth installs)")
	case c.Slack.ModChannel != "" && c.Slack.BotToken == "":
		return bad("slack.mod_channel", "slack.mod_channel needs slack.bot_token")
	case (c.Slack.BotToken != "" || c.Slack.AdminToken != "") && c.Slack.SigningSecret == "" && c.Slack.AppToken == "":
		return bad("slack", "a Slack token needs slack.signing_secret (HTTP mode) or slack.app_token (Socket Mode)")
	}
	if err := validateSecrets(file, c, lines); err != nil {
		return err
	}
	if msg := publicURLShape(c.HTTP.PublicURL); msg != "" {
		return bad("http.public_url", msg)
	}
	if _, err := parseMemoryLimit(c.Runtime.MemoryLimit); err != nil {
		return bad("runtime.memory_limit", "runtime.memory_limit: "+err.Error())
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		return bad("log.level", fmt.Sprintf("log.level %q: use debug, info, warn or error", c.Log.Level))
	}
	switch c.Log.Format {
	case "auto", "json", "text":
	default:
		return bad("log.format", fmt.Sprintf("log.format %q: use auto, json or text", c.Log.Format))
	}
	return nil
}

// LogValue logs what the configuration turns on, never a credential.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.HTTP.Addr),
		slog.String("public_url", c.HTTP.PublicURL),
		slog.String("kb_dir", c.KB.Dir),
		slog.String("store", c.Store.describe()),
		slog.Bool("discord_gateway", c.Discord.Token != ""),
		slog.Bool("discord_http", c.Discord.PublicKey != ""),
		slog.Bool("slack_http", c.Slack.SigningSecret != ""),
		slog.Bool("slack_socket", c.Slack.AppToken != ""),
		slog.Bool("slack_oauth", c.Slack.ClientID != ""),
		slog.Bool("secret_key", c.SecretKey != ""),
		slog.Bool("admin_dashboard", c.HTTP.AdminToken != ""),
	)
}
