package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func slackRequest(secret, body string, at time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestFloor(t *testing.T) {
	h := newFloor("s")
	now := time.Now()
	cases := []struct {
		name string
		req  *http.Request
		want int
	}{
		{"signed command", slackRequest("s", "command=%2Forfix&text=401", now), 200},
		{"wrong secret", slackRequest("other", "command=%2Forfix&text=401", now), 401},
		{"stale timestamp", slackRequest("s", "command=%2Forfix&text=401", now.Add(-10*time.Minute)), 401},
		{"no command", slackRequest("s", "text=401", now), 400},
		{"match", httptest.NewRequest(http.MethodPost, "/api/v1/match", strings.NewReader(`{"text":"401"}`)), 200},
		{"bad json", httptest.NewRequest(http.MethodPost, "/api/v1/match", strings.NewReader(`{"text":`)), 400},
		{"healthz", httptest.NewRequest(http.MethodGet, "/healthz", nil), 200},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, c.req)
		if w.Code != c.want {
			t.Errorf("%s: status %d, want %d (%s)", c.name, w.Code, c.want, w.Body)
		}
	}
}

func TestFloorLoopbackOnly(t *testing.T) {
	if err := run("0.0.0.0:0", "s"); err == nil {
		t.Error("the floor listened beyond loopback")
	}
}
