// Command orfix-load drives a running orfix serve over loopback with many
// concurrent clients: POST /api/v1/match and signed POST /slack/commands
// with real pastes, for a fixed time. It reports throughput, latency
// percentiles, errors, and the server's resident memory (read from its
// /metrics).
//
//	orfix serve &   # with SLACK_SIGNING_SECRET=load-test
//	orfix-load -url http://127.0.0.1:8080 -c 64 -d 60s -slack-secret load-test
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	var cfg loadConfig
	flag.StringVar(&cfg.base, "url", "http://127.0.0.1:8080", "base URL of orfix serve (loopback only)")
	flag.IntVar(&cfg.clients, "c", 64, "concurrent clients")
	flag.DurationVar(&cfg.duration, "d", 60*time.Second, "how long to run")
	flag.StringVar(&cfg.slackSecret, "slack-secret", "", "Slack signing secret; when set, half the requests are signed /slack/commands")
	flag.StringVar(&cfg.only, "only", "", `send one kind of request only: "api" or "slack" (default both)`)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := runLoad(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "orfix-load:", err)
		os.Exit(2)
	}
	fmt.Println(rep)
	if rep.errors > 0 {
		os.Exit(1)
	}
}
