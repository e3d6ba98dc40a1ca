package bot

import (
	"time"

	"github.com/orfix/orfix/knowledge"
)

// Config is the bot core's policy. The zero value of a field means its default.
type Config struct {
	// PublicURL is the base of every link in replies (no trailing slash).
	PublicURL string `yaml:"public_url"`
	// Thresholds are the explicit floor and the passive bar.
	Thresholds knowledge.Thresholds `yaml:"thresholds"`
	// Cooldown is how long the bot stays quiet about the same entry to the
	// same user in the same channel when listening passively.
	Cooldown time.Duration `yaml:"cooldown"`
	// UserRate requests per UserRateWindow per chat user (Discord, Slack)
	// are answered; more are dropped. The web and the API are not limited
	// here: put them behind a proxy that limits per client.
	UserRate       int           `yaml:"user_rate"`
	UserRateWindow time.Duration `yaml:"user_rate_window"`
	// MaxPaste is the most bytes of a paste the bot reads; longer text is
	// cut, and the reply says so.
	MaxPaste int `yaml:"max_paste"`
	// MaxAttachment is the most bytes of one text attachment adapters fetch.
	MaxAttachment int `yaml:"max_attachment"`
	// PassiveChannels are the channel ids the bot listens in without being
	// asked; "*" means every channel it can read. Empty: none.
	PassiveChannels []string `yaml:"passive_channels"`
	// Support is who to mention when "Not yet" says a fix did not work
	// (a role or user-group mention in the platform's syntax), or "".
	Support string `yaml:"support"`
	// Popular lists entry ids to suggest first for an empty autocomplete.
	Popular []string `yaml:"popular"`
	// LogKey keys the hashes of platform ids in logs (see LogIDs); empty:
	// a random key, made once by New, so ids correlate within a process.
	LogKey []byte `yaml:"-"`
}

// Defaults for Config.
const (
	DefaultPublicURL      = "http://127.0.0.1:8080"
	DefaultCooldown       = 10 * time.Minute
	DefaultUserRate       = 6
	DefaultUserRateWindow = time.Minute
	DefaultMaxPaste       = 32 << 10
	DefaultMaxAttachment  = 256 << 10
)

// DefaultPopular is the autocomplete order for an empty query: the errors
// people hit most.
var DefaultPopular = []string{
	"openrouter-401-invalid-key", "openrouter-401-missing-key", "openrouter-402-insufficient-credits",
	"openrouter-429-free-limit", "openrouter-429-upstream", "openrouter-404-tool-use",
	"openrouter-404-model-not-found", "openrouter-provider-error", "openrouter-400-context-length",
	"openrouter-404-data-policy",
}

// withDefaults fills every zero field with its default.
func (c Config) withDefaults() Config {
	if c.PublicURL == "" {
		c.PublicURL = DefaultPublicURL
	}
	if c.Thresholds.Floor == 0 {
		c.Thresholds.Floor = knowledge.DefaultThresholds().Floor
	}
	if c.Thresholds.Passive == 0 {
		c.Thresholds.Passive = knowledge.DefaultThresholds().Passive
	}
	if c.Cooldown == 0 {
		c.Cooldown = DefaultCooldown
	}
	if c.UserRate == 0 {
		c.UserRate = DefaultUserRate
	}
	if c.UserRateWindow == 0 {
		c.UserRateWindow = DefaultUserRateWindow
	}
	if c.MaxPaste == 0 {
		c.MaxPaste = DefaultMaxPaste
	}
	if c.MaxAttachment == 0 {
		c.MaxAttachment = DefaultMaxAttachment
	}
	if len(c.Popular) == 0 {
		c.Popular = DefaultPopular
	}
	return c
}
