package bot

import (
	"testing"
	"time"
)

// fakeClock is a settable clock for policy tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)} }

func TestPolicyCooldown(t *testing.T) {
	clk := newFakeClock()
	p := newPolicy(Config{Cooldown: 10 * time.Minute, UserRate: 100, UserRateWindow: time.Minute}.withDefaults(), clk.now)
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
		if got := p.cooled(Discord, s.channel, s.user, s.entry); got != s.want {
			t.Errorf("%s: cooled = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestPolicyRate(t *testing.T) {
	clk := newFakeClock()
	p := newPolicy(Config{UserRate: 3, UserRateWindow: time.Minute}.withDefaults(), clk.now)
	for i := range 3 {
		if !p.allow(Slack, "u1") {
			t.Fatalf("request %d refused within the rate", i+1)
		}
		clk.advance(10 * time.Second)
	}
	if p.allow(Slack, "u1") {
		t.Errorf("fourth request within a minute allowed")
	}
	if !p.allow(Slack, "u2") || !p.allow(Discord, "u1") {
		t.Errorf("another user (or the same id on another platform) was limited")
	}
	clk.advance(31 * time.Second) // the first request is now over a minute old
	if !p.allow(Slack, "u1") {
		t.Errorf("request refused after the window moved on")
	}
}

func TestPolicyWatched(t *testing.T) {
	p := newPolicy(Config{PassiveChannels: []string{"c1"}}.withDefaults(), time.Now)
	if !p.watched("c1") || p.watched("c2") {
		t.Errorf("allow-list not applied")
	}
	all := newPolicy(Config{PassiveChannels: []string{"*"}}.withDefaults(), time.Now)
	if !all.watched("anything") {
		t.Errorf("* does not watch every channel")
	}
	none := newPolicy(Config{}.withDefaults(), time.Now)
	if none.watched("c1") {
		t.Errorf("no channels configured, but c1 is watched")
	}
}

func TestPolicyPrunes(t *testing.T) {
	clk := newFakeClock()
	p := newPolicy(Config{Cooldown: time.Minute, UserRate: 10, UserRateWindow: time.Minute}.withDefaults(), clk.now)
	for i := range maxPolicyKeys + 10 {
		p.cooled(Discord, "c", string(rune('a'+i%26))+time.Duration(i).String(), "e")
	}
	clk.advance(2 * time.Minute)
	p.cooled(Discord, "c", "late", "e")
	for i := range maxPolicyKeys + 1 {
		p.cooled(Discord, "c", "x"+time.Duration(i).String(), "e")
	}
	if n := len(p.answered); n > maxPolicyKeys+2 {
		t.Errorf("cooldown state grew to %d keys; expired ones were not pruned", n)
	}
}

func TestPolicyBoundedUnderFlood(t *testing.T) {
	clk := newFakeClock()
	p := newPolicy(Config{UserRate: 10, UserRateWindow: time.Hour}.withDefaults(), clk.now)
	for i := range 3 * hardPolicyKeys {
		p.allow(Slack, "U"+time.Duration(i).String())
		if i%1000 == 0 {
			clk.advance(2 * time.Second) // lets prune run; nothing expires within the hour
		}
	}
	if n := len(p.requests); n > hardPolicyKeys+maxPolicyKeys {
		t.Errorf("rate state holds %d users, want it bounded near %d", n, hardPolicyKeys)
	}
}
