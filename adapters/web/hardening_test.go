package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// doFrom sends GET target from the remote address addr, with an optional
// bearer token.
func (e *env) doFrom(t *testing.T, addr, target, token string) response {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), http.MethodGet, target, nil)
	req.RemoteAddr = addr
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// TestReadyzDetailsForOperatorsOnly: the names and errors of the checks go
// to loopback clients and to the admin token; anyone else gets the status.
func TestReadyzDetailsForOperatorsOnly(t *testing.T) {
	down := Check{Name: "slack", Fn: func(context.Context) error { return errors.New("socket mode not connected") }}
	b := bot.New(testutil.DefaultKB(t), bot.Config{})
	s := New(b, nil, []Check{down}, nil, WithAdminToken("s3cret-admin-token"))
	e := &env{srv: s, bot: b, handler: s.Handler()}
	tests := []struct {
		name, addr, token string
		details           bool
	}{
		{"loopback v4", "127.0.0.1:5000", "", true},
		{"loopback v6", "[::1]:5000", "", true},
		{"remote", "203.0.113.9:5000", "", false},
		{"remote with the token", "203.0.113.9:5000", "s3cret-admin-token", true},
		{"remote with a wrong token", "203.0.113.9:5000", "guess", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.doFrom(t, tc.addr, "/readyz", tc.token)
			if r.status != http.StatusServiceUnavailable {
				t.Errorf("status %d, want 503", r.status)
			}
			if got := strings.Contains(r.body, "socket mode"); got != tc.details {
				t.Errorf("details shown %v, want %v:\n%s", got, tc.details, r.body)
			}
		})
	}
}

// TestClientRate: a client over its rate gets 429 with Retry-After; other
// clients, probes and the chat endpoints are not affected; 0 turns it off.
func TestClientRate(t *testing.T) {
	b := bot.New(testutil.DefaultKB(t), bot.Config{})
	for _, tc := range []struct {
		name    string
		rate    int
		limited bool
	}{{"on", 3, true}, {"off", 0, false}} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(b, nil, nil, nil, WithClientRate(tc.rate, time.Minute))
			e := &env{srv: s, bot: b, handler: s.Handler()}
			for i := range 3 {
				if r := e.doFrom(t, "198.51.100.1:1", "/kb/", ""); r.status != 200 {
					t.Fatalf("request %d: %d", i+1, r.status)
				}
			}
			r := e.doFrom(t, "198.51.100.1:1", "/kb/", "")
			if got := r.status == http.StatusTooManyRequests; got != tc.limited {
				t.Fatalf("4th request: status %d", r.status)
			}
			if tc.limited && r.header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
			if r := e.doFrom(t, "198.51.100.2:1", "/kb/", ""); r.status != 200 {
				t.Errorf("another client: %d", r.status)
			}
			if r := e.doFrom(t, "198.51.100.1:1", "/healthz", ""); r.status != 200 {
				t.Errorf("probe from a limited client: %d", r.status)
			}
		})
	}
}

// TestAdversarialRequests sends hostile requests through the real handler
// chain and http.Server limits: each is answered or refused within 100 ms.
func TestAdversarialRequests(t *testing.T) {
	b := bot.New(testutil.DefaultKB(t), bot.Config{UserRate: 1 << 20},
		bot.WithMetrics(bot.NewMetrics(prometheus.NewRegistry())))
	s := New(b, nil, nil, slog.New(slog.DiscardHandler))
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = NewHTTPServer(s.Handler(), nil)
	ts.Start()
	defer ts.Close()

	skBody := `{"text":"` + strings.Repeat("sk-", (MaxBody-20)/3) + `"}`
	keyForm := "text=" + strings.Repeat("sk-or-v1-", (MaxBody-10)/9)
	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		ctype      string
		header     string
		wantStatus []int
	}{
		{"1 MiB of sk- to the API", "POST", "/api/v1/match", skBody, "application/json", "", []int{200, 413}},
		{"1 MiB of key prefixes to the form", "POST", "/", keyForm, formType, "", []int{200, 413}},
		{"body over the limit", "POST", "/api/v1/match", `{"text":"` + strings.Repeat("a", MaxBody+1) + `"}`, "application/json", "", []int{413}},
		{"huge path", "GET", "/kb/" + strings.Repeat("sk-", 20<<10), "", "", "", []int{414}},
		{"huge query", "GET", "/kb/?q=" + strings.Repeat("sk-", 20<<10), "", "", "", []int{414}},
		{"long search within the URI limit", "GET", "/kb/?q=" + strings.Repeat("sk-or-v1-", 800), "", "", "", []int{200}},
		{"huge header", "GET", "/kb/", "", "", strings.Repeat("sk-", 40<<10), []int{431}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequestWithContext(context.Background(), tc.method, ts.URL+tc.target, body)
			if err != nil {
				t.Fatal(err)
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.header != "" {
				req.Header.Set("X-Junk", tc.header)
			}
			best := time.Duration(1<<63 - 1)
			var status int
			for range 3 { // the best of three: the 2 shared cores are busy
				start := time.Now()
				if body != nil {
					req.Body = io.NopCloser(strings.NewReader(tc.body))
				}
				resp, err := ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				best, status = min(best, time.Since(start)), resp.StatusCode
			}
			if !containsInt(tc.wantStatus, status) {
				t.Errorf("status %d, want one of %v", status, tc.wantStatus)
			}
			if best > slowdown*100*time.Millisecond {
				t.Errorf("answered in %v, want < %v", best, slowdown*100*time.Millisecond)
			}
			t.Logf("%s: %d in %v", tc.name, status, best)
		})
	}
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
