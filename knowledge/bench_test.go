package knowledge

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

const oneLinePaste = `Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}`

// stackTracePaste is a realistic 4 KB paste: a Python traceback from the
// OpenAI SDK through LiteLLM with log lines around the error body.
func stackTracePaste() string {
	var b strings.Builder
	b.WriteString("2025-09-15 17:16:54,693 - app.worker - INFO - starting agent loop for session 9d411bad-9f72-4dfb-9e3c-8cef358526dc\n")
	b.WriteString("Traceback (most recent call last):\n")
	for i := 0; b.Len() < 3300; i++ {
		fmt.Fprintf(&b, "  File \"/usr/lib/python3.11/site-packages/litellm/llms/openai/openai.py\", line %d, in completion\n    response = self.client.chat.completions.create(**data, timeout=timeout)\n", 700+i*13)
	}
	b.WriteString("openai.NotFoundError: Error code: 404 - {'error': {'message': 'No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing', 'code': 404}, 'user_id': 'user_2lVH8sxqxO3P2ybYIiNt43m90pz'}\n")
	b.WriteString("During handling of the above exception, another exception occurred:\n")
	b.WriteString("litellm.exceptions.NotFoundError: litellm.NotFoundError: OpenrouterException - No endpoints found that support tool use.\n")
	for b.Len() < 4096 {
		b.WriteString("2025-09-15 17:16:55,001 - app.worker - ERROR - retrying in 2s (attempt 1/3)\n")
	}
	return b.String()[:4096]
}

// scaleSizes are the knowledge bases the scaling benchmarks run against:
// the default one (0) and synthetic ones of 10,000 and 50,000 entries.
// They are built only under -bench, never in a plain test run.
var scaleSizes = []struct {
	name string
	n    int
}{{"default", 0}, {"10k", 10000}, {"50k", 50000}}

// scaleKB returns the default knowledge base for n == 0, else a synthetic
// one of n entries.
func scaleKB(b *testing.B, n int) *KB {
	b.Helper()
	if n == 0 {
		return mustDefault(b)
	}
	return syntheticKB(b, n)
}

func BenchmarkMatch(b *testing.B) {
	trace := stackTracePaste()
	for _, size := range scaleSizes {
		b.Run(size.name, func(b *testing.B) {
			kb := scaleKB(b, size.n)
			for _, c := range []struct {
				name string
				text string
			}{{"oneline", oneLinePaste}, {"stacktrace4KB", trace}} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(c.text)))
					for b.Loop() {
						kb.Match(c.text, 5)
					}
				})
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadHeap reports the live heap each entry costs once loaded
// and indexed (heap-B/entry), for the default knowledge base (parsed and
// checked) and synthetic ones of 10,000 and 50,000 entries (varied and
// indexed).
func BenchmarkLoadHeap(b *testing.B) {
	base := mustDefault(b).Entries()
	for _, c := range scaleSizes {
		b.Run(c.name, func(b *testing.B) {
			var perEntry float64
			for b.Loop() {
				before := liveHeap()
				var kb *KB
				if c.n == 0 {
					var err error
					if kb, err = Load(""); err != nil {
						b.Fatal(err)
					}
				} else {
					kb = Build(variedEntries(base, c.n))
				}
				perEntry = float64(liveHeap()-before) / float64(kb.Len())
				runtime.KeepAlive(kb)
			}
			b.ReportMetric(perEntry, "heap-B/entry")
		})
	}
}

// liveHeap returns the bytes of live heap after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestStackTraceMatches(t *testing.T) {
	kb := mustDefault(t)
	for _, k := range []*KB{kb, syntheticKB(t, 2000)} {
		top, ok := k.Match(stackTracePaste(), 3).Top()
		if !ok || !strings.HasPrefix(top.Entry.ID, "openrouter-404-tool-use") || top.Score < DefaultThresholds().Passive {
			t.Errorf("4 KB stack trace: got %+v, want openrouter-404-tool-use above the passive bar", top)
		}
	}
}

// BenchmarkMatchLatency reports the latency distribution (p50, p99) of
// matching a 4 KB stack trace, against the default knowledge base and
// synthetic ones of 10,000 and 50,000 entries. Run with -cpu 1 for the
// one-core figure.
func BenchmarkMatchLatency(b *testing.B) {
	trace := stackTracePaste()
	for _, size := range scaleSizes {
		b.Run(size.name, func(b *testing.B) {
			kb := scaleKB(b, size.n)
			reportLatency(b, func() { kb.Match(trace, 5) })
		})
	}
}

// suggestPrefixes are typed autocomplete prefixes: a title word, an error
// message, a status, a typo and one that matches nothing letter by letter
// (the matcher's fallback).
var suggestPrefixes = []struct{ name, prefix string }{
	{"title", "rate"},
	{"phrase", "no endpoints found"},
	{"status", "401"},
	{"typo", "insuficient credits"},
	{"nothing", "qwxz jvkq"},
}

// BenchmarkSuggest reports autocomplete latency (p50, p99) per prefix
// against the default knowledge base and synthetic ones of 10,000 and
// 50,000 entries.
func BenchmarkSuggest(b *testing.B) {
	for _, size := range scaleSizes {
		b.Run(size.name, func(b *testing.B) {
			kb := scaleKB(b, size.n)
			for _, p := range suggestPrefixes {
				b.Run(p.name, func(b *testing.B) {
					b.ReportAllocs()
					reportLatency(b, func() { kb.Suggest(p.prefix, MaxSuggestions, nil) })
				})
			}
		})
	}
}

// reportLatency runs f b.N times and reports its p50 and p99 in µs, and
// the process CPU time per call (cpu-µs/op), which a busy machine
// distorts less than the wall clock.
func reportLatency(b *testing.B, f func()) {
	lat := make([]time.Duration, 0, b.N)
	cpu := processCPU()
	for b.Loop() {
		start := time.Now()
		f()
		lat = append(lat, time.Since(start))
	}
	cpu = processCPU() - cpu
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)), "cpu-µs/op")
}
