package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
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
}

// HTTPConfig is the one listener for web pages, the API, operations and the
// Discord and Slack HTTP endpoints.
type HTTPConfig struct {
	Addr            string        `yaml:"addr"`
	PublicURL       string        `yaml:"public_url"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	// AdminToken turns on the operator dashboard at /admin; it comes from
	// ORFIX_ADMIN_TOKEN only, never from the file.
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
}

// SlackConfig holds the Slack credentials and options.
type SlackConfig struct {
	BotToken      string `yaml:"bot_token"`
	SigningSecret string `yaml:"signing_secret"`
	AppToken      string `yaml:"app_token"`
	AdminToken    string `yaml:"admin_token"`
	ModChannel    string `yaml:"mod_channel"`
	// APIURL replaces https://slack.com/api/; for tests against a fake.
	APIURL string `yaml:"api_url"`
}

// LogConfig chooses the log level and format (auto: JSON unless stderr is a terminal).
type LogConfig struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// defaultConfig is the configuration with no file and no environment.
func defaultConfig() Config {
	return Config{
		HTTP:  HTTPConfig{Addr: "127.0.0.1:8080", ShutdownTimeout: 8 * time.Second},
		KB:    KBConfig{ReloadInterval: 2 * time.Second},
		Store: StoreConfig{Path: "orfix.db"},
		// Passive and mention answers go in a thread on the message, so a
		// busy channel keeps one line per question.
		Discord: DiscordConfig{ReplyInThread: true},
		Log:     LogConfig{Level: "info", Format: "auto"},
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
	{"ORFIX_SLACK_API_URL", func(c *Config, v string) { c.Slack.APIURL = v }},
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

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
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		if err := decodeConfig(file, data, &c); err != nil {
			return c, err
		}
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
	return c, validateConfig(file, c)
}

// decodeConfig decodes YAML strictly: an unknown key is an error with its line.
func decodeConfig(file string, data []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(msg, "\n", "; ")
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
			msg = strings.TrimPrefix(msg, "unmarshal errors:; ")
			msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
		}
		return &ConfigError{File: file, Line: line, Msg: msg}
	}
	return nil
}

func validateConfig(file string, c Config) error {
	bad := func(msg string) error { return &ConfigError{File: file, Msg: msg} }
	if file == "" {
		file = "config"
	}
	switch {
	case c.HTTP.Addr == "":
		return bad("http.addr is empty")
	case c.Bot.Thresholds.Floor < 0 || c.Bot.Thresholds.Floor > 1 || c.Bot.Thresholds.Passive < 0 || c.Bot.Thresholds.Passive > 1:
		return bad("bot.thresholds must be between 0 and 1")
	case c.Bot.Thresholds.Passive != 0 && c.Bot.Thresholds.Floor > c.Bot.Thresholds.Passive:
		return bad("bot.thresholds.floor is above bot.thresholds.passive")
	case c.Bot.Cooldown < 0 || c.Bot.UserRateWindow < 0 || c.Bot.UserRate < 0 || c.Bot.MaxPaste < 0 || c.Bot.MaxAttachment < 0:
		return bad("bot limits cannot be negative")
	case c.Store.Salt != "" && len(c.Store.Salt) < 16:
		return bad("store.salt must be at least 16 characters")
	case c.Store.URL != "" && !store.IsPostgresURL(c.Store.URL):
		return bad("store.url must be a postgres:// or postgresql:// URL")
	case c.Store.URL != "" && c.Store.Salt == "":
		return bad("store.url needs store.salt (ORFIX_STORE_SALT): every replica must hash ids with the same key")
	case c.Discord.ShardCount > 1 && (c.Discord.ShardID < 0 || c.Discord.ShardID >= c.Discord.ShardCount):
		return bad("discord.shard_id must be in [0, shard_count)")
	case c.Slack.AppToken != "" && !strings.HasPrefix(c.Slack.AppToken, "xapp-"):
		return bad("slack.app_token must start with xapp-")
	case c.Slack.BotToken != "" && !strings.HasPrefix(c.Slack.BotToken, "xoxb-"):
		return bad("slack.bot_token must start with xoxb-")
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		return bad(fmt.Sprintf("log.level %q: use debug, info, warn or error", c.Log.Level))
	}
	switch c.Log.Format {
	case "auto", "json", "text":
	default:
		return bad(fmt.Sprintf("log.format %q: use auto, json or text", c.Log.Format))
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
		slog.Bool("admin_dashboard", c.HTTP.AdminToken != ""),
	)
}
