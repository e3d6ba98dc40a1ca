package web

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/orfix/orfix/internal/quicklog"
)

// ContentSecurityPolicy is sent with every response. The pages have one
// script file of their own (the copy buttons), no inline script or style
// and no third-party resources.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Wrap returns h with the security headers, request logging and panic
// recovery around it. Serve the owner's mux through it when other routes
// share the web adapter's listener.
func (s *Server) Wrap(h http.Handler) http.Handler {
	return securityHeaders(s.logRequests(s.recoverPanics(s.limitRequests(h))))
}

// Request limits applied before any handler (and so before any scanning).
const (
	// MaxHeaderBytes bounds the request line and headers (http.Server).
	MaxHeaderBytes = 64 << 10
	// MaxURI is the longest path, and the longest query, answered; a
	// longer one gets 414.
	MaxURI = 8 << 10
	// MaxSearch is how much of a ?q= search is read.
	MaxSearch = 1 << 10
)

// limitRequests refuses an over-long path or query (414), cuts a search
// to MaxSearch bytes and applies the per-client rate limit to the pages
// and the API.
func (s *Server) limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) > MaxURI || len(r.URL.RawPath) > MaxURI || len(r.URL.RawQuery) > MaxURI {
			http.Error(w, "request URI too long", http.StatusRequestURITooLong)
			return
		}
		if r.URL.RawQuery != "" {
			cutSearch(r)
		}
		if s.limiter != nil && limited(r.URL.Path) {
			if ok, wait := s.limiter.allow(s.clientKey(r)); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
				http.Error(w, "too many requests", http.StatusTooManyRequests)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// limited reports whether path counts against the client's rate: pages and
// the API do; probes, static files and the signed chat endpoints (whose
// senders are Discord's and Slack's servers) do not.
func limited(path string) bool {
	if probes[path] {
		return false
	}
	for _, p := range []string{"/static/", "/discord/", "/slack/"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// cutSearch cuts the q parameter to MaxSearch bytes, on a rune boundary.
func cutSearch(r *http.Request) {
	q := r.URL.Query()
	v := q.Get("q")
	if len(v) <= MaxSearch {
		return
	}
	q.Set("q", clip(v, MaxSearch))
	r.URL.RawQuery = q.Encode()
}

// securityHeaders sets the security headers on every response. The
// values are made once and shared by every response (Header.Set replaces a
// value and Header.Add copies it, so no handler changes the shared one):
// no allocation per request.
func securityHeaders(next http.Handler) http.Handler {
	var (
		csp      = []string{ContentSecurityPolicy}
		nosniff  = []string{"nosniff"}
		referrer = []string{"no-referrer"}
		frames   = []string{"DENY"}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = csp
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrer
		h["X-Frame-Options"] = frames
		next.ServeHTTP(w, r)
	})
}

// probes are logged at debug level: they come every few seconds.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// logRequests logs one line per request: method, route, path (secrets
// masked), status, bytes and duration. Never a body, never a query string.
func (s *Server) logRequests(next http.Handler) http.Handler {
	writers := sync.Pool{New: func() any { return new(statusWriter) }}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := writers.Get().(*statusWriter)
		*sw = statusWriter{ResponseWriter: w}
		// A handler may not use its writer after it returns (net/http's
		// rule), so the writer goes back to the pool when this one does.
		defer func() {
			*sw = statusWriter{}
			writers.Put(sw)
		}()
		next.ServeHTTP(sw, r)
		level := slog.LevelInfo
		if probes[r.URL.Path] && sw.status() < 500 {
			level = slog.LevelDebug
		}
		if !s.log.Enabled(r.Context(), level) {
			return
		}
		path, _ := redactString(r.URL.Path) // redact first: a cut key is no longer recognised
		path = clip(path, 200)
		quicklog.Log(r.Context(), s.log, level, "http request",
			slog.String("method", r.Method),
			slog.String("route", r.Pattern),
			slog.String("path", path),
			slog.Int("status", sw.status()),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// recoverPanics turns a panic in a handler into a 500 page and a log line;
// the server keeps serving.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
				panic(p)
			}
			msg, _ := redactString(fmt.Sprint(p))
			msg = clip(msg, 500)
			s.log.ErrorContext(r.Context(), "handler panicked", "route", r.Pattern, "method", r.Method,
				"panic", msg, "stack", string(debug.Stack()))
			sw, ok := w.(*statusWriter)
			if ok && sw.wrote {
				return // too late for an error page; the connection ends the answer
			}
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error"})
				return
			}
			s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
				"orfix hit an internal error on this page. It has been logged; try again in a moment.")
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.code, w.wrote = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes flushes through (promhttp and streaming handlers use it).
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack passes connection hijacking through.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("web: the response writer cannot hijack")
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// clientLimiter is a per-client token bucket: each client may make burst
// requests at once and rate per window on average. It keeps at most
// maxClients buckets; past that, full buckets are forgotten first, then
// all of them (a limit is best effort, memory is not).
type clientLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxClients bounds the limiter's memory.
const maxClients = 50000

// newClientLimiter allows n requests per window per client; n <= 0 means no limit (nil).
func newClientLimiter(n int, window time.Duration, now func() time.Time) *clientLimiter {
	if n <= 0 || window <= 0 {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &clientLimiter{rate: float64(n) / window.Seconds(), burst: float64(n), now: now, buckets: map[string]*bucket{}}
}

// allow takes a token for client, or reports how long until one is free.
func (l *clientLimiter) allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[client]
	if !ok {
		if len(l.buckets) >= maxClients {
			l.pruneLocked(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[client] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// pruneLocked forgets the buckets that have refilled; if none has, all.
func (l *clientLimiter) pruneLocked(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}
