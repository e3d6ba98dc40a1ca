package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

// startSample is one cold start: exec to /healthz and to /readyz.
type startSample struct{ alive, ready time.Duration }

// coldStart starts kind in a fresh directory, takes its start times and
// stops it, with no load in between.
func coldStart(ctx context.Context, cfg ratioConfig, kind string) (startSample, error) {
	dir, err := os.MkdirTemp("", "orfix-ratio-start-")
	if err != nil {
		return startSample{}, err
	}
	defer os.RemoveAll(dir)
	cfg.profiles = "" // a profile would be written on the way down, and measured
	srv, err := startServer(ctx, cfg, kind, dir, 0, 0)
	if err != nil {
		return startSample{}, err
	}
	srv.stop()
	return startSample{alive: srv.start, ready: srv.ready}, nil
}

// runStarts starts the floor and orfix n times each, alternating, and
// prints start to /healthz and to /readyz with orfix/floor ratios of the
// pairs, as min/median/max: the load runs take one start each, too few for
// a figure this noisy.
func runStarts(ctx context.Context, cfg ratioConfig, n int, w io.Writer) error {
	var orfix, floor []startSample
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
	fmt.Fprintf(w, "cold start, %d starts each, no load  %12s %12s   %s\n", n, "floor (med)", "orfix (med)", "orfix/floor min / med / max")
	for _, m := range []struct {
		name string
		get  func(startSample) time.Duration
	}{
		{"start to /healthz ms", func(s startSample) time.Duration { return s.alive }},
		{"start to /readyz ms", func(s startSample) time.Duration { return s.ready }},
	} {
		var o, f, r []float64
		for i := range min(len(orfix), len(floor)) {
			ov, fv := ms(m.get(orfix[i])), ms(m.get(floor[i]))
			o, f = append(o, ov), append(f, fv)
			if fv > 0 {
				r = append(r, ov/fv)
			}
		}
		_, om, _ := spread(o)
		_, fm, _ := spread(f)
		lo, med, hi := spread(r)
		fmt.Fprintf(w, "      %-30s %12.2f %12.2f   %.2fx / %.2fx / %.2fx\n", m.name, fm, om, lo, med, hi)
	}
	return nil
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
