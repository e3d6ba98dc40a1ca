package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"

	"github.com/orfix/orfix/knowledge"
)

func cmdEval(_ context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cases []string
	fs.Func("cases", "labelled pastes, one JSON object a line (repeatable)", func(s string) error { cases = append(cases, s); return nil })
	kbDir := fs.String("kb", "", "knowledge-base directory laid over the embedded one")
	asJSON := fs.Bool("json", false, "print one JSON object")
	verbose := fs.Bool("v", false, "list misses and false positives (before the summary)")
	byLabel := fs.Bool("by-label", false, "print per label how many cases are right at top 1 and in the top 3 (counts only, no lines)")
	th := knowledge.DefaultThresholds()
	fs.Float64Var(&th.Floor, "floor", th.Floor, "confidence floor for an explicit answer")
	fs.Float64Var(&th.Passive, "passive", th.Passive, "confidence bar for a passive answer")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	cases = append(cases, fs.Args()...)
	if len(cases) == 0 {
		return exitUsage, fmt.Errorf("%w: give --cases FILE.jsonl", errUsage)
	}
	kb, err := knowledge.Load(*kbDir)
	if err != nil {
		return exitUsage, err
	}
	all, _, err := readCaseFiles(cases)
	if err != nil {
		return exitUsage, err
	}
	rep := knowledge.Evaluate(kb, all, th)
	if *verbose {
		for _, m := range rep.Misses {
			fmt.Fprintf(e.stdout, "miss %s: want %s, got %s (%.2f)\n", m.ID, m.Want, m.Got, m.Score)
		}
		for _, m := range rep.FalsePositives {
			fmt.Fprintf(e.stdout, "false positive %s: %s (%.2f)\n", m.ID, m.Got, m.Score)
		}
	}
	if *asJSON {
		return exitOK, json.NewEncoder(e.stdout).Encode(rep)
	}
	if *byLabel {
		labels := make([]string, 0, len(rep.ByLabel))
		for l := range rep.ByLabel {
			labels = append(labels, l)
		}
		slices.Sort(labels)
		for _, l := range labels {
			c := rep.ByLabel[l]
			fmt.Fprintf(e.stdout, "  %-36s top1 %3d/%-3d top3 %3d/%d\n", l, c[0], c[2], c[1], c[2])
		}
	}
	fmt.Fprintf(e.stdout, "cases %d  labelled %d  top1 %.3f  top3 %.3f  passive_fp_chatter %.3f  passive_fp_offtopic %.3f  passive_recall %.3f  p50 %.0fµs  p99 %.0fµs\n",
		rep.Cases, rep.Labelled, rep.Top1, rep.Top3, rep.PassiveFPChatter, rep.PassiveFPOffTopic, rep.PassiveRecall, rep.P50us, rep.P99us)
	return exitOK, nil
}
