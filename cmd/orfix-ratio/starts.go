package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// coldStart starts kind in a fresh directory, takes its start times and
// stops it, with no load in between: a sample with only startMS and
// readyMS set.
func coldStart(ctx context.Context, cfg ratioConfig, kind string) (sample, error) {
	dir, err := os.MkdirTemp("", "orfix-ratio-start-")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(dir)
	cfg.profiles = "" // a profile would be written on the way down, and measured
	srv, err := startServer(ctx, cfg, kind, dir, 0, 0)
	if err != nil {
		return sample{}, err
	}
	srv.stop()
	return sample{startMS: ms(srv.start), readyMS: ms(srv.ready)}, nil
}

// runStarts starts the floor and orfix n times each, alternating, and
// prints start to /healthz and to /readyz with orfix/floor ratios of the
// pairs, as min/median/max: the load runs take one start each, too few for
// a figure this noisy.
func runStarts(ctx context.Context, cfg ratioConfig, n int, w io.Writer) error {
	var orfix, floor []sample
	for i := range n {
		order := []string{"floor", "orfix"}
		if i%2 == 1 {
			order = []string{"orfix", "floor"}
		}
		for _, kind := range order {
			s, err := coldStart(ctx, cfg, kind)
			if err != nil {
				return err
			}
			if kind == "orfix" {
				orfix = append(orfix, s)
			} else {
				floor = append(floor, s)
			}
		}
	}
	fmt.Fprintf(w, "cold start, %d starts each, no load\n", n)
	printMetrics(w, []metric{aliveMetric, readyMetric}, orfix, floor)
	return nil
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
