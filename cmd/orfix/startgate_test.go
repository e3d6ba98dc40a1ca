package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestStartGate(t *testing.T) {
	real := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "real "+r.URL.Path)
	})
	cases := []struct {
		name       string
		open       bool
		method     string
		path       string
		wantStatus int
		wantBody   string
		wantRetry  bool
	}{
		{"alive while starting", false, http.MethodGet, "/healthz", 200, "ok\n", false},
		{"not ready while starting", false, http.MethodGet, "/readyz", 503, "starting: not ready yet\n", true},
		{"API waits", false, http.MethodPost, "/api/v1/match", 503, "starting: not ready yet\n", true},
		{"Slack waits", false, http.MethodPost, "/slack/commands", 503, "starting: not ready yet\n", true},
		{"a POST to healthz waits", false, http.MethodPost, "/healthz", 503, "starting: not ready yet\n", true},
		{"open: healthz is the real one", true, http.MethodGet, "/healthz", 200, "real /healthz", false},
		{"open: readyz is the real one", true, http.MethodGet, "/readyz", 200, "real /readyz", false},
		{"open: API is the real one", true, http.MethodPost, "/api/v1/match", 200, "real /api/v1/match", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var g startGate
			if c.open {
				g.open(real)
			}
			rec := httptest.NewRecorder()
			g.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
			if rec.Code != c.wantStatus || rec.Body.String() != c.wantBody {
				t.Errorf("%s %s = %d %q, want %d %q", c.method, c.path, rec.Code, rec.Body.String(), c.wantStatus, c.wantBody)
			}
			if got := rec.Header().Get("Retry-After") != ""; got != c.wantRetry {
				t.Errorf("Retry-After set = %v, want %v", got, c.wantRetry)
			}
		})
	}
}
