package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunLoad(t *testing.T) {
	var api, slack atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		switch r.URL.Path {
		case "/api/v1/match":
			api.Add(1)
		case "/slack/commands":
			if r.Header.Get("X-Slack-Signature") == "" || r.Header.Get("X-Slack-Request-Timestamp") == "" {
				http.Error(w, "unsigned", http.StatusUnauthorized)
				return
			}
			slack.Add(1)
		case "/metrics":
			io.WriteString(w, "# HELP x\nprocess_resident_memory_bytes 4.2e+07\n")
			return
		}
		io.WriteString(w, `{"matched":true}`)
	}))
	defer srv.Close()
	rep, err := runLoad(context.Background(), loadConfig{base: srv.URL, clients: 4, duration: 300 * time.Millisecond, slackSecret: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.errors != 0 || rep.requests == 0 || api.Load() == 0 || slack.Load() == 0 {
		t.Errorf("report %+v, api %d, slack %d", rep, api.Load(), slack.Load())
	}
	if rep.rssBytes != 4.2e7 || rep.p99 < rep.p50 {
		t.Errorf("rss %v p50 %v p99 %v", rep.rssBytes, rep.p50, rep.p99)
	}
	if !strings.Contains(rep.String(), "req/s") {
		t.Errorf("report line: %s", rep)
	}
}

func TestRunLoadLoopbackOnly(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1:8080", "http://example.com", "http://192.168.1.2"} {
		if _, err := runLoad(context.Background(), loadConfig{base: u, clients: 1, duration: time.Millisecond}); err == nil {
			t.Errorf("%s accepted: load tests must stay on loopback", u)
		}
	}
}

func TestRunLoadOnly(t *testing.T) {
	for _, only := range []string{"api", "slack"} {
		var api, slack atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			switch r.URL.Path {
			case "/api/v1/match":
				api.Add(1)
			case "/slack/commands":
				slack.Add(1)
			}
		}))
		rep, err := runLoad(context.Background(), loadConfig{base: srv.URL, clients: 2, duration: 100 * time.Millisecond, slackSecret: "s", only: only})
		srv.Close()
		if err != nil || rep.requests == 0 {
			t.Fatalf("%s: %v, %+v", only, err, rep)
		}
		if (only == "api") != (slack.Load() == 0) || (only == "slack") != (api.Load() == 0) {
			t.Errorf("-only %s sent %d API and %d Slack requests", only, api.Load(), slack.Load())
		}
	}
	if _, err := runLoad(context.Background(), loadConfig{base: "http://127.0.0.1:1", clients: 1, duration: time.Millisecond, only: "slack"}); err == nil {
		t.Error("-only slack ran without a signing secret")
	}
}
