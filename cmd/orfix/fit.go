package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/orfix/orfix/knowledge"
)

// cmdFit fits the matcher's scoring model to labelled pastes, prints the
// grouped cross-validation figures and writes the model file.
func cmdFit(_ context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("fit", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cases []string
	fs.Func("cases", "labelled pastes, one JSON object a line (repeatable; a glob is expanded)", func(s string) error { cases = append(cases, s); return nil })
	fs.Func("sets", "a file listing case files, one path a line (# starts a comment)", func(s string) error {
		data, err := os.ReadFile(s)
		if err != nil {
			return err
		}
		for _, ln := range strings.Split(string(data), "\n") {
			if ln = strings.TrimSpace(ln); ln != "" && !strings.HasPrefix(ln, "#") {
				cases = append(cases, ln)
			}
		}
		return nil
	})
	kbDir := fs.String("kb", "", "knowledge-base directory laid over the embedded one")
	folds := fs.Int("folds", 5, "cross-validation folds (split by source thread)")
	out := fs.String("out", "", "write the fitted model here (e.g. knowledge/model.json)")
	misses := fs.String("misses", "", "write the out-of-fold misses here, one JSON object a line (texts without an error answered at the floor too, labelled \"(chatter)\" or \"(other vendor)\")")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	cases = append(cases, fs.Args()...)
	if len(cases) == 0 {
		return exitUsage, fmt.Errorf("%w: give --cases FILE.jsonl", errUsage)
	}
	kb, err := knowledge.LoadForFit(*kbDir)
	if err != nil {
		return exitUsage, err
	}
	all, files, err := readCaseFiles(cases)
	if err != nil {
		return exitUsage, err
	}
	rep, err := knowledge.Fit(kb, all, *folds)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "grouped %d-fold cross-validation: %d cases (%d labelled) from %d threads\n", rep.Folds, rep.Cases, rep.Labelled, rep.Groups)
	fmt.Fprintf(e.stdout, "top1 %.3f  top3 %.3f  passive_fp_chatter %.3f  passive_fp_offtopic %.3f  passive_recall %.3f  torn %.3f (top1 %.2f, top2 %.2f)\n",
		rep.Top1, rep.Top3, rep.PassiveFPChatter, rep.PassiveFPOffTopic, rep.PassiveRecall, rep.TornShare, rep.TornTop1, rep.TornTop2)
	names := make([]string, 0, len(rep.Sets))
	for n := range rep.Sets {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(e.stdout, "  %-28s top1 %.3f  top3 %.3f\n", n, rep.Sets[n][0], rep.Sets[n][1])
	}
	printRealCounts(e, rep.Counts, rep.Uncited)
	if *misses != "" {
		if err := writeMisses(*misses, rep.Misses); err != nil {
			return exitUsage, err
		}
	}
	th := rep.Model.Thresholds
	fmt.Fprintf(e.stdout, "thresholds: floor %.2f  passive %.2f  torn margin %.1f\n", th.Floor, th.Passive, rep.Model.Torn)
	if *out == "" {
		return exitOK, nil
	}
	rep.Model.Fitted = fmt.Sprintf("orfix fit --folds %d: %d files, %d cases, %s", rep.Folds, len(files), rep.Cases, time.Now().UTC().Format(time.DateOnly))
	data, err := rep.Model.Marshal()
	if err != nil {
		return exitUsage, err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return exitUsage, fmt.Errorf("writing the model: %w", err)
	}
	return exitOK, nil
}

// readCaseFiles reads every case file (globs expanded, sorted), naming each
// case's set after its file.
func readCaseFiles(patterns []string) ([]knowledge.Case, []string, error) {
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil || len(m) == 0 {
			m = []string{p}
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	files = slices.Compact(files)
	var all []knowledge.Case
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, nil, err
		}
		cs, err := knowledge.ReadCases(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		set := strings.TrimSuffix(filepath.Base(name), ".jsonl")
		for i := range cs {
			cs[i].Set = set
		}
		all = append(all, cs...)
	}
	return all, files, nil
}

// syntheticSets are the case sets written by people rather than pasted:
// the held-out and blind synthetic sets and the entries' own examples.
var syntheticSets = map[string]bool{"heldout-errors": true, "blind-errors": true, "kb-examples": true}

// printRealCounts prints the out-of-fold figures over the real pastes (every
// set but the synthetic ones), in total and per labelled entry.
func printRealCounts(e env, counts, uncited map[string]map[string][3]int) {
	per, all := realTotals(counts)
	unc, uncAll := realTotals(uncited)
	if all[2] == 0 {
		return
	}
	fmt.Fprintf(e.stdout, "real pastes: %d labelled  top1 %.3f  top3 %.3f; of them %d from threads the label's entry does not cite: top1 %.3f  top3 %.3f\n",
		all[2], ratio(all[0], all[2]), ratio(all[1], all[2]), uncAll[2], ratio(uncAll[0], uncAll[2]), ratio(uncAll[1], uncAll[2]))
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c, u := per[id], unc[id]
		fmt.Fprintf(e.stdout, "  %-36s top1 %3d/%-3d top3 %3d/%-3d  not cited: top1 %3d/%-3d\n", id, c[0], c[2], c[1], c[2], u[0], u[2])
	}
}

// writeMisses writes the out-of-fold misses as JSON lines.
func writeMisses(name string, ms []knowledge.FitMiss) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, m := range ms {
		if err := enc.Encode(m); err != nil {
			return fmt.Errorf("writing the misses: %w", err)
		}
	}
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the misses: %w", err)
	}
	return nil
}

// realTotals sums per-set counts over the real pastes (every set but the
// synthetic ones), per entry and in all.
func realTotals(counts map[string]map[string][3]int) (map[string][3]int, [3]int) {
	per := map[string][3]int{}
	var all [3]int
	for set, byEntry := range counts {
		if syntheticSets[set] {
			continue
		}
		for id, c := range byEntry {
			p := per[id]
			for i := range c {
				p[i] += c[i]
				all[i] += c[i]
			}
			per[id] = p
		}
	}
	return per, all
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
