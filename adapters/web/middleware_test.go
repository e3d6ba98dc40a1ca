package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestPanicRecovery: a handler that panics gets a 500 page (JSON under
// /api/), the panic is logged, and the next request is served as usual.
func TestPanicRecovery(t *testing.T) {
	e := newEnv(t, envOpts{register: func(mux *http.ServeMux) {
		mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
		mux.HandleFunc("POST /api/v1/boom", func(http.ResponseWriter, *http.Request) { panic("api kaboom") })
		mux.HandleFunc("GET /late", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("half an answer"))
			panic("after the header")
		})
	}})
	r := e.do(t, "GET", "/boom", "", nil)
	if r.status != 500 || !strings.Contains(r.body, "Something went wrong") {
		t.Fatalf("panic: status %d", r.status)
	}
	checkSecurityHeaders(t, r.header)
	r = e.do(t, "POST", "/api/v1/boom", "", nil)
	if r.status != 500 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("API panic: status %d, type %s", r.status, r.header.Get("Content-Type"))
	}
	r = e.do(t, "GET", "/late", "", nil)
	if r.status != 200 || r.body != "half an answer" {
		t.Fatalf("late panic: status %d, body %q", r.status, r.body)
	}
	// The server keeps serving: a malformed request, then good ones.
	if r := e.postJSON(t, `{"text":`); r.status != 400 {
		t.Fatalf("malformed: status %d", r.status)
	}
	if r := e.postForm(t, litellm402, ""); r.status != 200 {
		t.Fatalf("after the panics: status %d", r.status)
	}
	logs := e.logs.String()
	for _, want := range []string{`"msg":"handler panicked"`, `"panic":"kaboom"`, `"panic":"api kaboom"`, `"stack":"goroutine`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s", want)
		}
	}
}

// TestAbortHandlerPassesThrough: http.ErrAbortHandler is net/http's own
// signal and must reach the server.
func TestAbortHandlerPassesThrough(t *testing.T) {
	e := newEnv(t, envOpts{register: func(mux *http.ServeMux) {
		mux.HandleFunc("GET /abort", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	}})
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Fatalf("recovered %v, want http.ErrAbortHandler", p)
		}
	}()
	e.do(t, "GET", "/abort", "", nil)
	t.Fatal("the abort did not reach the caller")
}

// logLine is one request line of the log.
type logLine struct {
	Msg      string  `json:"msg"`
	Level    string  `json:"level"`
	Method   string  `json:"method"`
	Route    string  `json:"route"`
	Path     string  `json:"path"`
	Status   int     `json:"status"`
	Bytes    int64   `json:"bytes"`
	Duration float64 `json:"duration"`
}

func requestLines(t *testing.T, logs string) []logLine {
	t.Helper()
	var out []logLine
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var ll logLine
		if err := json.Unmarshal([]byte(l), &ll); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, l)
		}
		if ll.Msg == "http request" {
			out = append(out, ll)
		}
	}
	return out
}

// TestRequestLog: one line per request with method, route, path, status
// and duration; probes at debug level; never a body or a query string.
func TestRequestLog(t *testing.T) {
	e := newEnv(t, envOpts{})
	e.do(t, "GET", "/?q=Insufficient+credits:+paste-body-marker", "", nil)
	e.do(t, "GET", "/kb/?q=query-marker", "", nil)
	e.do(t, "GET", "/kb/nope", "", nil)
	e.do(t, "GET", "/healthz", "", nil)
	lines := requestLines(t, e.logs.String())
	want := []logLine{
		{Level: "INFO", Method: "GET", Route: "GET /{$}", Path: "/", Status: 200},
		{Level: "INFO", Method: "GET", Route: "GET /kb/{$}", Path: "/kb/", Status: 200},
		{Level: "INFO", Method: "GET", Route: "GET /kb/{id}", Path: "/kb/nope", Status: 404},
		{Level: "DEBUG", Method: "GET", Route: "GET /healthz", Path: "/healthz", Status: 200},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d request lines, want %d:\n%s", len(lines), len(want), e.logs.String())
	}
	for i, w := range want {
		g := lines[i]
		if g.Level != w.Level || g.Method != w.Method || g.Route != w.Route || g.Path != w.Path || g.Status != w.Status {
			t.Errorf("line %d: %+v, want %+v", i, g, w)
		}
		if g.Duration <= 0 || g.Bytes <= 0 {
			t.Errorf("line %d: no duration or size: %+v", i, g)
		}
	}
	for _, marker := range []string{"paste-body-marker", "query-marker"} {
		if strings.Contains(e.logs.String(), marker) {
			t.Errorf("the log holds %q from a request", marker)
		}
	}
}
