package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
)

func cmdMatch(ctx context.Context, e env, args []string) (int, error) {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	kbDir := fs.String("kb", "", "knowledge-base directory laid over the embedded one")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	top := fs.Int("top", 3, "how many ranked results --json lists (1 to 25)")
	tool := fs.String("tool", "", "the tool you use (a tool id such as cline or aider); detected when empty")
	if err := fs.Parse(args); err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	if *top < 1 || *top > knowledge.MaxSuggestions {
		return exitUsage, fmt.Errorf("%w: --top must be 1 to %d", errUsage, knowledge.MaxSuggestions)
	}
	text, err := readText(e, fs.Args())
	if err != nil {
		return exitUsage, err
	}
	kb, err := knowledge.Load(*kbDir)
	if err != nil {
		return exitUsage, err
	}
	b := bot.New(kb, bot.Config{PublicURL: publicURL(e)})
	reply, err := b.Handle(ctx, bot.Request{Platform: bot.CLI, Mode: bot.Explicit, User: "cli", Text: text, Tool: *tool, Top: *top})
	if err != nil {
		return exitUsage, err
	}
	code := exitOK
	if reply.Entry == nil {
		code = exitNoMatch
	}
	if *asJSON {
		return code, writeMatchJSON(e.stdout, reply)
	}
	_, err = io.WriteString(e.stdout, bot.RenderText(reply, "orfix read it locally and sent it nowhere; rotate it anyway if it was ever pasted in a chat."))
	return code, err
}

func writeMatchJSON(w io.Writer, r bot.Reply) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(bot.NewMatchJSON(r))
}

// publicURL is the base of every link in replies.
func publicURL(e env) string {
	if u := strings.TrimRight(e.getenv("ORFIX_PUBLIC_URL"), "/"); u != "" {
		return u
	}
	return bot.DefaultPublicURL
}
