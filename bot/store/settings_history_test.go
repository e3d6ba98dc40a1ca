package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestSettingsHistory: the last changes of one community, newest first,
// at most the limit, the viewer's own marked and no user id returned.
func TestSettingsHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openTarget(t, b.newDB(t))
		s, h := st.(SettingsStore), st.(SettingsHistory)
		at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
		for i := range 12 {
			user := "U0OTHER"
			if i%2 == 0 {
				user = "U0VIEWER"
			}
			c := SettingsChange{At: at.Add(time.Duration(i) * time.Minute), User: user, Field: "threads", Old: fmt.Sprint(i), New: fmt.Sprint(i + 1)}
			if err := setSettings(ctx, s, "slack", "T0001", Settings{}, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := setSettings(ctx, s, "slack", "T0002", Settings{}, SettingsChange{At: at.Add(time.Hour), User: "U0VIEWER", Field: "support"}); err != nil {
			t.Fatal(err)
		}
		got, err := h.SettingsHistory(ctx, "slack", "T0001", "U0VIEWER", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 10 {
			t.Fatalf("%d changes, want 10", len(got))
		}
		for i, c := range got {
			n := 11 - i
			if !c.At.Equal(at.Add(time.Duration(n)*time.Minute)) || c.Old != fmt.Sprint(n) || c.ByViewer != (n%2 == 0) || c.User != "" || c.Field != "threads" {
				t.Errorf("change %d = %+v, want the one made at minute %d", i, c, n)
			}
		}
		if got, err := h.SettingsHistory(ctx, "discord", "T0001", "U0VIEWER", 10); err != nil || len(got) != 0 {
			t.Errorf("another platform's history: %v, %v", got, err)
		}
	})
}

// TestModChannels: the communities of a platform with a moderator
// channel, with the Slack installation filed under the same community.
func TestModChannels(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openTarget(t, b.newDB(t))
		s, l, in := st.(SettingsStore), st.(ModChannels), st.(Installations)
		at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
		set := func(platform, community, mod string, min int) {
			t.Helper()
			if err := setSettings(ctx, s, platform, community, Settings{ModChannel: &mod}, SettingsChange{At: at.Add(time.Duration(min) * time.Minute), User: "U1", Field: "modchannel"}); err != nil {
				t.Fatal(err)
			}
		}
		set("slack", "T0001", "C0ONE", 1)
		set("slack", "T0002", "C0TWO", 2)
		set("slack", "T0003", "", 3) // turned off
		set("discord", "G1", "D0ONE", 4)
		if err := in.SaveInstallation(ctx, Installation{TeamID: "T0002", Sealed: []byte("sealed two")}); err != nil {
			t.Fatal(err)
		}
		got, err := l.ModChannels(ctx, "slack", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Channel != "C0TWO" || string(got[0].Sealed) != "sealed two" || got[1].Channel != "C0ONE" || got[1].Sealed != nil ||
			got[0].Community == "T0002" || got[0].Community == "" {
			t.Errorf("slack: %+v", got)
		}
		if got, err := l.ModChannels(ctx, "slack", 1); err != nil || len(got) != 1 || got[0].Channel != "C0TWO" {
			t.Errorf("limit 1: %+v, %v", got, err)
		}
		if got, err := l.ModChannels(ctx, "discord", 10); err != nil || len(got) != 1 || got[0].Channel != "D0ONE" || got[0].Sealed != nil {
			t.Errorf("discord: %+v, %v", got, err)
		}
	})
}
