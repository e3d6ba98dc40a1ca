package store

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestDashboard(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		s := openTarget(t, b.newDB(t))
		fixture(t, s)
		dr, ok := s.(DashboardReader)
		if !ok {
			t.Fatalf("%T is not a DashboardReader", s)
		}
		ctx := context.Background()
		d, err := dr.Dashboard(ctx, base.Add(-72*time.Hour), base.Add(time.Hour))
		if err != nil {
			t.Fatalf("Dashboard: %v", err)
		}

		wantDays := []int{0, 1, 0, 6} // 26 Feb .. 1 Mar 2025
		if len(d.Days) != len(wantDays) {
			t.Fatalf("%d days, want %d: %+v", len(d.Days), len(wantDays), d.Days)
		}
		for i, w := range wantDays {
			wantDay := time.Date(2025, 2, 26+i, 0, 0, 0, 0, time.UTC)
			if d.Days[i].Answers != w || !d.Days[i].Day.Equal(wantDay) {
				t.Errorf("day %d = %v %d, want %v %d", i, d.Days[i].Day, d.Days[i].Answers, wantDay, w)
			}
		}
		if d.Answers != 7 {
			t.Errorf("Answers = %d, want 7", d.Answers)
		}

		hash := regexp.MustCompile(`^[0-9a-f]{32}$`)
		// Servers and workspaces, not channels; answers from no community
		// (channel c3 here) form their own row.
		want := []CommunityStats{
			{Platform: "discord", Answers: 3, Fixed: 3, NotYet: 1, FixedRate: 0.75},
			{Platform: "discord", Answers: 2},
			{Platform: "slack", Answers: 2, Fixed: 1, NotYet: 1, FixedRate: 0.5},
		}
		wantHashed := []bool{true, false, true}
		if len(d.Communities) != len(want) {
			t.Fatalf("communities = %+v, want %d", d.Communities, len(want))
		}
		for i, w := range want {
			got := d.Communities[i]
			if hash.MatchString(got.Community) != wantHashed[i] {
				t.Errorf("community %d is %q; want a keyed hash: %v", i, got.Community, wantHashed[i])
			}
			got.Community = ""
			if got != w {
				t.Errorf("community %d = %+v, want %+v", i, got, w)
			}
		}

		// Seven answers in the window: two to Cline, one to Aider, four to
		// no named tool; most answers first, then by id.
		wantTools := []ToolCount{{"", 4}, {"cline", 2}, {"aider", 1}}
		if !slices.Equal(d.Tools, wantTools) {
			t.Errorf("tools = %+v, want %+v", d.Tools, wantTools)
		}

		if len(d.UnmatchedTexts) != 29 || d.UnmatchedTexts[0].Text != "old error" || d.UnmatchedTexts[0].Count != 5 {
			t.Errorf("unmatched: %d texts, first %+v", len(d.UnmatchedTexts), d.UnmatchedTexts[0])
		}
		if len(d.TopUnmatched) != MaxTopUnmatched {
			t.Errorf("TopUnmatched holds %d, want %d", len(d.TopUnmatched), MaxTopUnmatched)
		}
	})
}

func TestDashboardRefusesOpenWindow(t *testing.T) {
	s := openTest(t, testPath(t))
	for _, tc := range []struct {
		name       string
		since, now time.Time
	}{
		{"zero since", time.Time{}, base},
		{"now before since", base, base.Add(-time.Second)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Dashboard(context.Background(), tc.since, tc.now); !errors.Is(err, ErrInvalid) {
				t.Errorf("Dashboard: %v, want ErrInvalid", err)
			}
		})
	}
	mustClose(t, s)
	if _, err := s.Dashboard(context.Background(), base, base); !errors.Is(err, ErrClosed) {
		t.Errorf("Dashboard after Close: %v, want ErrClosed", err)
	}
}
