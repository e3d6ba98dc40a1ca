package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/memo"
	"github.com/orfix/orfix/knowledge"
)

// Store is what the bot records: answers, votes and the explicit queries
// it could not answer. store.SQLite implements it.
type Store interface {
	RecordAnswer(ctx context.Context, a store.Answer) error
	RecordFeedback(ctx context.Context, f store.Feedback) error
	RecordUnmatched(ctx context.Context, u store.Unmatched) error
}

// Bot is the platform-neutral core. It is safe for concurrent use.
type Bot struct {
	kb      atomic.Pointer[knowledge.KB]
	cfg     Config
	policy  *policy
	store   Store
	shared  store.Shared
	metrics *Metrics
	log     *slog.Logger
	now     func() time.Time

	incidentCfg IncidentConfig
	incidents   *detector

	links   *memo.Strings              // kb: links rewritten once per piece of text
	entries atomic.Pointer[entryCache] // what replies show of each entry, made once

	settings    store.SettingsStore // nil: the file's settings everywhere
	settingsTTL time.Duration
	cache       *settingsCache
}

// Option configures a Bot.
type Option func(*Bot)

// WithStore records answers, feedback and misses in s.
func WithStore(s Store) Option { return func(b *Bot) { b.store = s } }

// WithShared keeps cooldowns, rate limits, votes and the hand-off state in
// s, so that replicas sharing it agree (default: this process only).
func WithShared(s store.Shared) Option { return func(b *Bot) { b.shared = s } }

// WithMetrics counts answers, misses, secrets and latency in m.
func WithMetrics(m *Metrics) Option { return func(b *Bot) { b.metrics = m } }

// WithLogger logs through l (never a paste, only ids, scores and kinds).
func WithLogger(l *slog.Logger) Option { return func(b *Bot) { b.log = l } }

// WithSettings keeps each community's settings, as changed from chat, in
// s (see Bot.Settings and Bot.Admin); without it every community has the
// file's settings and Admin refuses changes.
func WithSettings(s store.SettingsStore) Option { return func(b *Bot) { b.settings = s } }

// WithSettingsTTL replaces DefaultSettingsTTL.
func WithSettingsTTL(d time.Duration) Option { return func(b *Bot) { b.settingsTTL = d } }

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(b *Bot) { b.now = now } }

// New returns a bot answering from kb.
func New(kb *knowledge.KB, cfg Config, opts ...Option) *Bot {
	b := &Bot{cfg: cfg.withDefaults(), log: slog.New(slog.DiscardHandler), now: time.Now}
	for _, o := range opts {
		o(b)
	}
	if b.shared == nil {
		b.shared = store.NewMemShared(b.now)
	}
	b.cfg.PublicURL = strings.TrimRight(b.cfg.PublicURL, "/")
	b.links = newLinkMemo(b.cfg.PublicURL)
	if len(b.cfg.LogKey) == 0 {
		b.cfg.LogKey = NewLogIDs(nil).key
	}
	if b.settingsTTL <= 0 {
		b.settingsTTL = DefaultSettingsTTL
	}
	b.cache = newSettingsCache(b.settingsTTL, b.now)
	b.policy = newPolicy(b.cfg, b.shared, b.now, b.log)
	b.incidents = newDetector(b.incidentCfg, b.shared, b.now, b.log, b.metrics)
	b.kb.Store(kb)
	return b
}

// KB returns the knowledge base the bot answers from now.
func (b *Bot) KB() *knowledge.KB { return b.kb.Load() }

// SetKB swaps in a new knowledge base; requests in flight finish on the old one.
func (b *Bot) SetKB(kb *knowledge.KB) { b.kb.Store(kb) }

// Config returns the bot's configuration with defaults filled in.
func (b *Bot) Config() Config { return b.cfg }

// EntryURL is the public page of an entry.
func (b *Bot) EntryURL(id string) string { return b.cfg.PublicURL + "/kb/" + id }

// Handle answers one request. It redacts secrets before anything else
// looks at the text. An error means the request could not be handled at all
// (the reply is still safe to render); "no match" is a normal reply.
func (b *Bot) Handle(ctx context.Context, req Request) (reply Reply, err error) {
	start := b.now()
	defer func() {
		if p := recover(); p != nil {
			// One bad event never takes the bot down.
			b.log.ErrorContext(ctx, "handle panicked", "platform", req.Platform, "mode", req.Mode, "panic", fmt.Sprint(p))
			reply, err = Reply{Silent: true, Reason: ReasonInternalError}, fmt.Errorf("bot: handle: panic: %v", p)
		}
	}()
	if req.FromBot {
		return Reply{Silent: true, Reason: ReasonFromBot}, nil
	}
	if req.Mode == Feedback {
		return b.feedback(ctx, req)
	}
	var bar float64 // the community's passive bar
	if req.Mode == Passive {
		set := b.Settings(ctx, req.Platform, req.Community, b.FileSettings())
		if !set.Listens(req.Channel, "") {
			return Reply{Silent: true, Reason: ReasonNotWatched}, nil
		}
		var on bool
		if bar, on = set.Eagerness.bar(b.cfg.Thresholds); !on {
			return Reply{Silent: true, Reason: ReasonPassiveOff}, nil
		}
	}

	text, notes := b.collect(req)
	redacted, secrets, cut := redactCut(text, b.cfg.MaxPaste)
	if cut {
		notes = append(notes, fmt.Sprintf("Your paste was longer than %d KB, so only the first part was read.", b.cfg.MaxPaste>>10))
	}
	b.metrics.secrets(secrets)
	if len(secrets) > 0 {
		b.log.WarnContext(ctx, "secrets in paste", "platform", req.Platform, "count", len(secrets), "kinds", CountKinds(secrets))
	}
	reply = Reply{Secrets: secrets, Redacted: redacted, Notes: notes}

	kb := b.KB()
	if req.Mode == Autocomplete {
		reply.Suggestions = kb.Suggest(redacted, knowledge.MaxSuggestions, b.cfg.Popular)
		return reply, nil
	}
	if strings.TrimSpace(redacted) == "" {
		reply.Silent, reply.Reason = req.Mode == Passive, ReasonEmpty
		reply.Level = Low
		return reply, nil
	}
	// Chat users are rate-limited on what orfix answers them: an explicit
	// request counts now (it is always answered), a passive message only
	// once it would be answered, so chatter never uses up the allowance.
	// The web and the API have their own per-client limit.
	chat := req.Platform == Discord || req.Platform == Slack
	if chat && req.Mode == Explicit && !b.policy.allow(ctx, req.Platform, req.Mode, req.User) {
		reply.Silent, reply.Reason = true, ReasonRateLimited
		return reply, nil
	}
	if chat && req.Mode == Passive && b.policy.spent(ctx, req.Platform, req.Mode, req.User) {
		// Already at the limit: not worth matching a message that could
		// not be answered anyway.
		reply.Silent, reply.Reason = true, ReasonRateLimited
		return reply, nil
	}

	top := req.Top
	if top <= 0 {
		top = 3
	}
	res := kb.Match(redacted, max(min(top, knowledge.MaxSuggestions), 4))
	b.fill(&reply, kb, res, req.Tool)
	for _, m := range res.Matches[:min(top, len(res.Matches))] {
		reply.Ranked = append(reply.Ranked, b.linkIn(kb, m.Entry, m.Score))
	}
	if req.Mode == Passive {
		top, _ := res.Top()
		switch {
		case !res.Passive(knowledge.Thresholds{Floor: b.cfg.Thresholds.Floor, Passive: bar}):
			reply.Silent, reply.Reason = true, ReasonBelowPassive
		case chat && !b.policy.allow(ctx, req.Platform, req.Mode, req.User):
			reply.Silent, reply.Reason = true, ReasonRateLimited
		case !b.policy.cooled(ctx, req.Platform, req.Channel, req.User, top.Entry.ID):
			reply.Silent, reply.Reason = true, ReasonCooldown
		}
	}
	b.noteIncident(ctx, req, &reply)
	b.record(ctx, req, reply, b.now().Sub(start))
	return reply, nil
}

// collect joins the message text and its text attachments, reading no
// more than the paste limit plus the scan overlap: nothing past that is
// ever looked at.
func (b *Bot) collect(req Request) (string, []string) {
	var notes []string
	limit := b.cfg.MaxPaste + scanOverlap
	var sb strings.Builder
	sb.WriteString(clipBytes(req.Text, limit))
	for _, a := range req.Attachments {
		t := a.Text
		if len(t) > b.cfg.MaxAttachment {
			t, a.Truncated = t[:b.cfg.MaxAttachment], true
		}
		if a.Truncated {
			notes = append(notes, fmt.Sprintf("The attachment %s was longer than %d KB, so only its first part was read.", a.Name, b.cfg.MaxAttachment>>10))
		}
		if room := limit - sb.Len(); room > 0 {
			sb.WriteString("\n")
			sb.WriteString(clipBytes(t, room-1))
		}
	}
	text := sb.String()
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return text, notes
}
