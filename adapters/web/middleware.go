package web

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// ContentSecurityPolicy is sent with every response. The pages have one
// script file of their own (the copy buttons), no inline script or style
// and no third-party resources.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Wrap returns h with the security headers, request logging and panic
// recovery around it. Serve the owner's mux through it when other routes
// share the web adapter's listener.
func (s *Server) Wrap(h http.Handler) http.Handler {
	return securityHeaders(s.logRequests(s.recoverPanics(h)))
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// probes are logged at debug level: they come every few seconds.
var probes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// logRequests logs one line per request: method, route, path (secrets
// masked), status, bytes and duration. Never a body, never a query string.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
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
		s.log.LogAttrs(r.Context(), level, "http request",
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
