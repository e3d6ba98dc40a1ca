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
	file := fs.String("config", "", "configuration file whose public URL the links use (else ORFIX_PUBLIC_URL)")
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
	warnArgSecrets(e, "match", fs.Args(), text)
	base := publicURL(e)
	if *file != "" {
		cfg, err := loadConfig(*file, e.getenv)
		if err != nil {
			return exitUsage, err
		}
		base = cfg.HTTP.PublicURL
	}
	kb, err := knowledge.Load(*kbDir)
	if err != nil {
		return exitUsage, err
	}
	b := bot.New(kb, bot.Config{PublicURL: base})
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
	md := bot.RenderText(reply, "orfix read it locally and sent it nowhere; rotate "+itThem(len(reply.Secrets))+" anyway if ever pasted in a chat.")
	_, err = io.WriteString(e.stdout, renderTerminal(md, styleFor(e.stdout, e.getenv)))
	return code, err
}

// itThem is "it" for one secret and "them" for several.
func itThem(n int) string {
	if n > 1 {
		return "them"
	}
	return "it"
}

// warnArgSecrets warns when a secret came as a command-line argument: the
// shell keeps it in its history, where reading from standard input would
// not have put it.
func warnArgSecrets(e env, cmd string, args []string, text string) {
	if len(args) == 0 || len(args) == 1 && args[0] == "-" {
		return
	}
	fs := bot.ScanSecrets(text)
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(e.stderr, "orfix: warning: the command line held %s; your shell history keeps %s now. Rotate %s, and next time paste on standard input: orfix %s -\n",
		bot.Plural(len(fs), "secret", "secrets"), itThem(len(fs)), itThem(len(fs)), cmd)
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
