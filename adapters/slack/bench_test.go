package slack

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
)

// BenchmarkSlashCommandLoopback measures a signed /orfix handled end to end
// over loopback: a real HTTP server with the adapter's routes, signature
// verification, form parsing, the bot core (secret scan, match, policy) and
// Block Kit rendering, the JSON answer read back by the client. It reports
// the per-request latency percentiles.
func BenchmarkSlashCommandLoopback(b *testing.B) {
	core := newBot(b, bot.Config{UserRate: 1 << 30})
	a, err := New(core, Config{SigningSecret: testSecret}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := srv.Client()
	body, err := readBenchFixture()
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		body := fmt.Appendf(append([]byte(nil), body...), "&test_nonce=%d", nonce.Add(1))
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/slack/commands", bytes.NewReader(body))
		stamp := strconv.FormatInt(start.Unix(), 10)
		req.Header.Set("Content-Type", formType)
		req.Header.Set("X-Slack-Request-Timestamp", stamp)
		req.Header.Set("X-Slack-Signature", signature(testSecret, stamp, body))
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(answer, []byte("openrouter-401-invalid-key")) {
			b.Fatalf("status %d: %s", resp.StatusCode, answer)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func readBenchFixture() ([]byte, error) {
	b, err := os.ReadFile("testdata/command_paste.form")
	return bytes.ReplaceAll(b, []byte("{{server}}"), []byte("https://hooks.slack.com")), err
}
