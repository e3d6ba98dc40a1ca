package gaps

import (
	"testing"
	"time"
)

func TestClusters(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	pastes := []Paste{
		{Text: `Error: Quota exceeded for model gpt-4o, retry in 31s (code 429)`, Count: 2, LastSeen: t0},
		{Text: `error: quota exceeded for model claude-3-5-sonnet,  retry in 7s (code 429)`, Count: 5, LastSeen: t0.Add(time.Hour)},
		{Text: `Stream closed: upstream idle timeout after 120s`, Count: 1, LastSeen: t0.Add(2 * time.Hour)},
		{Text: `Stream closed: upstream idle timeout after 30s`, Count: 1, LastSeen: t0},
		{Text: `something else entirely 12`, Count: 1, LastSeen: t0.Add(3 * time.Hour)},
		{Text: `   `, Count: 4},
	}
	got := Clusters(pastes)
	want := []struct {
		count, distinct int
		phrase, first   string
		last            time.Time
	}{
		{7, 2, "error: quota exceeded for model", pastes[1].Text, t0.Add(time.Hour)},
		{2, 2, "Stream closed: upstream idle timeout after", pastes[2].Text, t0.Add(2 * time.Hour)},
		{1, 1, "something else entirely", pastes[4].Text, t0.Add(3 * time.Hour)},
	}
	if len(got) != len(want) {
		t.Fatalf("%d clusters, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		c := got[i]
		if c.Count != w.count || c.Distinct != w.distinct || c.Phrase != w.phrase || c.Examples[0] != w.first || !c.LastSeen.Equal(w.last) {
			t.Errorf("cluster %d = count %d distinct %d phrase %q first %q last %v, want %d %d %q %q %v",
				i, c.Count, c.Distinct, c.Phrase, c.Examples[0], c.LastSeen, w.count, w.distinct, w.phrase, w.first, w.last)
		}
		if len(c.ID) != 12 || c.ID != clusterID(c.Key) {
			t.Errorf("cluster %d id %q", i, c.ID)
		}
	}
}

func TestClustersKeepsFewExamples(t *testing.T) {
	var pastes []Paste
	for i := range 3 * MaxExamples {
		pastes = append(pastes, Paste{Text: "model gen-" + string(rune('a'+i)) + "1 is gone", Count: 1})
	}
	got := Clusters(pastes)
	if len(got) != 1 || got[0].Count != 3*MaxExamples || len(got[0].Examples) != MaxExamples {
		t.Fatalf("clusters = %+v", got)
	}
}

func TestCommonPhrase(t *testing.T) {
	tests := []struct {
		name     string
		members  []string
		original string
		want     string
	}{
		{"one member: longest run between placeholders", []string{"error <n> bad things happened here <id> x"}, "Error 5 bad things happened here gen-1 x", "bad things happened here"},
		{"only placeholders", []string{"<n> <id>"}, "1 gen-2", ""},
		{"nothing shared", []string{"alpha beta", "gamma delta"}, "alpha beta", ""},
		{"not found in original: joined words", []string{"alpha beta"}, "something else", "alpha beta"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := commonPhrase(tc.members, tc.original); got != tc.want {
				t.Errorf("commonPhrase = %q, want %q", got, tc.want)
			}
		})
	}
}
