package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// readyTimeout bounds all readiness checks of one GET /readyz.
const readyTimeout = 3 * time.Second

// healthz is GET /healthz: the process is alive.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	plain(w, http.StatusOK, "ok\n")
}

// readyz is GET /readyz: 200 when the knowledge base is loaded and every
// check passes, else 503 naming the checks that failed. A failed check
// marked Degrades is listed as "degraded" and keeps the 200.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	checks := append([]Check{{Name: "knowledge-base", Fn: s.kbLoaded}}, s.checks...)
	var b strings.Builder
	failed := 0
	for _, c := range checks {
		err := runCheck(ctx, c)
		if err != nil && c.Degrades {
			fmt.Fprintf(&b, "degraded %s: %s\n", c.Name, oneLine(err.Error()))
			s.log.WarnContext(ctx, "readiness: degraded", "check", c.Name, "err", err)
			continue
		}
		if err != nil {
			failed++
			fmt.Fprintf(&b, "failed %s: %s\n", c.Name, oneLine(err.Error()))
			s.log.WarnContext(ctx, "readiness check failed", "check", c.Name, "err", err)
			continue
		}
		fmt.Fprintf(&b, "ok %s\n", c.Name)
	}
	details := s.operator(r)
	if !details {
		b.Reset() // check names and errors are for operators only
	}
	if failed > 0 {
		msg := "not ready\n"
		if details {
			msg = fmt.Sprintf("not ready: %d of %d checks failed\n%s", failed, len(checks), b.String())
		}
		plain(w, http.StatusServiceUnavailable, msg)
		return
	}
	plain(w, http.StatusOK, "ready\n"+b.String())
}

// operator reports whether r may read operational details: it comes from
// a loopback address (the container's own health check, kubectl
// port-forward) or carries the admin token.
func (s *Server) operator(r *http.Request) bool {
	if s.adminToken != "" {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok &&
			subtle.ConstantTimeCompare([]byte(tok), []byte(s.adminToken)) == 1 {
			return true
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// runCheck runs one check; a nil Fn or a panic counts as a failure.
func runCheck(ctx context.Context, c Check) (err error) {
	if c.Fn == nil {
		return errors.New("no check function")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("check panicked: %v", p)
		}
	}()
	return c.Fn(ctx)
}

func (s *Server) kbLoaded(context.Context) error {
	if kb := s.core.KB(); kb == nil || kb.Len() == 0 {
		return errors.New("no knowledge base loaded")
	}
	return nil
}

// metricsHandler is GET /metrics over the owner's gatherer.
func (s *Server) metricsHandler() http.Handler {
	return promhttp.HandlerFor(s.gatherer, promhttp.HandlerOpts{
		ErrorLog:      promLogger{s},
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// promLogger sends promhttp's errors to the server's log.
type promLogger struct{ s *Server }

func (l promLogger) Println(v ...any) {
	l.s.log.Error("metrics", "err", strings.TrimSpace(fmt.Sprintln(v...)))
}

func plain(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
