package knowledge

import (
	"os"
	"testing"
)

func readCaseFile(tb testing.TB, path string) []Case {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cs, err := ReadCases(f)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}

func TestFitCrossValidates(t *testing.T) {
	kb := mustDefault(t)
	cases := append(readCaseFile(t, "../testdata/real/real-errors.jsonl"), readCaseFile(t, "../testdata/real/real-chatter.jsonl")...)
	rep, err := Fit(kb, cases, 3)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cases <= len(cases) || rep.Labelled == 0 || rep.Groups == 0 {
		t.Fatalf("report counts (the cases plus every entry's examples): %+v", rep)
	}
	if _, ok := rep.Sets["kb-examples"]; !ok {
		t.Errorf("the entries' examples are not part of the fit: sets %v", rep.Sets)
	}
	if rep.Top1 < 0.8 || rep.Top3 < rep.Top1 {
		t.Errorf("out-of-fold top1 %.3f top3 %.3f: the fit does not rank", rep.Top1, rep.Top3)
	}
	th := rep.Model.Thresholds
	if !(0 < th.Floor && th.Floor < th.Passive && th.Passive < 1) {
		t.Errorf("thresholds out of order: %+v", th)
	}
	data, err := rep.Model.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseModel(data)
	if err != nil {
		t.Fatalf("fitted model does not parse back: %v", err)
	}
	if m.rank != rep.Model.rank {
		for i := range m.rank {
			if d := m.rank[i] - rep.Model.rank[i]; d > 1e-4 || d < -1e-4 {
				t.Errorf("rank weight %s: %v after a round trip, was %v", entryFeatureNames[i], m.rank[i], rep.Model.rank[i])
			}
		}
	}
}

func TestParseModelRejects(t *testing.T) {
	for _, bad := range []string{`{`, `{"rank":{},"confidence":{}}`, `{"rank":{"sig":1},"confidence":{}}`} {
		if _, err := ParseModel([]byte(bad)); err == nil {
			t.Errorf("ParseModel(%s): want an error", bad)
		}
	}
}

// TestAmbiguousHasCandidates: a result the model calls torn always offers
// at least two candidates, so a reply can ask which one.
func TestAmbiguousHasCandidates(t *testing.T) {
	kb := mustDefault(t)
	torn := 0
	for _, f := range []string{"../testdata/real/real-errors.jsonl", "../testdata/real2/real2-errors.jsonl", "../testdata/mined/pool-a.jsonl"} {
		for _, c := range readCaseFile(t, f) {
			r := kb.Match(c.Text, 5)
			if !r.Ambiguous {
				continue
			}
			torn++
			if n := len(r.Candidates()); n < 2 {
				t.Errorf("%s: ambiguous with %d candidate(s): %v", c.ID, n, r.Matches)
			}
		}
	}
	if torn == 0 {
		t.Fatal("no torn result in the sets: the test checks nothing")
	}
}
