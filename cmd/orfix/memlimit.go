package main

import (
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// RuntimeConfig tunes the Go runtime under serve.
type RuntimeConfig struct {
	// MemoryLimit is the Go runtime's soft memory limit (heap, stacks and
	// the runtime's own memory, not the mapped binary), as GOMEMLIMIT
	// writes it: "96MiB", "1GiB", "0" or "off" for none. Near the limit
	// the garbage collector runs more often, so memory stays under it
	// unless the live data itself is bigger. GOMEMLIMIT, when set, wins.
	MemoryLimit string `yaml:"memory_limit"`
}

// DefaultMemoryLimit leaves room for the knowledge base, the requests in
// flight and the store's queue, well above what serve uses under load.
const DefaultMemoryLimit = "96MiB"

// parseMemoryLimit reads a size as GOMEMLIMIT does: a whole number of
// bytes with an optional B, KiB, MiB, GiB or TiB suffix. "", "0" and "off"
// mean no limit (0).
func parseMemoryLimit(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" || s == "off" {
		return 0, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	shift := uint(0)
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, shift = num, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("memory limit %q: use a size like 96MiB or 1GiB, or off", s)
	}
	return n << shift, nil
}

// applyMemoryLimit sets the runtime's soft memory limit from c unless the
// GOMEMLIMIT environment variable already set one.
func applyMemoryLimit(c RuntimeConfig, getenv func(string) string, log *slog.Logger) {
	if getenv("GOMEMLIMIT") != "" {
		log.Info("memory limit from GOMEMLIMIT", "bytes", debug.SetMemoryLimit(-1))
		return
	}
	limit, err := parseMemoryLimit(c.MemoryLimit)
	if err != nil || limit == 0 {
		return // validated with the configuration; 0 is no limit
	}
	debug.SetMemoryLimit(limit)
	log.Info("memory limit", "bytes", limit)
}
