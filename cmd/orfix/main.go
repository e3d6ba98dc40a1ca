// Command orfix recognises pasted OpenRouter errors and answers them from a
// knowledge base: on Discord, on Slack, on the web and in the terminal.
//
//	orfix serve [--config FILE]
//	orfix match [--kb DIR] [--json] [--top N] [TEXT | -]
//	orfix eval --cases FILE.jsonl [--kb DIR] [--json]
//	orfix redact [TEXT | -]
//	orfix kb lint|list|show ID|import FILE...|draft
//	orfix config check FILE
//	orfix stats [--since 7d] [--json]
//	orfix discord invite|register
//	orfix slack manifest --url URL [--socket]
//	orfix version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0 // answered / done
	exitNoMatch = 1 // no confident match
	exitUsage   = 2 // usage or input error
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what a subcommand may touch: its arguments and the standard streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// errUsage marks an error that is the caller's: exit code 2.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	cmds := map[string]func(context.Context, env, []string) (int, error){
		"match":       cmdMatch,
		"eval":        cmdEval,
		"fit":         cmdFit,
		"kb":          cmdKB,
		"redact":      cmdRedact,
		"serve":       cmdServe,
		"config":      cmdConfig,
		"stats":       cmdStats,
		"discord":     cmdDiscord,
		"slack":       cmdSlack,
		"healthcheck": cmdHealthcheck,
		"version": func(context.Context, env, []string) (int, error) {
			fmt.Fprintln(stdout, "orfix", version)
			return exitOK, nil
		},
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			usage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "orfix: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	code, err := cmd(ctx, e, args[1:])
	if err != nil {
		fmt.Fprintf(stderr, "orfix %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return exitUsage
		}
		if code == exitOK {
			code = exitUsage
		}
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprint(w, `orfix: answers pasted OpenRouter errors from a knowledge base

usage:
  orfix serve [--config FILE]                          run the web, Discord and Slack adapters
  orfix match [--kb DIR] [--json] [--top N] [TEXT|-]   answer one paste as the bot would
  orfix eval --cases FILE.jsonl [--kb DIR] [--json]    measure the matcher on labelled pastes
  orfix redact [TEXT|-]                                print the text with every secret masked
  orfix kb lint [DIR] | list | show ID | import FILE... work with the knowledge base
  orfix kb draft [--db DB] [--since 30d] [--out DIR]   draft entries for the unmatched pastes (coverage gaps)
  orfix config check FILE                              validate a configuration file
  orfix stats [--since 7d] [--json]                    answers per entry, fixed-it rate, top unmatched pastes
  orfix discord invite | register                      print the invite URL / register /orfix
  orfix slack manifest --url URL [--socket]            print a Slack app manifest
  orfix healthcheck [URL]                              exit 0 when orfix serve is alive
  orfix version

exit codes: 0 answered, 1 no confident match, 2 usage or input error
`)
}
