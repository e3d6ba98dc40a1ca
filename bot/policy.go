package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// policy decides on cooldowns and rate limits. Their state lives in a
// store.Shared: in this process by default (store.MemShared), in the
// database when several replicas must agree (store.Postgres).
type policy struct {
	shared   store.Shared
	log      *slog.Logger
	cooldown time.Duration
	rate     int
	window   time.Duration
}

// newPolicy returns the policy of c over shared; nil shared keeps the state
// in this process, on the clock now.
func newPolicy(c Config, shared store.Shared, now func() time.Time, log *slog.Logger) *policy {
	if shared == nil {
		shared = store.NewMemShared(now)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &policy{shared: shared, log: log, cooldown: c.Cooldown, rate: c.UserRate, window: c.UserRateWindow}
}

// allow counts an answer to a user and reports whether it is within the
// user's rate for that kind of request (explicit requests and passive
// answers have separate allowances); a refused one is not counted. When
// the shared state cannot be reached the answer is allowed: a limit is best
// effort, an answer is not.
func (p *policy) allow(ctx context.Context, platform Platform, mode Mode, user string) bool {
	if p.rate <= 0 {
		return false
	}
	// The check and the count in one call: one round trip on PostgreSQL.
	out, err := store.RunSteps(ctx, p.shared, []store.Step{{
		Op: store.OpHit, Key: stateKey("rate", string(platform), string(mode), user), Period: p.window, Below: p.rate,
	}})
	if err != nil {
		p.log.WarnContext(ctx, "rate limit state unavailable; allowing", "err", err)
		return true
	}
	return out[0].OK
}

// spent reports, without counting anything, whether the user has used up
// the allowance for mode. Unknown state counts as not spent.
func (p *policy) spent(ctx context.Context, platform Platform, mode Mode, user string) bool {
	n, err := p.shared.Count(ctx, stateKey("rate", string(platform), string(mode), user), p.window)
	return err == nil && n >= p.rate
}

// cooled reports whether the bot may answer entry to user in channel now,
// and if so starts the cooldown. Without the shared state it answers.
func (p *policy) cooled(ctx context.Context, platform Platform, channel, user, entry string) bool {
	ok, err := p.shared.Claim(ctx, stateKey("cooldown", string(platform), channel, user, entry), p.cooldown)
	if err != nil {
		p.log.WarnContext(ctx, "cooldown state unavailable; answering", "err", err)
		return true
	}
	return ok
}

// stateKey hashes platform ids into an opaque key, so the shared state
// never holds a raw id.
func stateKey(kind string, parts ...string) string {
	// The input is gathered in a stack buffer when it fits, and hashed in
	// one call: the key string is the only allocation.
	var in [256]byte
	b := in[:0]
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	sum := sha256.Sum256(b)
	var out [64 + 1 + 32]byte
	k := append(out[:0], kind...)
	k = append(k, ':')
	k = hex.AppendEncode(k, sum[:16])
	return string(k)
}
