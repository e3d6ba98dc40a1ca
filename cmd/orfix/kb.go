package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/orfix/orfix/knowledge"
)

func cmdKB(ctx context.Context, e env, args []string) (int, error) {
	if len(args) == 0 {
		return exitUsage, fmt.Errorf("%w: orfix kb lint [DIR] | list | show ID | import FILE... | draft [--since 30d] [--out DIR]", errUsage)
	}
	switch args[0] {
	case "lint":
		return kbLint(e, args[1:])
	case "list":
		return kbList(e, args[1:])
	case "show":
		return kbShow(e, args[1:])
	case "import":
		return kbImport(ctx, e, args[1:])
	case "draft":
		return kbDraft(ctx, e, args[1:])
	}
	return exitUsage, fmt.Errorf("%w: unknown kb command %q", errUsage, args[0])
}

func kbLint(e env, args []string) (int, error) {
	if len(args) > 1 {
		return exitUsage, fmt.Errorf("%w: orfix kb lint [DIR]", errUsage)
	}
	dir := ""
	if len(args) == 1 {
		dir = args[0]
	}
	ps := knowledge.Lint(dir)
	for _, p := range ps {
		fmt.Fprintln(e.stdout, p)
	}
	if len(ps) > 0 {
		fmt.Fprintf(e.stderr, "orfix kb lint: %d problem(s)\n", len(ps))
		return exitUsage, nil
	}
	kb, err := knowledge.Load(dir)
	if err != nil {
		return exitUsage, err
	}
	fmt.Fprintf(e.stdout, "ok: %d entries\n", kb.Len())
	return exitOK, nil
}

func loadKBFlag(args []string) (*knowledge.KB, []string, error) {
	dir := ""
	if len(args) >= 2 && args[0] == "--kb" {
		dir, args = args[1], args[2:]
	}
	kb, err := knowledge.Load(dir)
	return kb, args, err
}

func kbList(e env, args []string) (int, error) {
	kb, _, err := loadKBFlag(args)
	if err != nil {
		return exitUsage, err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, en := range kb.Entries() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", en.ID, en.Category, en.Title)
	}
	return exitOK, tw.Flush()
}

func kbShow(e env, args []string) (int, error) {
	kb, args, err := loadKBFlag(args)
	if err != nil {
		return exitUsage, err
	}
	if len(args) != 1 {
		return exitUsage, fmt.Errorf("%w: orfix kb show ID", errUsage)
	}
	en, ok := kb.Get(args[0])
	if !ok {
		return exitUsage, fmt.Errorf("no entry with id %q (orfix kb list shows them)", args[0])
	}
	fmt.Fprintf(e.stdout, "# %s\n\nid: %s\ncategory: %s\n\n%s\n", en.Title, en.ID, en.Category, en.Body())
	return exitOK, nil
}
