package main

import (
	"context"
	"fmt"
	"io"

	"github.com/orfix/orfix/bot"
)

// cmdRedact prints the text with every secret masked and nothing else
// changed; a summary of what was masked goes to stderr.
func cmdRedact(_ context.Context, e env, args []string) (int, error) {
	text, err := readText(e, args)
	if err != nil {
		return exitUsage, err
	}
	warnArgSecrets(e, "redact", args, text)
	out, found := bot.Redact(text)
	if _, err := io.WriteString(e.stdout, out); err != nil {
		return exitUsage, err
	}
	for _, f := range found {
		fmt.Fprintf(e.stderr, "masked %s %s\n", f.Label, f.Masked)
	}
	return exitOK, nil
}
