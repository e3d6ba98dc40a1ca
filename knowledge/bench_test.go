package knowledge

import (
	"fmt"
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

// syntheticKB makes a knowledge base of n entries from the default one:
// each copy gets a new id and its words shuffled with a suffix, so the
// index sees n distinct documents of realistic size and vocabulary.
func syntheticKB(tb testing.TB, n int) *KB {
	tb.Helper()
	base := mustDefault(tb).Entries()
	entries := make([]*Entry, 0, n)
	for i := 0; len(entries) < n; i++ {
		for _, e := range base {
			if len(entries) == n {
				break
			}
			c := *e
			if i > 0 {
				c.ID = fmt.Sprintf("%s-%d", e.ID, i)
				tag := fmt.Sprintf("variant%d", i)
				c.Title = e.Title + " " + tag
				c.Signatures = make([]string, len(e.Signatures))
				for j, s := range e.Signatures {
					c.Signatures[j] = s + " " + tag
				}
				c.Body = e.Body + "\n" + tag
			}
			entries = append(entries, &c)
		}
	}
	return Build(entries)
}

func BenchmarkMatch(b *testing.B) {
	def := mustDefault(b)
	big := syntheticKB(b, 10000)
	trace := stackTracePaste()
	cases := []struct {
		name string
		kb   *KB
		text string
	}{
		{"oneline", def, oneLinePaste},
		{"stacktrace4KB", def, trace},
		{"oneline/10k", big, oneLinePaste},
		{"stacktrace4KB/10k", big, trace},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				c.kb.Match(c.text, 5)
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

func TestStackTraceMatches(t *testing.T) {
	kb := mustDefault(t)
	for _, k := range []*KB{kb, syntheticKB(t, 2000)} {
		top, ok := k.Match(stackTracePaste(), 3).Top()
		if !ok || !strings.HasPrefix(top.Entry.ID, "openrouter-404-tool-use") || top.Score < DefaultThresholds.Passive {
			t.Errorf("4 KB stack trace: got %+v, want openrouter-404-tool-use above the passive bar", top)
		}
	}
}

// BenchmarkMatchLatency reports the latency distribution (p50, p99) of
// matching a 4 KB stack trace, against the default knowledge base and a
// 10,000-entry one. Run with -cpu 1 for the one-core figure.
func BenchmarkMatchLatency(b *testing.B) {
	trace := stackTracePaste()
	for _, c := range []struct {
		name string
		kb   *KB
	}{{"default", mustDefault(b)}, {"10k", syntheticKB(b, 10000)}} {
		b.Run(c.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				start := time.Now()
				c.kb.Match(trace, 5)
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
