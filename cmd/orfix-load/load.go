package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

type loadConfig struct {
	base        string
	clients     int
	duration    time.Duration
	slackSecret string
	// only, when set, sends one kind of request: "api" or "slack".
	only string
}

// report is what a load run measured.
type report struct {
	requests, errors int
	elapsed          time.Duration
	p50, p99, max    time.Duration
	rssBytes         float64
	firstError       string
}

func (r report) String() string {
	return fmt.Sprintf("requests %d  errors %d  throughput %.0f req/s  p50 %.2fms  p99 %.2fms  max %.2fms  server RSS %.1f MB%s",
		r.requests, r.errors, float64(r.requests)/r.elapsed.Seconds(), ms(r.p50), ms(r.p99), ms(r.max), r.rssBytes/1e6, firstErr(r.firstError))
}

func firstErr(s string) string {
	if s == "" {
		return ""
	}
	return "  first error: " + s
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pastes are real shapes of OpenRouter errors, rotated through the requests.
var pastes = []string{
	`Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}`,
	`429 Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day`,
	`litellm.NotFoundError: OpenrouterException - {"error":{"message":"No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing","code":404}}`,
	`API Error: 402 {"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 65536 tokens, but can only afford 10114. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account","code":402}}`,
	`{"error":{"message":"Provider returned error","code":429,"metadata":{"raw":"deepseek/deepseek-chat-v3-0324:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations","provider_name":"Chutes"}}}`,
	`thanks, that fixed it!`,
}

func runLoad(ctx context.Context, cfg loadConfig) (report, error) {
	u, err := url.Parse(cfg.base)
	if err != nil {
		return report{}, err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return report{}, errors.New("load tests target loopback only")
	}
	switch {
	case cfg.only != "" && cfg.only != "api" && cfg.only != "slack":
		return report{}, fmt.Errorf("-only %q: use api or slack", cfg.only)
	case cfg.only == "slack" && cfg.slackSecret == "":
		return report{}, errors.New("-only slack needs -slack-secret")
	}
	if cfg.clients < 1 {
		return report{}, errors.New("need at least one client")
	}
	tr := &http.Transport{MaxIdleConns: cfg.clients, MaxIdleConnsPerHost: cfg.clients}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()

	var mu sync.Mutex
	var rep report
	var lat []time.Duration
	start := time.Now()
	var wg sync.WaitGroup
	for c := range cfg.clients {
		wg.Go(func() {
			var mine []time.Duration
			errs, first := 0, ""
			for i := c; ctx.Err() == nil; i += cfg.clients {
				t0 := time.Now()
				err := oneRequest(ctx, client, cfg, i)
				if ctx.Err() != nil {
					break
				}
				mine = append(mine, time.Since(t0))
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			rep.errors += errs
			if rep.firstError == "" {
				rep.firstError = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	rep.requests = len(lat)
	if len(lat) > 0 {
		slices.Sort(lat)
		rep.p50, rep.p99, rep.max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	rep.rssBytes = serverRSS(client, cfg.base)
	return rep, nil
}

func oneRequest(ctx context.Context, client *http.Client, cfg loadConfig, i int) error {
	paste := pastes[i%len(pastes)]
	var req *http.Request
	if cfg.slackSecret != "" && (cfg.only == "slack" || cfg.only == "" && i%2 == 1) {
		form := url.Values{"command": {"/orfix"}, "text": {paste}, "user_id": {"U" + strconv.Itoa(i)}, "channel_id": {"C1"}, "team_id": {"T1"}, "response_url": {cfg.base + "/unused"}}
		body := []byte(form.Encode())
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, cfg.base+"/slack/commands", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(cfg.slackSecret))
		fmt.Fprintf(mac, "v0:%s:%s", ts, body)
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	} else {
		body, _ := json.Marshal(map[string]string{"text": paste})
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, cfg.base+"/api/v1/match", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", req.URL.Path, resp.StatusCode)
	}
	return nil
}

// serverRSS reads process_resident_memory_bytes from the server's metrics.
func serverRSS(client *http.Client, base string) float64 {
	resp, err := client.Get(base + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f
		}
	}
	return 0
}
