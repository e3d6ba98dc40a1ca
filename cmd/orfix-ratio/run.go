package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// ratioConfig is what orfix-ratio runs.
type ratioConfig struct {
	bin      string
	conns    []int
	reps     int
	duration time.Duration
	secret   string
	only     string // orfix-load -only
	profiles string // directory for orfix's CPU profiles; "" takes none
	starts   int    // cold starts per server after the load runs; 0 takes none
	storeURL string // PostgreSQL URL; "" stores to a fresh SQLite file
}

// sample is what one run of one server measured.
type sample struct {
	throughput     float64 // requests per second
	p50, p99       float64 // milliseconds
	cpuPerReq      float64 // microseconds of server CPU per request
	rssMB          float64 // peak resident set, MB
	startMS        float64 // exec to the first 200 from /healthz, ms
	readyMS        float64 // exec to the first 200 from /readyz (the floor: /healthz), ms
	errors         int
	written, lost  int64 // store records (orfix only)
	storeCountsMet bool
	// Heap allocations per request, from /metrics (orfix only; 0: unknown).
	allocsPerReq, allocBytesPerReq float64
}

// loadLine parses orfix-load's report line.
var loadLine = regexp.MustCompile(`requests (\d+)\s+errors (\d+)\s+throughput ([\d.]+) req/s\s+p50 ([\d.]+)ms\s+p99 ([\d.]+)ms`)

// runOnce starts a fresh kind, loads it with conns clients for the
// configured duration, and stops it.
func runOnce(ctx context.Context, cfg ratioConfig, kind string, conns, rep int) (sample, error) {
	dir, err := os.MkdirTemp("", "orfix-ratio-")
	if err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, cfg, kind, dir, conns, rep)
	if err != nil {
		return sample{}, err
	}
	stopped := false
	defer func() {
		if !stopped {
			srv.stop()
		}
	}()
	before, err := srv.cpuTicks()
	if err != nil {
		return sample{}, err
	}
	var heapBefore heapCounts
	var heapErr error
	if kind == "orfix" {
		heapBefore, heapErr = readHeapCounts(srv.base)
	}
	args := []string{"-url", srv.base, "-c", strconv.Itoa(conns), "-d", cfg.duration.String(), "-slack-secret", cfg.secret}
	if cfg.only != "" {
		args = append(args, "-only", cfg.only)
	}
	out, err := exec.CommandContext(ctx, filepath.Join(cfg.bin, "orfix-load"), args...).CombinedOutput()
	m := loadLine.FindSubmatch(out)
	if m == nil {
		return sample{}, fmt.Errorf("%s: orfix-load: %v: %s", kind, err, out)
	}
	after, err := srv.cpuTicks()
	if err != nil {
		return sample{}, err
	}
	var heapAfter heapCounts
	if kind == "orfix" && heapErr == nil {
		heapAfter, heapErr = readHeapCounts(srv.base)
	}
	rss, err := srv.peakRSS()
	if err != nil {
		return sample{}, err
	}
	srv.stop()
	stopped = true
	var s sample
	requests, _ := strconv.Atoi(string(m[1]))
	s.errors, _ = strconv.Atoi(string(m[2]))
	s.throughput, _ = strconv.ParseFloat(string(m[3]), 64)
	s.p50, _ = strconv.ParseFloat(string(m[4]), 64)
	s.p99, _ = strconv.ParseFloat(string(m[5]), 64)
	if requests > 0 {
		s.cpuPerReq = float64(time.Duration(after-before)*clockTick) / float64(time.Microsecond) / float64(requests)
		if kind == "orfix" && heapErr == nil {
			// The two /metrics reads are counted too: a few hundred objects.
			s.allocsPerReq = (heapAfter.objects - heapBefore.objects) / float64(requests)
			s.allocBytesPerReq = (heapAfter.bytes - heapBefore.bytes) / float64(requests)
		}
	}
	s.rssMB = float64(rss) / (1 << 20)
	s.startMS = ms(srv.start)
	s.readyMS = ms(srv.ready)
	if kind == "orfix" {
		s.written, s.lost, s.storeCountsMet = storeCounts(srv.log)
	}
	return s, nil
}

// runRatio runs every connection count, alternating the floor and orfix,
// and prints each run and then the ratio table.
func runRatio(ctx context.Context, cfg ratioConfig, w io.Writer) error {
	requests := cfg.only
	if requests == "" {
		requests = "api and slack alternating"
	}
	storeKind := "SQLite"
	if cfg.storeURL != "" {
		storeKind = "PostgreSQL"
	}
	fmt.Fprintf(w, "orfix vs floor: %d reps x %s per connection count, requests: %s; orfix stores to %s; loopback; the load generator shares the machine's %d CPUs\n",
		cfg.reps, cfg.duration, requests, storeKind, numCPU())
	for _, c := range cfg.conns {
		var orfix, floor []sample
		for rep := range cfg.reps {
			order := []string{"floor", "orfix"}
			if rep%2 == 1 {
				order = []string{"orfix", "floor"}
			}
			for _, kind := range order {
				s, err := runOnce(ctx, cfg, kind, c, rep+1)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "  c=%-3d rep %d %-5s %s\n", c, rep+1, kind, s)
				if kind == "orfix" {
					orfix = append(orfix, s)
				} else {
					floor = append(floor, s)
				}
			}
		}
		printTable(w, c, orfix, floor)
	}
	if cfg.starts > 0 {
		return runStarts(ctx, cfg, cfg.starts, w)
	}
	return nil
}

func (s sample) String() string {
	str := fmt.Sprintf("%8.0f req/s  p50 %6.2fms  p99 %6.2fms  cpu %6.1fus/req  rss %5.1fMB  start %6.1fms  ready %6.1fms  errors %d",
		s.throughput, s.p50, s.p99, s.cpuPerReq, s.rssMB, s.startMS, s.readyMS, s.errors)
	if s.storeCountsMet {
		str += fmt.Sprintf("  store written %d dropped %d", s.written, s.lost)
	}
	if s.allocsPerReq > 0 {
		str += fmt.Sprintf("  heap %.0f allocs %.1f KB/req", s.allocsPerReq, s.allocBytesPerReq/1024)
	}
	return str
}
