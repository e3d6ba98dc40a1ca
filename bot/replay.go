package bot

import (
	"context"
	"time"
)

// ReplayWindow is how long a request signature is remembered: the
// platforms refuse a timestamp older than five minutes, so a signature
// cannot be replayed once it is forgotten.
const ReplayWindow = 6 * time.Minute

// Replayed reports whether a signed platform request (its signature) was
// already seen by any replica sharing the state; the first sight claims
// it. A replay must change nothing: the adapter refuses it. When the shared
// state cannot be reached the request is taken (a rare double is better
// than a lost answer).
func (b *Bot) Replayed(ctx context.Context, platform Platform, signature string) bool {
	if signature == "" {
		return false
	}
	first, err := b.shared.Claim(ctx, stateKey("sig", string(platform), signature), ReplayWindow)
	if err != nil {
		b.log.WarnContext(ctx, "replay check unavailable; taking the request", "platform", platform, "err", SafeError(err))
		return false
	}
	return !first
}
