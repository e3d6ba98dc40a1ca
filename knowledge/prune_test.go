package knowledge

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// labelledPastes returns every case of the repository's and the shared
// eval sets.
func labelledPastes(t *testing.T) []Case {
	t.Helper()
	cases := readCaseFiles(t, "../testdata/*/*.jsonl")
	return append(cases, readCaseFiles(t, "../../shared/eval/*.jsonl")...)
}

// autocompletePrefixes returns n distinct typed prefixes drawn from kb:
// the starts of titles and signatures at several lengths, their words,
// misspellings of them (two letters swapped), statuses and strings that
// match nothing.
func autocompletePrefixes(kb *KB, n int) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = strings.TrimSpace(p)
		if p != "" && !seen[p] && len(out) < n {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range suggestPrefixes {
		add(p.prefix)
	}
	for _, p := range []string{"qwxz", "zzzz", "401", "402 payment", "429", "e", "x"} {
		add(p)
	}
	for round := 0; len(out) < n && round < 24; round++ {
		for i, e := range kb.Entries() {
			texts := append([]string{e.Title}, e.Signatures...)
			s := phraseOf(texts[(round+i)%len(texts)])
			switch round % 4 {
			case 0:
				add(s[:min(len(s), 3+round)])
			case 1:
				add(s[:min(len(s), 12+round)])
			case 2:
				if ws := strings.Fields(s); len(ws) > 1 {
					add(ws[len(ws)/2])
				}
			case 3:
				if len(s) > 6 {
					b := []byte(s[:min(len(s), 10)])
					b[2], b[3] = b[3], b[2]
					add(string(b))
				}
			}
		}
	}
	return out
}

// withPrune returns a shallow copy of kb that scores with mode.
func withPrune(kb *KB, mode pruneMode) *KB {
	c := *kb
	c.prune, c.pool = mode, newScratchPool()
	return &c
}

// pruneDiff counts how the pruned path's results differ from the full
// path's over pastes and prefixes.
type pruneDiff struct {
	results, top1, top3, suggestions int
	first                            string
}

func comparePaths(kb *KB, pastes []Case, prefixes []string) pruneDiff {
	full, pruned := withPrune(kb, pruneNever), withPrune(kb, pruneAlways)
	var d pruneDiff
	note := func(s string) {
		if d.first == "" {
			d.first = s
		}
	}
	for _, c := range pastes {
		want, got := full.Match(c.Text, 5), pruned.Match(c.Text, 5)
		if len(want.Matches) == 0 && len(got.Matches) == 0 {
			want.Matches, got.Matches = nil, nil // nil or empty: a fresh scratch's top list is nil
		}
		if !reflect.DeepEqual(want, got) {
			d.results++
			note(fmt.Sprintf("paste %s: got %v, want %v", c.ID, summary(got), summary(want)))
		}
		if ids(want, 1) != ids(got, 1) {
			d.top1++
		}
		if ids(want, 3) != ids(got, 3) {
			d.top3++
		}
	}
	for _, p := range prefixes {
		want, got := full.Suggest(p, MaxSuggestions, nil), pruned.Suggest(p, MaxSuggestions, nil)
		if !slices.Equal(want, got) {
			d.suggestions++
			note(fmt.Sprintf("prefix %q: got %v, want %v", p, got, want))
		}
	}
	return d
}

func ids(r Result, n int) string {
	var s []string
	for _, m := range r.Matches[:min(n, len(r.Matches))] {
		s = append(s, m.Entry.ID)
	}
	return strings.Join(s, ",")
}

func summary(r Result) string {
	var s []string
	for _, m := range r.Matches {
		s = append(s, fmt.Sprintf("%s %.3f", m.Entry.ID, m.Score))
	}
	return fmt.Sprintf("[%s] ambiguous %v", strings.Join(s, ", "), r.Ambiguous)
}

// TestPrunedMatchesFull checks that the pruned scoring gives exactly the
// full scoring's results (matches, scores, signatures, ambiguity, facts)
// and suggestions on every labelled paste and 300 prefixes, against the
// default knowledge base (pruning forced on) and a synthetic one of
// 3,000 entries, large enough to prune on its own (10,000 gave the same
// result and takes minutes under the race detector).
func TestPrunedMatchesFull(t *testing.T) {
	pastes := labelledPastes(t)
	def := mustDefault(t)
	if withPrune(def, pruneAuto).pruning() {
		t.Errorf("the default knowledge base prunes by default: the test no longer compares with its normal path")
	}
	prefixes := autocompletePrefixes(def, 300)
	if len(prefixes) != 300 {
		t.Fatalf("%d prefixes, want 300", len(prefixes))
	}
	for _, c := range []struct {
		name string
		kb   *KB
	}{{"default", def}, {"3k", syntheticKB(t, 3000)}} {
		t.Run(c.name, func(t *testing.T) {
			if !withPrune(c.kb, pruneAlways).pruning() {
				t.Fatal("the model's weights do not allow pruning: nothing is compared")
			}
			d := comparePaths(c.kb, pastes, prefixes)
			t.Logf("%d pastes, %d prefixes: %d results differ (top1 %d, top3 %d), %d suggestion lists differ", len(pastes), len(prefixes), d.results, d.top1, d.top3, d.suggestions)
			if d.results > 0 || d.suggestions > 0 {
				t.Errorf("the pruned path differs from the full one; first: %s", d.first)
			}
		})
	}
}
