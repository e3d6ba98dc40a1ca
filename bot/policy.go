package bot

import (
	"slices"
	"sync"
	"time"
)

// policy keeps the per-replica state behind cooldowns and rate limits.
// It is bounded: entries older than their window are pruned as it grows.
type policy struct {
	mu       sync.Mutex
	now      func() time.Time
	cooldown time.Duration
	rate     int
	window   time.Duration
	channels map[string]bool
	all      bool

	answered  map[cooldownKey]time.Time // when the bot last answered
	requests  map[string][]time.Time    // per user: recent request times
	lastPrune time.Time
}

type cooldownKey struct{ platform, channel, user, entry string }

// maxPolicyKeys triggers a prune of expired state; past hardPolicyKeys
// live keys the state is dropped.
const (
	maxPolicyKeys  = 10000
	hardPolicyKeys = 4 * maxPolicyKeys
)

func newPolicy(c Config, now func() time.Time) *policy {
	p := &policy{
		now: now, cooldown: c.Cooldown, rate: c.UserRate, window: c.UserRateWindow,
		channels: map[string]bool{}, answered: map[cooldownKey]time.Time{}, requests: map[string][]time.Time{},
	}
	for _, ch := range c.PassiveChannels {
		if ch == "*" {
			p.all = true
		}
		p.channels[ch] = true
	}
	return p
}

// watched reports whether the bot listens passively in a channel.
func (p *policy) watched(channel string) bool { return p.all || p.channels[channel] }

// allow counts a request by a user and reports whether it is within the
// user's rate.
func (p *policy) allow(platform Platform, user string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	key := string(platform) + "\x00" + user
	times := p.requests[key]
	cut := now.Add(-p.window)
	i := 0
	for i < len(times) && !times[i].After(cut) {
		i++
	}
	times = times[i:]
	if len(times) >= p.rate {
		p.requests[key] = times
		return false
	}
	p.requests[key] = append(times, now)
	if len(p.requests) > maxPolicyKeys {
		p.pruneLocked(now)
	}
	return true
}

// cooled reports whether the bot may answer entry to user in channel now,
// and if so records the answer.
func (p *policy) cooled(platform Platform, channel, user, entry string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	k := cooldownKey{string(platform), channel, user, entry}
	if last, ok := p.answered[k]; ok && now.Sub(last) < p.cooldown {
		return false
	}
	p.answered[k] = now
	if len(p.answered) > maxPolicyKeys {
		p.pruneLocked(now)
	}
	return true
}

// pruneLocked drops expired state, at most once a second so a flood of
// live keys does not turn every request into a full scan.
func (p *policy) pruneLocked(now time.Time) {
	if now.Sub(p.lastPrune) < time.Second {
		return
	}
	p.lastPrune = now
	for k, t := range p.answered {
		if now.Sub(t) >= p.cooldown {
			delete(p.answered, k)
		}
	}
	cut := now.Add(-p.window)
	for k, ts := range p.requests {
		if len(ts) == 0 || !ts[len(ts)-1].After(cut) {
			delete(p.requests, k)
		} else {
			p.requests[k] = slices.Clip(ts)
		}
	}
	// Still far over the bound (a flood of distinct users within one
	// window): forget them all rather than grow without limit. Rate
	// limiting is best effort; memory is not.
	if len(p.requests) > hardPolicyKeys {
		clear(p.requests)
	}
	if len(p.answered) > hardPolicyKeys {
		clear(p.answered)
	}
}
