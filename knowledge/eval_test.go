package knowledge

import (
	"os"
	"path/filepath"
	"testing"
)

// floors are accuracy targets the matcher must keep.
type floors struct{ top1, top3, fpChatter, fpOffTopic float64 }

// evalFloors are the targets on the development and held-out sets.
var evalFloors = floors{0.92, 0.98, 0.01, 0.05}

// real2Floors guard the second set of real pastes: measured blind at top1
// 0.807, top3 0.928, off-topic 0.192, then its misses led to generic fixes.
// Its remaining misses are prose without an error in it and labels that
// differ from the development set's conventions. With the second knowledge
// base's narrower entries and the fitted scorer it stands at 0.82: the
// floor guards that level.
var real2Floors = floors{0.80, 0.94, 0.01, 0.05}

// freshFloors guard the pastes mined on 2026-12-03 (the first-look set,
// scored once before any change, and the pool): regression guards at the
// level the fitted scorer reaches on them, far under the targets (the
// first-look set holds only ten chatter lines, so one false positive is 0.1).
var freshFloors = floors{0.55, 0.75, 0.12, 0.03}

// blindFloors guard the blind set, which nobody tunes against. Its chatter
// is adversarial (release notes, docs and unit tests quoting error
// strings), so its chatter bar is a regression guard, not the target.
var blindFloors = floors{0.92, 0.98, 0.15, 0.05}

func readCaseFiles(t *testing.T, pattern string) []Case {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no eval files at %s: CI must run this test", pattern)
		}
		t.Skipf("no eval files at %s (the shared eval set sits beside the repository)", pattern)
	}
	var all []Case
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := ReadCases(fh)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, cs...)
	}
	return all
}

func TestEvalFloors(t *testing.T) {
	kb := mustDefault(t)
	sets := []struct {
		name, pattern string
		floors        floors
	}{
		{"dev", "../../shared/eval/*.jsonl", evalFloors},
		{"heldout", "../testdata/eval/*.jsonl", evalFloors},
		{"blind", "../testdata/blind/*.jsonl", blindFloors},
		{"real", "../testdata/real/*.jsonl", evalFloors},
		{"real2", "../testdata/real2/*.jsonl", real2Floors},
		{"firstlook", "../testdata/mined/firstlook-a.jsonl", freshFloors},
		{"pool-b", "../testdata/mined/pool-b.jsonl", freshFloors},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			cases := readCaseFiles(t, set.pattern)
			rep := Evaluate(kb, cases, DefaultThresholds())
			t.Logf("%s: cases %d top1 %.3f top3 %.3f fp_chatter %.3f fp_offtopic %.3f", set.name, rep.Cases, rep.Top1, rep.Top3, rep.PassiveFPChatter, rep.PassiveFPOffTopic)
			for _, m := range rep.Misses {
				t.Logf("miss %s: want %s, got %s (%.2f)", m.ID, m.Want, m.Got, m.Score)
			}
			for _, m := range rep.FalsePositives {
				t.Logf("passive false positive %s: %s (%.2f)", m.ID, m.Got, m.Score)
			}
			if rep.Labelled == 0 {
				t.Fatal("no labelled cases")
			}
			f := set.floors
			if rep.Top1 < f.top1 || rep.Top3 < f.top3 {
				t.Errorf("top1 %.3f top3 %.3f, want >= %.2f and >= %.2f", rep.Top1, rep.Top3, f.top1, f.top3)
			}
			if rep.PassiveFPChatter > f.fpChatter || rep.PassiveFPOffTopic > f.fpOffTopic {
				t.Errorf("passive false positives: chatter %.3f, off-topic %.3f; want <= %.2f and <= %.2f", rep.PassiveFPChatter, rep.PassiveFPOffTopic, f.fpChatter, f.fpOffTopic)
			}
		})
	}
}

// The seed page's related errors, typed as explicit queries, must each
// answer with a 401 entry.
func TestSeedRelatedQueries(t *testing.T) {
	kb := mustDefault(t)
	for _, q := range []string{"OpenRouter API key not working", "OpenRouter authentication failed", "OpenRouter 401 error after upgrade"} {
		t.Run(q, func(t *testing.T) {
			r := kb.Match(q, 3)
			top, ok := r.Top()
			if !ok || (top.Entry.ID != "openrouter-401-invalid-key" && top.Entry.ID != "openrouter-401-missing-key") {
				t.Fatalf("got %+v, want a 401 entry", top)
			}
			if !r.Confident(DefaultThresholds()) {
				t.Errorf("score %.2f is below the explicit floor %.2f", top.Score, DefaultThresholds().Floor)
			}
		})
	}
}

// Short typed queries with typos find the right entry.
func TestTypedQueries(t *testing.T) {
	kb := mustDefault(t)
	tests := []struct{ query, want, tool string }{
		{"unauthorised cline", "openrouter-401-invalid-key", "cline"},
		{"insuficient credits", "openrouter-402-insufficient-credits", ""},
		{"free model limit per day", "openrouter-429-free-limit", ""},
		{"no endpoints tool use", "openrouter-404-tool-use", ""},
		{"context lenght exceeded", "openrouter-400-context-length", ""},
		{"rate limited upstream roo code", "openrouter-429-upstream", "roo-code"},
		{"key limit exceeded", "openrouter-403-key-limit", ""},
		{"not a valid model id aider", "openrouter-404-model-not-found", "aider"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			r := kb.Match(tc.query, 3)
			top, ok := r.Top()
			if !ok || top.Entry.ID != tc.want {
				t.Errorf("top %+v, want %s", top, tc.want)
			}
			// Below the floor the bot offers the closest entries, best first,
			// so a typed query must at least clear the bar for being offered.
			if top.Score < DefaultThresholds().Floor/2 {
				t.Errorf("score %.2f below half the explicit floor", top.Score)
			}
			if r.Tool != tc.tool {
				t.Errorf("tool %q, want %q", r.Tool, tc.tool)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	kb := mustDefault(t)
	t.Run("empty lists popular first", func(t *testing.T) {
		s := kb.Suggest("", 0, []string{"openrouter-429-free-limit", "nope"})
		if len(s) != MaxSuggestions && len(s) != kb.Len() {
			t.Fatalf("got %d suggestions", len(s))
		}
		if s[0].ID != "openrouter-429-free-limit" {
			t.Errorf("first %s, want the popular one", s[0].ID)
		}
	})
	t.Run("fuzzy prefix", func(t *testing.T) {
		s := kb.Suggest("insuf", 5, nil)
		if len(s) == 0 || s[0].ID != "openrouter-402-insufficient-credits" {
			t.Errorf("got %+v", s)
		}
	})
	t.Run("typo falls back to the matcher", func(t *testing.T) {
		s := kb.Suggest("unauthorised cline", 5, nil)
		if len(s) == 0 {
			t.Fatal("no suggestions")
		}
	})
	t.Run("limits", func(t *testing.T) {
		for _, s := range kb.Suggest("e", 100, nil) {
			if n := len([]rune(s.Name)); n > MaxSuggestionName || n == 0 {
				t.Errorf("name %q has %d runes", s.Name, n)
			}
		}
		if n := len(kb.Suggest("e", 100, nil)); n > MaxSuggestions {
			t.Errorf("%d suggestions, want <= %d", n, MaxSuggestions)
		}
	})
}
