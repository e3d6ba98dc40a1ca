package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// fakeClock is a settable clock for policy tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)} }

func TestPolicyCooldown(t *testing.T) {
	clk := newFakeClock()
	p := newPolicy(Config{Cooldown: 10 * time.Minute, UserRate: 100, UserRateWindow: time.Minute}.withDefaults(), nil, clk.now, nil)
	steps := []struct {
		name                 string
		advance              time.Duration
		channel, user, entry string
		want                 bool
	}{
		{"first answer", 0, "c1", "u1", "e1", true},
		{"same everything within cooldown", 5 * time.Minute, "c1", "u1", "e1", false},
		{"other entry", 0, "c1", "u1", "e2", true},
		{"other user", 0, "c1", "u2", "e1", true},
		{"other channel", 0, "c2", "u1", "e1", true},
		{"just before the cooldown ends", 5*time.Minute - time.Second, "c1", "u1", "e1", false},
		{"after the cooldown", time.Second, "c1", "u1", "e1", true},
	}
	for _, s := range steps {
		clk.advance(s.advance)
		if got := p.cooled(context.Background(), Discord, s.channel, s.user, s.entry); got != s.want {
			t.Errorf("%s: cooled = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestPolicyRate(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	p := newPolicy(Config{UserRate: 3, UserRateWindow: time.Minute}.withDefaults(), nil, clk.now, nil)
	for i := range 3 {
		if !p.allow(ctx, Slack, Explicit, "u1") {
			t.Fatalf("request %d refused within the rate", i+1)
		}
		clk.advance(10 * time.Second)
	}
	if p.allow(ctx, Slack, Explicit, "u1") {
		t.Errorf("fourth request within a minute allowed")
	}
	if !p.allow(ctx, Slack, Explicit, "u2") || !p.allow(ctx, Discord, Explicit, "u1") {
		t.Errorf("another user (or the same id on another platform) was limited")
	}
	clk.advance(31 * time.Second) // the first request is now over a minute old
	if !p.allow(ctx, Slack, Explicit, "u1") {
		t.Errorf("request refused after the window moved on")
	}
}

// TestPolicyShared: two replicas on one shared state limit as one.
func TestPolicyShared(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	shared := store.NewMemShared(clk.now)
	cfg := Config{Cooldown: time.Minute, UserRate: 2, UserRateWindow: time.Minute}.withDefaults()
	r1, r2 := newPolicy(cfg, shared, clk.now, nil), newPolicy(cfg, shared, clk.now, nil)
	steps := []struct {
		name string
		got  bool
		want bool
	}{
		{"first request on replica 1", r1.allow(ctx, Slack, Explicit, "u1"), true},
		{"second on replica 2", r2.allow(ctx, Slack, Explicit, "u1"), true},
		{"third on replica 1", r1.allow(ctx, Slack, Explicit, "u1"), false},
		{"answer on replica 2", r2.cooled(ctx, Slack, "c", "u1", "e"), true},
		{"same answer on replica 1", r1.cooled(ctx, Slack, "c", "u1", "e"), false},
	}
	for _, s := range steps {
		if s.got != s.want {
			t.Errorf("%s: %v, want %v", s.name, s.got, s.want)
		}
	}
}

// downShared is a shared state that cannot be reached.
type downShared struct{}

func (downShared) Claim(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("connection refused")
}
func (downShared) Hit(context.Context, string, time.Duration) (int, error) {
	return 0, errors.New("connection refused")
}
func (downShared) Count(context.Context, string, time.Duration) (int, error) {
	return 0, errors.New("connection refused")
}

// TestPolicySharedDown: without its state the policy answers rather than
// going quiet.
func TestPolicySharedDown(t *testing.T) {
	ctx := context.Background()
	p := newPolicy(Config{UserRate: 1}.withDefaults(), downShared{}, time.Now, nil)
	for i := range 3 {
		if !p.allow(ctx, Discord, Explicit, "u") || !p.cooled(ctx, Discord, "c", "u", "e") {
			t.Errorf("request %d refused while the shared state is down", i+1)
		}
	}
}

// TestRateCountsAnswersOnly uses the production defaults: six lines of
// chatter in a watched channel, then the user's real error, then their
// /orfix are all answered; chatter never uses up the allowance, and
// explicit requests have their own.
func TestRateCountsAnswersOnly(t *testing.T) {
	f := newFixture(t, Config{PassiveChannels: []string{"watched"}})
	passive := Request{Platform: Discord, Mode: Passive, Channel: "watched", User: "u"}
	for i := range 3 * DefaultUserRate {
		req := passive
		req.Text = chatter
		if r := f.handle(t, req); r.Reason == ReasonRateLimited {
			t.Fatalf("chat line %d counted against the user", i+1)
		}
	}
	req := passive
	req.Text = userNotFound
	if r := f.handle(t, req); r.Silent {
		t.Fatalf("the real error after chatter: silent (%s)", r.Reason)
	}
	if r := f.handle(t, Request{Platform: Discord, Mode: Explicit, Channel: "watched", User: "u", Text: userNotFound}); r.Silent {
		t.Fatalf("/orfix after chatter and an answer: silent (%s)", r.Reason)
	}
	// The explicit allowance is its own: the passive answers above left it whole.
	for i := range DefaultUserRate - 1 {
		if r := f.handle(t, Request{Platform: Discord, Mode: Explicit, User: "u", Text: userNotFound}); r.Silent {
			t.Fatalf("explicit request %d: silent (%s)", i+2, r.Reason)
		}
	}
	if r := f.handle(t, Request{Platform: Discord, Mode: Explicit, User: "u", Text: userNotFound}); r.Reason != ReasonRateLimited {
		t.Errorf("explicit request %d: reason %q, want rate-limited", DefaultUserRate+1, r.Reason)
	}
	// Passive answers that the limit refuses are not counted; the window frees them.
	f.clock.advance(DefaultUserRateWindow + time.Second)
	if r := f.handle(t, Request{Platform: Discord, Mode: Explicit, User: "u", Text: userNotFound}); r.Silent {
		t.Errorf("still limited after the window: %s", r.Reason)
	}
}
