package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge"
)

// Core is the part of the bot core the adapter uses; *bot.Bot implements it.
type Core interface {
	// Handle answers one request (see bot.Bot.Handle).
	Handle(ctx context.Context, req bot.Request) (bot.Reply, error)
	// KB is the knowledge base answering now.
	KB() *knowledge.KB
	// Config is the core's policy, defaults filled in.
	Config() bot.Config
	// EntryURL is the public page of an entry.
	EntryURL(id string) string
	// ReplyFor is the answer for an entry id picked from autocomplete
	// (see bot.Bot.ReplyFor).
	ReplyFor(entryID, tool string) (bot.Reply, bool)
	// Handoff is the support mention for a "not yet" in a thread, the
	// first time the thread asks (see bot.Bot.Handoff).
	Handoff(ctx context.Context, platform bot.Platform, community, thread string) string
	// FileSettings, Settings and Admin are a server's settings: the
	// file's, the effective ones, and the /orfix-admin commands (see
	// bot.Bot.Settings and bot.Bot.Admin).
	FileSettings() bot.Settings
	Settings(ctx context.Context, platform bot.Platform, community string, base bot.Settings) bot.Settings
	Admin(ctx context.Context, platform bot.Platform, community, user string, base bot.Settings, cmd bot.AdminCommand) (bot.AdminResult, error)
	// Replayed reports whether a signed request was seen before (see
	// bot.Bot.Replayed).
	Replayed(ctx context.Context, platform bot.Platform, signature string) bool
	// ModChannels lists the moderator channels communities set from chat,
	// for incident alerts (see bot.Bot.ModChannels).
	ModChannels(ctx context.Context, platform bot.Platform, limit int) ([]store.ModChannel, bool, error)
}

var _ Core = (*bot.Bot)(nil)

// Config is the Discord adapter's configuration. Each transport is enabled
// by its own credential: Token runs the Gateway, PublicKey the HTTP
// interactions endpoint.
type Config struct {
	// Token is the bot token (DISCORD_BOT_TOKEN), without the "Bot " prefix.
	Token string
	// AppID is the application id (DISCORD_APP_ID): needed to register
	// commands and for the invite URL. Interactions carry it too, so the
	// HTTP mode's follow-ups work without it.
	AppID string
	// PublicKey is the application's hex Ed25519 public key
	// (DISCORD_PUBLIC_KEY); it enables POST /discord/interactions.
	PublicKey string
	// GuildIDs, when set, register the commands in these guilds only
	// (instant, for testing); otherwise they are registered globally.
	GuildIDs []string
	// ModChannel is a channel id that gets an alert (masked key only) when
	// a message leaking a secret is removed; "" for none. A server's
	// admins may choose another with /orfix-admin modchannel.
	ModChannel string
	// ReplyInThread answers passive and mention messages in a thread
	// started on the message instead of a reply in the channel (a
	// server's admins may change it with /orfix-admin threads).
	ReplyInThread bool
	// MessageContent asks for the privileged MESSAGE_CONTENT intent even
	// when the file lists no passive channels, so that passive listening
	// turned on from chat (/orfix-admin listen) can read messages. Enable
	// the intent in the Developer Portal first.
	MessageContent bool
	// ShardID and ShardCount shard the Gateway (ShardCount 0 or 1: no sharding).
	ShardID, ShardCount int
}

// Option configures an Adapter.
type Option func(*Adapter)

// WithHTTPClient sends every REST call, gateway lookup and attachment
// download through c (tests point it at a local fake Discord).
func WithHTTPClient(c *http.Client) Option { return func(a *Adapter) { a.http = c } }

// WithClock replaces time.Now for signature timestamps (tests).
func WithClock(now func() time.Time) Option { return func(a *Adapter) { a.now = now } }

// Limits of the HTTP interactions endpoint.
const (
	// MaxInteractionBody is the largest interaction body accepted.
	MaxInteractionBody = 256 << 10
	// MaxSignatureAge is how far X-Signature-Timestamp may be from now.
	MaxSignatureAge = 5 * time.Minute
	// eventTimeout bounds the work for one event, follow-ups included.
	eventTimeout = time.Minute
	// maxAttachments is how many attachments of one message are read.
	maxAttachments = 3
)

// Adapter connects the bot core to Discord. It is safe for concurrent use.
type Adapter struct {
	core    Core
	cfg     Config
	log     *slog.Logger
	http    *http.Client
	now     func() time.Time
	pub     ed25519.PublicKey
	session *discordgo.Session
	ids     bot.LogIDs // hashes ids for logs
	events  *inflight  // the Gateway's handlers

	botID     atomic.Pointer[string] // the bot's user id, from READY
	connected atomic.Bool
	running   atomic.Bool

	warnContent sync.Once   // MESSAGE_CONTENT intent missing
	warnManage  atomic.Bool // MANAGE_MESSAGES missing, logged once
}

// New returns an adapter for core. It fails when the public key is not a
// hex Ed25519 key. Nothing connects until Run or a request arrives.
func New(core Core, cfg Config, log *slog.Logger, opts ...Option) (*Adapter, error) {
	if core == nil {
		return nil, errors.New("discord: nil core")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{
		core: core, cfg: cfg, log: log.With("adapter", "discord"), now: time.Now,
		ids: bot.NewLogIDs(core.Config().LogKey), events: newInflight(maxInflight),
	}
	for _, o := range opts {
		o(a)
	}
	if a.http == nil {
		a.http = &http.Client{Timeout: 20 * time.Second}
	}
	if cfg.PublicKey != "" {
		k, err := hex.DecodeString(cfg.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("discord: public key: want %d hex bytes", ed25519.PublicKeySize)
		}
		a.pub = k
	}
	token := ""
	if cfg.Token != "" {
		token = "Bot " + cfg.Token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord: session: %w", err)
	}
	s.Client = a.http
	s.MaxRestRetries = 1
	s.LogLevel = discordgo.LogError
	s.Identify.Intents = intents(core.Config(), cfg.MessageContent)
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	a.session = s
	return a, nil
}

// intents are the Gateway intents the adapter needs. MESSAGE_CONTENT is
// privileged: it is asked for only when passive channels are configured
// in the file or content is asked for (mentions and DMs carry their
// content without it).
func intents(c bot.Config, content bool) discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if len(c.PassiveChannels) > 0 || content {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// Register mounts POST /discord/interactions on mux when a public key is
// configured; without one it mounts nothing.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.pub == nil {
		return
	}
	// Method-less, so a GET gets the handler's 405 rather than the web's 404.
	mux.Handle("/discord/interactions", a.InteractionsHandler())
}

// Ready reports whether the adapter can serve: nil when the Gateway is not
// configured or connected, an error while a configured Gateway is down.
func (a *Adapter) Ready() error {
	if a.cfg.Token == "" || a.connected.Load() {
		return nil
	}
	return errors.New("discord: gateway not connected")
}

// user returns the id of whoever caused an interaction.
func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// recoverEvent logs a panic in one event's handling; the adapter goes on.
func (a *Adapter) recoverEvent(ctx context.Context, what, id string) {
	if p := recover(); p != nil {
		a.log.ErrorContext(ctx, "event panicked", "event", what, "id", a.ids.Hash(id), "panic", fmt.Sprint(p))
	}
}
