package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
)

// numCPU is how many CPUs the servers and the load generator share.
func numCPU() int { return runtime.NumCPU() }

// metric picks one number out of a sample.
type metric struct {
	name string
	get  func(sample) float64
}

var metrics = []metric{
	{"throughput req/s", func(s sample) float64 { return s.throughput }},
	{"p50 ms", func(s sample) float64 { return s.p50 }},
	{"p99 ms", func(s sample) float64 { return s.p99 }},
	{"CPU us/request", func(s sample) float64 { return s.cpuPerReq }},
	{"peak RSS MB", func(s sample) float64 { return s.rssMB }},
	aliveMetric,
	readyMetric,
}

// aliveMetric and readyMetric are what a cold start measures.
var (
	aliveMetric = metric{"start to /healthz ms", func(s sample) float64 { return s.startMS }}
	readyMetric = metric{"start to /readyz ms", func(s sample) float64 { return s.readyMS }}
)

// spread is the min, median and max of xs.
func spread(xs []float64) (lo, med, hi float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[0], xs[len(xs)/2], xs[len(xs)-1]
}

// printTable prints the medians of both servers and orfix/floor ratios of
// the runs paired by repetition, as min/median/max.
func printTable(w io.Writer, conns int, orfix, floor []sample) {
	fmt.Fprintf(w, "\nc=%d  %-22s %12s %12s   %s\n", conns, "metric", "floor (med)", "orfix (med)", "orfix/floor min / med / max")
	printMetrics(w, metrics, orfix, floor)
	var errs int
	var written, lost int64
	for _, s := range orfix {
		errs += s.errors
		written += s.written
		lost += s.lost
	}
	for _, s := range floor {
		errs += s.errors
	}
	fmt.Fprintf(w, "      load errors %d; orfix store records written %d, dropped %d\n", errs, written, lost)
	var allocs, kb []float64
	for _, s := range orfix {
		if s.allocsPerReq > 0 {
			allocs = append(allocs, s.allocsPerReq)
			kb = append(kb, s.allocBytesPerReq/1024)
		}
	}
	if len(allocs) > 0 {
		alo, amed, ahi := spread(allocs)
		klo, kmed, khi := spread(kb)
		fmt.Fprintf(w, "      orfix heap allocations per request %.0f / %.0f / %.0f, KB %.1f / %.1f / %.1f (min / med / max)\n", alo, amed, ahi, klo, kmed, khi)
	}
	fmt.Fprintln(w)
}

// printMetrics prints, for each metric, both servers' medians and the
// orfix/floor ratios of the samples paired by index, as min/median/max.
func printMetrics(w io.Writer, ms []metric, orfix, floor []sample) {
	for _, m := range ms {
		var o, f, r []float64
		for i := range min(len(orfix), len(floor)) {
			o = append(o, m.get(orfix[i]))
			f = append(f, m.get(floor[i]))
			if fv := m.get(floor[i]); fv > 0 {
				r = append(r, m.get(orfix[i])/fv)
			}
		}
		_, om, _ := spread(o)
		_, fm, _ := spread(f)
		lo, med, hi := spread(r)
		fmt.Fprintf(w, "      %-22s %12.2f %12.2f   %.2fx / %.2fx / %.2fx\n", m.name, fm, om, lo, med, hi)
	}
}
