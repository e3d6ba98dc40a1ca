package main

import (
	"io"
	"net/http"
	"sync/atomic"
)

// startGate is serve's handler from the moment it listens: until open is
// called (the knowledge base is loaded and every adapter is set up) it
// answers GET /healthz with 200 (the process is alive: liveness),
// /readyz with 503 (not ready for traffic: readiness) and everything else
// with 503 and Retry-After; after open it passes every request to the real
// handler.
type startGate struct {
	next atomic.Pointer[http.Handler]
}

// open starts passing requests to h.
func (g *startGate) open(h http.Handler) { g.next.Store(&h) }

func (g *startGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := g.next.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Path == "/healthz" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		_, _ = io.WriteString(w, "ok\n")
		return
	}
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = io.WriteString(w, "starting: not ready yet\n")
}
