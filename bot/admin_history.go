package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/orfix/orfix/bot/store"
)

// HistoryLen is how many changes /orfix admin history shows.
const HistoryLen = 10

// adminHistory reads the community's last changes for the admin user.
func (b *Bot) adminHistory(ctx context.Context, platform Platform, community, user string) (AdminResult, error) {
	h, ok := b.settings.(store.SettingsHistory)
	if !ok {
		return AdminResult{Refused: "This store keeps no history of the settings."}, nil
	}
	changes, err := h.SettingsHistory(ctx, string(platform), community, user, HistoryLen)
	if err != nil {
		return AdminResult{}, fmt.Errorf("bot: admin: %w", err)
	}
	if changes == nil {
		changes = []store.SettingsChange{}
	}
	return AdminResult{History: changes}, nil
}

// ShowHistory is the reply to history: one line a change, newest first,
// saying when (UTC), who ("you" or "an admin": the store keeps admins
// only as keyed hashes), which setting and its values before and after.
// where names the community ("this server", "this workspace").
func ShowHistory(changes []store.SettingsChange, where string) string {
	if len(changes) == 0 {
		return fmt.Sprintf("No settings of %s were changed from chat yet.", where)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Last changes of orfix settings for %s:", where)
	for _, c := range changes {
		who := "an admin"
		if c.ByViewer {
			who = "you"
		}
		name := fieldNames[c.Field]
		if name == "" {
			name = c.Field
		}
		fmt.Fprintf(&b, "\n• %s, %s: %s %s → %s", c.At.UTC().Format("2006-01-02 15:04 MST"), who, name, c.Old, c.New)
	}
	return b.String()
}
