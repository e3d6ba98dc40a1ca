// Command orfix-floor is the HTTP floor orfix is measured against: a minimal
// net/http server that does what any handler of the same requests must do
// and nothing more. It reads the body, checks the Slack signature on
// POST /slack/commands and decodes the form, decodes the JSON of
// POST /api/v1/match, and answers a fixed reply; it matches nothing and
// stores nothing. GET /healthz answers ok.
//
//	orfix-floor -addr 127.0.0.1:8090 -slack-secret load-test
//
// scripts/ratio.sh runs it and orfix serve alternately under the same
// orfix-load and prints orfix's numbers as ratios of the floor's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address (loopback only)")
	secret := flag.String("slack-secret", os.Getenv("SLACK_SIGNING_SECRET"), "Slack signing secret (default $SLACK_SIGNING_SECRET)")
	flag.Parse()
	if err := run(*addr, *secret); err != nil {
		fmt.Fprintln(os.Stderr, "orfix-floor:", err)
		os.Exit(2)
	}
}

// run serves the floor on addr until SIGINT or SIGTERM.
func run(addr, secret string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("the floor listens on loopback only")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: newFloor(secret), ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
