package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// heapCounts are a Go server's cumulative heap allocations, as its
// /metrics page (the Prometheus Go collector) reports them.
type heapCounts struct {
	objects, bytes float64
}

// readHeapCounts reads go_memstats_mallocs_total and
// go_memstats_alloc_bytes_total from base's /metrics.
func readHeapCounts(base string) (heapCounts, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		return heapCounts{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return heapCounts{}, fmt.Errorf("/metrics: %s", resp.Status)
	}
	return parseHeapCounts(resp.Body)
}

// parseHeapCounts reads the two counters from a Prometheus text page.
func parseHeapCounts(r io.Reader) (heapCounts, error) {
	var c heapCounts
	var found int
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		var dst *float64
		switch name {
		case "go_memstats_mallocs_total":
			dst = &c.objects
		case "go_memstats_alloc_bytes_total":
			dst = &c.bytes
		default:
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return c, fmt.Errorf("%s: %w", name, err)
		}
		*dst = v
		found++
	}
	if err := sc.Err(); err != nil {
		return c, err
	}
	if found != 2 {
		return c, fmt.Errorf("/metrics lacks go_memstats_mallocs_total or go_memstats_alloc_bytes_total")
	}
	return c, nil
}
