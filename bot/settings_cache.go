package bot

import (
	"context"
	"sync"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// DefaultSettingsTTL is how long a replica trusts its cached copy of a
// community's settings. Changes reach every replica at once through the
// store's notifications (PostgreSQL); the TTL bounds the staleness when
// those are lost (the listening connection dropped, or several processes
// share an SQLite file).
const DefaultSettingsTTL = 30 * time.Second

// maxCachedCommunities bounds the cache; when full it starts over.
const maxCachedCommunities = 10000

// settingsCache keeps the stored settings of the communities the bot
// hears from, so that the hot path reads the store about once per TTL.
type settingsCache struct {
	ttl time.Duration
	now func() time.Time

	mu  sync.RWMutex
	m   map[communityKey]cachedSettings
	gen uint64 // bumped by every invalidation
}

type communityKey struct {
	platform  Platform
	community string
}

type cachedSettings struct {
	s  store.Settings
	at time.Time
}

func newSettingsCache(ttl time.Duration, now func() time.Time) *settingsCache {
	return &settingsCache{ttl: ttl, now: now, m: map[communityKey]cachedSettings{}}
}

// get returns the cached settings of k, reading them through load when
// missing or stale. A failed load is not cached.
func (c *settingsCache) get(ctx context.Context, k communityKey, load func(context.Context) (store.Settings, error)) (store.Settings, error) {
	now := c.now()
	c.mu.RLock()
	e, ok := c.m[k]
	gen := c.gen
	c.mu.RUnlock()
	if ok && now.Sub(e.at) < c.ttl {
		return e.s, nil
	}
	s, err := load(ctx)
	if err != nil {
		return store.Settings{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// A load that raced an invalidation may have read the old values:
	// answer with them this once, but do not keep them.
	if c.gen == gen {
		if len(c.m) >= maxCachedCommunities {
			clear(c.m)
		}
		c.m[k] = cachedSettings{s: s, at: now}
	}
	return s, nil
}

// invalidate drops every cached copy.
func (c *settingsCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}
