package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/knowledge"
)

func TestVotesCountOncePerPersonAndOnlyFromTheAsker(t *testing.T) {
	f := newFixture(t, Config{Support: "<@&123>", UserRate: 3, UserRateWindow: time.Minute})
	const entry = "openrouter-401-invalid-key"
	vote := func(user, answer string, manage bool, v Vote) Reply {
		return f.handle(t, Request{Mode: Feedback, EntryID: entry, Vote: v, User: user, Asker: "asker", Answer: answer, CanManage: manage})
	}
	steps := []struct {
		name    string
		user    string
		answer  string
		manage  bool
		vote    Vote
		refused string
	}{
		{"a bystander cannot vote", "bystander", "m1", false, VoteFixed, RefusedNotAsker},
		{"the asker votes", "asker", "m1", false, VoteNotYet, ""},
		{"the asker cannot vote twice on one answer", "asker", "m1", false, VoteFixed, RefusedTwice},
		{"a moderator votes", "mod", "m1", true, VoteFixed, ""},
		{"the asker votes on another answer", "asker", "m2", false, VoteFixed, ""},
		{"past the rate the vote is refused", "asker", "m3", false, VoteFixed, RefusedLimited},
	}
	for _, s := range steps {
		r := vote(s.user, s.answer, s.manage, s.vote)
		if r.Refused != s.refused {
			t.Errorf("%s: refused %q, want %q", s.name, r.Refused, s.refused)
		}
		if s.refused != "" && (r.Acknowledged == "" || r.Support != "") {
			t.Errorf("%s: a refusal says %q and calls %q", s.name, r.Acknowledged, r.Support)
		}
	}
	st, err := f.store.Stats(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Entries) != 1 || st.Entries[0].Fixed != 2 || st.Entries[0].NotYet != 1 {
		t.Errorf("statistics count refused votes: %+v", st.Entries)
	}
}

func TestHandoffMentionsSupportOncePerThread(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, Config{Support: "<@&123>"})
	if got := f.bot.Handoff(ctx, Discord, "", "thread-1"); got != "<@&123>" {
		t.Errorf("first hand-off in a thread: %q, want the support mention", got)
	}
	if got := f.bot.Handoff(ctx, Discord, "", "thread-1"); got != "" {
		t.Errorf("second hand-off in the same thread mentions %q again", got)
	}
	if got := f.bot.Handoff(ctx, Slack, "", "thread-1"); got != "<@&123>" {
		t.Errorf("a thread of another platform: %q", got)
	}
	if got := newFixture(t, Config{}).bot.Handoff(ctx, Discord, "", "thread-2"); got != "" {
		t.Errorf("no support configured, yet mentioned %q", got)
	}
}

func TestAmbiguousReplyAsks(t *testing.T) {
	kb := testKB(t)
	b := New(kb, Config{PublicURL: "https://orfix.example"})
	get := func(id string) *knowledge.Entry {
		e, ok := kb.Get(id)
		if !ok {
			t.Fatalf("no entry %s", id)
		}
		return e
	}
	ms := []knowledge.Scored{
		{Entry: get("openrouter-429-free-limit"), Score: 0.80},
		{Entry: get("openrouter-429-upstream"), Score: 0.76},
		{Entry: get("openrouter-402-insufficient-credits"), Score: 0.75},
		{Entry: get("openrouter-401-invalid-key"), Score: 0.2},
	}
	tests := []struct {
		name      string
		ambiguous bool
		want      int
	}{
		{"torn", true, 3},
		{"clear", false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r Reply
			b.fill(&r, kb, knowledge.Result{Matches: ms, Ambiguous: tc.ambiguous}, "")
			if r.Ambiguous != tc.ambiguous || len(r.Candidates) != tc.want {
				t.Fatalf("ambiguous %v with %d candidates, want %v with %d", r.Ambiguous, len(r.Candidates), tc.ambiguous, tc.want)
			}
			if tc.ambiguous && (r.Sureness() == "" || r.Candidates[0].ID != "openrouter-429-free-limit") {
				t.Errorf("a torn reply says %q and offers %v first", r.Sureness(), r.Candidates[0])
			}
			out := RenderText(r, "")
			if strings.Contains(out, "0.5") {
				t.Errorf("raw scores shown:\n%s", out)
			}
		})
	}
}
