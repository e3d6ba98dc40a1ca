package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/knowledge"
)

// Eagerness is how readily the bot answers passively, relative to the
// configured passive bar P (Config.Thresholds.Passive) and floor F:
//
//	off     no passive answers at all (leaked keys are still flagged)
//	quiet   bar P + (1-P)/2: only the surest matches
//	normal  bar P, as configured (the default)
//	eager   bar (P+F)/2: halfway down to the floor
type Eagerness string

// The eagerness levels.
const (
	EagerOff    Eagerness = "off"
	EagerQuiet  Eagerness = "quiet"
	EagerNormal Eagerness = "normal"
	EagerEager  Eagerness = "eager"
)

// Eagernesses lists the levels, least eager first.
func Eagernesses() []Eagerness { return []Eagerness{EagerOff, EagerQuiet, EagerNormal, EagerEager} }

// ParseEagerness reads a level by name (case-insensitive).
func ParseEagerness(s string) (Eagerness, error) {
	e := Eagerness(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Eagernesses(), e) {
		return e, nil
	}
	return "", fmt.Errorf("unknown eagerness %q: use off, quiet, normal or eager", s)
}

// bar is the passive threshold for e over the configured thresholds; ok is
// false when passive answers are off.
func (e Eagerness) bar(th knowledge.Thresholds) (passive float64, ok bool) {
	switch e {
	case EagerOff:
		return 0, false
	case EagerQuiet:
		return th.Passive + (1-th.Passive)/2, true
	case EagerEager:
		return (th.Passive + th.Floor) / 2, true
	}
	return th.Passive, true
}

// Settings are what a community's admins change from chat: where the bot
// listens, whom "Not yet" calls, where moderator alerts go, whether
// answers start threads and how eager passive answers are. The effective
// settings of a community are its stored values laid over the file's
// (see Bot.Settings).
type Settings struct {
	// Listen are the channel ids of passive listening; "*" is every channel.
	// The slice is shared with the configuration and the settings cache:
	// copy it before changing it.
	Listen []string
	// Support is the mention "Not yet" pings, in the platform's syntax, or "".
	Support string
	// ModChannel is the channel id of moderator alerts and of the log of
	// settings changes, or "".
	ModChannel string
	// Threads answers in a thread started on the message.
	Threads bool
	// Eagerness is how readily passive answers are given.
	Eagerness Eagerness
}

// Listens reports whether the bot listens passively in channel, or in
// parent, the channel a thread belongs to ("" when none).
func (s Settings) Listens(channel, parent string) bool {
	for _, ch := range s.Listen {
		if ch == "*" || ch == channel || (parent != "" && ch == parent) {
			return true
		}
	}
	return false
}

// Listening reports whether the bot listens anywhere passively.
func (s Settings) Listening() bool { return len(s.Listen) > 0 && s.Eagerness != EagerOff }

// FileSettings are the settings the configuration file gives the bot core
// (listening, support, eagerness normal); an adapter adds its own
// moderator channel and threads before asking for a community's settings.
func (b *Bot) FileSettings() Settings {
	return Settings{Listen: b.cfg.PassiveChannels, Support: b.cfg.Support, Eagerness: EagerNormal}
}

// over lays stored values over base.
func over(base Settings, st store.Settings) Settings {
	s := base
	if st.Listen != nil {
		s.Listen = st.Listen
	}
	if st.Support != nil {
		s.Support = *st.Support
	}
	if st.ModChannel != nil {
		s.ModChannel = *st.ModChannel
	}
	if st.Threads != nil {
		s.Threads = *st.Threads
	}
	if st.Eagerness != nil {
		if e, err := ParseEagerness(*st.Eagerness); err == nil {
			s.Eagerness = e
		}
	}
	if s.Eagerness == "" {
		s.Eagerness = EagerNormal
	}
	return s
}
