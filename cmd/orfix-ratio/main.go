// Command orfix-ratio measures orfix against the HTTP floor (orfix-floor):
// it runs a fresh orfix serve (with SQLite) and a fresh floor alternately on
// loopback under the same orfix-load, N repetitions of D seconds per
// connection count, and prints for each throughput, p50/p99, server CPU per
// request (from /proc/<pid>/stat), peak RSS (VmHWM), cold start to /healthz
// (alive) and to /readyz (ready for traffic; the floor is ready when alive)
// and, for orfix, the store records written and dropped and its heap
// allocations per request (from its /metrics), with orfix/floor
// ratios as min/median/max over the repetitions. It then starts each server
// -starts more times without load, for cold-start ratios over more samples.
//
//	go build -o bin/ ./cmd/orfix ./cmd/orfix-floor ./cmd/orfix-load
//	orfix-ratio -bin bin -c 16,64 -n 3 -d 10s
//
// scripts/ratio.sh does both. Linux only (it reads /proc). With -cpuprofile
// DIR each orfix run writes its CPU and heap profiles there (go tool pprof
// reads them);
// with -store-url orfix stores to that PostgreSQL database instead of SQLite.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"time"
)

func main() {
	var cfg ratioConfig
	conns := flag.String("c", "16,64", "connection counts, comma-separated")
	flag.StringVar(&cfg.bin, "bin", "bin", "directory holding orfix, orfix-floor and orfix-load")
	flag.IntVar(&cfg.reps, "n", 3, "repetitions per server and connection count")
	flag.DurationVar(&cfg.duration, "d", 10*time.Second, "load duration of one run (at most 2m)")
	flag.StringVar(&cfg.secret, "slack-secret", "load-test", "Slack signing secret both servers check")
	flag.StringVar(&cfg.only, "only", "", `orfix-load -only: "api" or "slack" (default both, alternating)`)
	flag.StringVar(&cfg.profiles, "cpuprofile", "", "directory to write each orfix run's CPU profile (orfix-c16-rep1.pprof, ...) and heap profile at shutdown (.heap) to")
	flag.IntVar(&cfg.starts, "starts", 10, "cold starts per server, alternating, after the load runs (0: none)")
	flag.StringVar(&cfg.storeURL, "store-url", os.Getenv("ORFIX_RATIO_STORE_URL"), "PostgreSQL URL orfix stores to instead of a fresh SQLite file (default $ORFIX_RATIO_STORE_URL)")
	flag.Parse()
	for _, s := range strings.Split(*conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "orfix-ratio: bad -c:", s)
			os.Exit(2)
		}
		cfg.conns = append(cfg.conns, n)
	}
	if cfg.reps < 1 || cfg.duration <= 0 || cfg.duration > 2*time.Minute || cfg.starts < 0 {
		fmt.Fprintln(os.Stderr, "orfix-ratio: -n must be at least 1, -d within (0, 2m] and -starts not negative")
		os.Exit(2)
	}
	if cfg.profiles != "" {
		if err := os.MkdirAll(cfg.profiles, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "orfix-ratio:", err)
			os.Exit(1)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := runRatio(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "orfix-ratio:", err)
		os.Exit(1)
	}
}
