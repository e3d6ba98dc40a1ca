package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/orfix/orfix/knowledge"
)

// kbImport converts pages laid out like the seed troubleshooting page into
// entry files in --out (default: the current directory).
func kbImport(_ context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("kb import", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", ".", "directory to write the entry files to")
	id := fs.String("id", "", "entry id (only with one file; default: made from the page title)")
	category := fs.String("category", "", "entry category (default: OpenRouter / Imported)")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	files := fs.Args()
	if len(files) == 0 {
		return exitUsage, fmt.Errorf("%w: orfix kb import [--out DIR] [--id ID] FILE...", errUsage)
	}
	if *id != "" && len(files) > 1 {
		return exitUsage, fmt.Errorf("%w: --id works with one file", errUsage)
	}
	kb, err := knowledge.Load("")
	if err != nil {
		return exitUsage, err
	}
	code := exitOK
	for _, f := range files {
		page, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(e.stderr, "orfix kb import: %v\n", err)
			code = exitUsage
			continue
		}
		data, err := knowledge.Import(kb, f, page, knowledge.ImportOptions{ID: *id, Category: *category})
		if err != nil {
			fmt.Fprintf(e.stderr, "orfix kb import: %v\n", err)
			code = exitUsage
			continue
		}
		entryID := strings.TrimPrefix(strings.SplitN(string(data), "\n", 3)[1], "id: ")
		dst := filepath.Join(*out, entryID+".md")
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "orfix kb import: %v\n", err)
			code = exitUsage
			continue
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", dst)
	}
	if code == exitOK {
		fmt.Fprintf(e.stdout, "check the result with: orfix kb lint %s\n", *out)
	}
	return code, nil
}
