package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/orfix/orfix/bot/store"
)

// Settings returns a community's effective settings: its stored values
// (see WithSettings) laid over base, the file's values for that platform
// (FileSettings plus the adapter's moderator channel and threads). A
// direct message (community ""), a bot without a settings store, and a
// store that cannot be read get base. The stored values are cached (see
// DefaultSettingsTTL); a change through Admin or, on PostgreSQL, through
// any replica (see RunSettings) drops the cached copies at once.
func (b *Bot) Settings(ctx context.Context, platform Platform, community string, base Settings) Settings {
	st, err := b.stored(ctx, platform, community)
	if err != nil {
		b.log.WarnContext(ctx, "settings unavailable; using the file's", "platform", platform, "err", err)
	}
	return over(base, st)
}

// stored reads a community's stored settings through the cache.
func (b *Bot) stored(ctx context.Context, platform Platform, community string) (store.Settings, error) {
	if b.settings == nil || community == "" {
		return store.Settings{}, nil
	}
	return b.cache.get(ctx, communityKey{platform, community}, func(ctx context.Context) (store.Settings, error) {
		return b.settings.Settings(ctx, string(platform), community)
	})
}

// RunSettings keeps the cached settings fresh while ctx lasts: with a store
// that reports changes by any replica (store.SettingsWatcher, PostgreSQL),
// every report drops the cache; when the watch fails it is retried with
// back-off, the cache TTL bounding staleness meanwhile. Without such a
// store it returns nil at once.
func (b *Bot) RunSettings(ctx context.Context) error {
	w, ok := b.settings.(store.SettingsWatcher)
	if !ok {
		return nil
	}
	wait := settingsRetryMin
	for ctx.Err() == nil {
		listening := false
		err := w.WatchSettings(ctx, func() {
			listening = true
			b.cache.invalidate()
		})
		if ctx.Err() != nil {
			break
		}
		if listening {
			wait = settingsRetryMin
		}
		b.log.WarnContext(ctx, "settings watch lost; cached settings may lag by the TTL until it is back", "err", err, "retry_in", wait, "ttl", b.settingsTTL)
		b.cache.invalidate()
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, settingsRetryMax)
	}
	return nil
}

// Back-off of RunSettings.
const (
	settingsRetryMin = 500 * time.Millisecond
	settingsRetryMax = 30 * time.Second
)

// AdminOp is one admin command.
type AdminOp string

// The admin commands.
const (
	AdminShow       AdminOp = "show"
	AdminListen     AdminOp = "listen"
	AdminStop       AdminOp = "stop"
	AdminSupport    AdminOp = "support"
	AdminModChannel AdminOp = "modchannel"
	AdminThreads    AdminOp = "threads"
	AdminEagerness  AdminOp = "eagerness"
	AdminHistory    AdminOp = "history"
)

// AdminOps lists the admin commands in the order help shows them.
func AdminOps() []AdminOp {
	return []AdminOp{AdminListen, AdminStop, AdminSupport, AdminModChannel, AdminThreads, AdminEagerness, AdminShow, AdminHistory}
}

// AdminCommand is a parsed admin command; the adapters parse their
// platform's syntax into it, and check that the caller is an admin.
type AdminCommand struct {
	Op AdminOp
	// Channel is the channel id for listen, stop and modchannel ("" for
	// modchannel: no moderator channel).
	Channel string
	// Mention is the support mention in the platform's syntax ("": no one).
	Mention string
	// On is the threads setting.
	On bool
	// Eagerness is the eagerness setting.
	Eagerness Eagerness
}

// AdminResult is what an admin command did.
type AdminResult struct {
	// Before and After are the community's effective settings.
	Before, After Settings
	// Field names the setting changed (the command), "" for show.
	Field string
	// Old and New say the setting's value before and after, as chat text.
	Old, New string
	// Changed is false when the setting already had the value.
	Changed bool
	// Refused, when set, says why nothing was done (for the admin).
	Refused string
	// History is the community's last changes, newest first, for history
	// (non-nil then, empty when nothing was ever changed).
	History []store.SettingsChange
}

// Errors of Admin.
var (
	// ErrNoSettingsStore: the bot has no store to keep settings in.
	ErrNoSettingsStore = errors.New("bot: settings from chat need a store (store.path or store.url)")
)

// Admin runs an admin command for a community: show its settings or
// change one, storing the change (who, what, when) and dropping every
// replica's cached copy. The caller has checked that user may administer
// the community; base is as for Settings. A refusal the admin should read
// is in AdminResult.Refused; an error means the store failed.
func (b *Bot) Admin(ctx context.Context, platform Platform, community, user string, base Settings, cmd AdminCommand) (AdminResult, error) {
	if community == "" {
		return AdminResult{Refused: "Settings belong to a server or workspace: run this in one of its channels, not in a direct message."}, nil
	}
	if cmd.Op == AdminShow {
		st, err := b.stored(ctx, platform, community)
		if err != nil {
			return AdminResult{}, fmt.Errorf("bot: admin: %w", err)
		}
		s := over(base, st)
		return AdminResult{Before: s, After: s}, nil
	}
	if b.settings == nil {
		return AdminResult{}, ErrNoSettingsStore
	}
	if cmd.Op == AdminHistory {
		return b.adminHistory(ctx, platform, community, user)
	}
	// The change is worked out from the stored settings inside the
	// store's transaction, so concurrent changes cannot undo each other.
	var r AdminResult
	err := b.settings.UpdateSettings(ctx, string(platform), community, func(st store.Settings) (store.Settings, store.SettingsChange, bool, error) {
		r = AdminResult{Before: over(base, st)}
		r.After = r.Before
		next, refused := apply(r.Before, cmd)
		if refused != "" {
			r.Refused = refused
			return st, store.SettingsChange{}, false, nil
		}
		r.Field = string(cmd.Op)
		if cmd.Op == AdminStop {
			r.Field = string(AdminListen)
		}
		r.Old, r.New, r.After = describe(r.Before, r.Field), describe(next, r.Field), next
		if r.Old == r.New {
			return st, store.SettingsChange{}, false, nil
		}
		setField(&st, r.Field, next)
		return st, store.SettingsChange{At: b.now(), User: user, Field: r.Field, Old: r.Old, New: r.New}, true, nil
	})
	if err != nil {
		return AdminResult{}, fmt.Errorf("bot: admin: %w", err)
	}
	if r.Refused != "" || r.Old == r.New {
		return r, nil
	}
	b.cache.invalidate()
	r.Changed = true
	ids := NewLogIDs(b.cfg.LogKey)
	b.log.InfoContext(ctx, "settings changed", "platform", platform, "community", ids.Hash(community), "user", ids.Hash(user), "field", r.Field)
	return r, nil
}

// apply returns s changed by cmd, or why it cannot be.
func apply(s Settings, cmd AdminCommand) (Settings, string) {
	s.Listen = slices.Clone(s.Listen)
	switch cmd.Op {
	case AdminListen, AdminStop:
		if cmd.Channel == "" {
			return s, "Name a channel."
		}
		if slices.Contains(s.Listen, "*") {
			return s, "I listen in every channel here (the configuration file says \"*\"), so this cannot be changed per channel from chat."
		}
		i := slices.Index(s.Listen, cmd.Channel)
		switch {
		case cmd.Op == AdminListen && i < 0:
			s.Listen = append(s.Listen, cmd.Channel)
		case cmd.Op == AdminStop && i >= 0:
			s.Listen = slices.Delete(s.Listen, i, i+1)
		}
	case AdminSupport:
		s.Support = cmd.Mention
	case AdminModChannel:
		s.ModChannel = cmd.Channel
	case AdminThreads:
		s.Threads = cmd.On
	case AdminEagerness:
		if _, err := ParseEagerness(string(cmd.Eagerness)); err != nil {
			return s, "Eagerness is one of off, quiet, normal or eager."
		}
		s.Eagerness = cmd.Eagerness
	default:
		return s, fmt.Sprintf("I don't know the setting %q.", cmd.Op)
	}
	return s, ""
}

// setField copies field from s into the stored settings.
func setField(st *store.Settings, field string, s Settings) {
	switch AdminOp(field) {
	case AdminListen:
		st.Listen = slices.Clone(s.Listen)
		if st.Listen == nil {
			st.Listen = []string{}
		}
	case AdminSupport:
		st.Support = &s.Support
	case AdminModChannel:
		st.ModChannel = &s.ModChannel
	case AdminThreads:
		st.Threads = &s.Threads
	case AdminEagerness:
		e := string(s.Eagerness)
		st.Eagerness = &e
	}
}

// describe says a setting's value as chat text; channels and mentions in
// the <#id> and mention syntax both platforms render.
func describe(s Settings, field string) string {
	switch AdminOp(field) {
	case AdminListen:
		if slices.Contains(s.Listen, "*") {
			return "every channel"
		}
		if len(s.Listen) == 0 {
			return "no channel"
		}
		chs := make([]string, len(s.Listen))
		for i, ch := range s.Listen {
			chs[i] = "<#" + ch + ">"
		}
		return strings.Join(chs, ", ")
	case AdminSupport:
		return orNone(s.Support, "no one")
	case AdminModChannel:
		if s.ModChannel == "" {
			return "none"
		}
		return "<#" + s.ModChannel + ">"
	case AdminThreads:
		if s.Threads {
			return "on"
		}
		return "off"
	case AdminEagerness:
		return string(s.Eagerness)
	}
	return ""
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// fieldNames are the settings as the replies name them.
var fieldNames = map[string]string{
	string(AdminListen): "Listening in", string(AdminSupport): `"Not yet" calls`,
	string(AdminModChannel): "Moderator channel", string(AdminThreads): "Answers in threads",
	string(AdminEagerness): "Passive eagerness",
}

// ShowSettings is the reply to show: every effective setting, one a line.
// where names the community ("this server", "this workspace").
func ShowSettings(s Settings, where string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "orfix settings for %s:", where)
	for _, f := range []AdminOp{AdminListen, AdminSupport, AdminModChannel, AdminThreads, AdminEagerness} {
		fmt.Fprintf(&b, "\n• %s: %s", fieldNames[string(f)], describe(s, string(f)))
	}
	return b.String()
}

// AdminReply is the reply to the admin who ran a command.
func AdminReply(r AdminResult, where string) string {
	switch {
	case r.Refused != "":
		return r.Refused
	case r.History != nil:
		return ShowHistory(r.History, where)
	case r.Field == "":
		return ShowSettings(r.After, where)
	case !r.Changed:
		return fmt.Sprintf("Nothing to change: %s is already %s.", fieldNames[r.Field], r.New)
	}
	text := fmt.Sprintf("Done. %s: %s (was %s).", fieldNames[r.Field], r.New, r.Old)
	if r.Field == string(AdminListen) && r.After.Eagerness == EagerOff && len(r.After.Listen) > 0 {
		text += " Passive answers are off here, though: set eagerness to normal to turn them on."
	}
	return text
}

// AdminLog is the line a change posts to the moderator channel; who is
// the admin's mention.
func AdminLog(r AdminResult, who string) string {
	return fmt.Sprintf("Settings: %s changed %s from %s to %s.", who, fieldNames[r.Field], r.Old, r.New)
}
