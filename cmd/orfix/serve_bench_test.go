package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkServe runs serve in process, as orfix serve runs (SQLite store,
// JSON logs, the Slack HTTP endpoints on), and drives it over loopback
// with 16 clients per CPU sending POST /api/v1/match (api) or signed
// /orfix commands (slack). Profile it with -cpuprofile to see what a request
// costs above the HTTP floor (see cmd/orfix-floor).
func BenchmarkServe(b *testing.B) {
	for _, path := range []string{"api", "slack"} {
		b.Run(path, func(b *testing.B) { benchServe(b, path) })
	}
}

// benchServe drives serve with path's requests only ("api" or "slack").
func benchServe(b *testing.B, path string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := defaultConfig()
	cfg.HTTP.Addr, cfg.HTTP.ClientRate = addr, 0
	cfg.Store.Path = filepath.Join(b.TempDir(), "orfix.db")
	cfg.Slack.SigningSecret = "bench"
	// Logs go to a file, as a service manager's stderr would.
	logs, err := os.Create(filepath.Join(b.TempDir(), "orfix.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logs.Close()
	batched := newBatchWriter(logs, logInterval) // as cmdServe does
	defer batched.Close()
	log := slog.New(flushingHandler{newLogger(env{stderr: batched}, cfg.Log).Handler(), batched})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()
	base := "http://" + addr
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for start := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		// Ready, not only alive: /healthz answers while the store opens.
		if resp, err := client.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Since(start) > 10*time.Second {
			b.Fatal("serve did not start")
		}
	}
	var seq atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := benchRequest(base, path, seq.Add(1))
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("%s: status %d", req.URL.Path, resp.StatusCode)
				return
			}
		}
	})
}

// benchRequest is request i of BenchmarkServe on path.
func benchRequest(base, path string, i int64) *http.Request {
	const paste = `API Error: 402 {"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 65536 tokens, but can only afford 10114.","code":402}}`
	if path == "api" {
		body := fmt.Sprintf(`{"text":%q}`, paste)
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/match", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
	form := url.Values{"command": {"/orfix"}, "text": {paste}, "user_id": {"U" + strconv.FormatInt(i, 10)},
		"channel_id": {"C1"}, "team_id": {"T1"}, "response_url": {base + "/unused"}}
	body := []byte(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, base+"/slack/commands", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte("bench"))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req
}
