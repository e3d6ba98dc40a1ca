package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/orfix/orfix/knowledge"
)

// matchJSON is the `orfix match --json` object, also the body of
// POST /api/v1/match.
type matchJSON struct {
	Matched  bool          `json:"matched"`
	Results  []matchResult `json:"results"`
	Secrets  int           `json:"secrets"`
	Redacted string        `json:"redacted"`
}

type matchResult struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
	URL   string  `json:"url"`
}

func cmdMatch(_ context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	kbDir := fs.String("kb", "", "knowledge-base directory laid over the embedded one")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	top := fs.Int("top", 3, "how many results to show")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	if *top < 1 || *top > 25 {
		return exitUsage, fmt.Errorf("%w: --top must be 1 to 25", errUsage)
	}
	text, err := readText(e, fs.Args())
	if err != nil {
		return exitUsage, err
	}
	kb, err := knowledge.Load(*kbDir)
	if err != nil {
		return exitUsage, err
	}
	th := knowledge.DefaultThresholds
	r := kb.Match(text, *top)
	base := publicURL(e)
	out := matchJSON{Matched: r.Confident(th), Results: []matchResult{}, Redacted: text}
	for _, m := range r.Matches {
		out.Results = append(out.Results, matchResult{ID: m.Entry.ID, Title: m.Entry.Title, Score: m.Score, URL: base + "/kb/" + m.Entry.ID})
	}
	code := exitOK
	if !out.Matched {
		code = exitNoMatch
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return code, enc.Encode(out)
	}
	for _, m := range out.Results {
		fmt.Fprintf(e.stdout, "%.2f  %s  %s\n", m.Score, m.ID, m.URL)
	}
	return code, nil
}

// publicURL is the base of every link in replies.
func publicURL(e env) string {
	if u := strings.TrimRight(e.getenv("ORFIX_PUBLIC_URL"), "/"); u != "" {
		return u
	}
	return "http://127.0.0.1:8080"
}
