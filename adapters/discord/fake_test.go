package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/orfix/orfix/internal/contract"
)

// A fake Discord on loopback: the REST API, the attachment CDN and the
// Gateway, speaking the real wire format to the real discordgo Session.

// call is one recorded REST request.
type call struct {
	Method, Path string
	Body         []byte
}

func (c call) String() string { return c.Method + " " + c.Path }

// text is the body with Go's JSON escapes of <, > and & undone.
func (c call) text() string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(c.Body))
}

// fakeDiscord records every REST call and serves a scripted Gateway.
type fakeDiscord struct {
	srv *httptest.Server
	// tb and contract validate every REST body against Discord's spec.
	tb       testing.TB
	contract *contract.Discord

	mu           sync.Mutex
	calls        []call
	files        map[string]string // CDN path -> content
	deleteStatus int               // status for DELETE message; 0 means 204
	dmClosed     bool              // DMs answer 403 / 50007
	noAccess     map[string]bool   // channels answering 403 / 50001
	identifies   []json.RawMessage // IDENTIFY payloads ("d")
	resumes      int
	conns        []*gwConn
	connected    chan *gwConn
}

// gwConn is one Gateway connection.
type gwConn struct {
	mu  sync.Mutex
	ws  *websocket.Conn
	seq int
}

func (c *gwConn) send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

func (c *gwConn) dispatch(t string, d json.RawMessage) error {
	c.mu.Lock()
	c.seq++
	seq := c.seq
	c.mu.Unlock()
	return c.send(map[string]any{"op": 0, "t": t, "s": seq, "d": d})
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{files: map[string]string{}, connected: make(chan *gwConn, 8), tb: t, contract: contract.DiscordIfPresent(t)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"url": "ws://" + r.Host + "/gw"})
	})
	mux.HandleFunc("GET /gw/", f.serveGateway)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/{msg}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{"id": "2000000000000000001", "channel_id": "1300000000000000003"})
	})
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("DELETE /api/v9/channels/{c}/messages/{m}", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		st := f.deleteStatus
		f.mu.Unlock()
		if st == http.StatusForbidden {
			writeJSON(w, st, map[string]any{"message": "Missing Permissions", "code": 50013})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /api/v9/users/@me/channels", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RecipientID string `json:"recipient_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, 200, map[string]any{"id": "dm-" + body.RecipientID, "type": 1})
	})
	mux.HandleFunc("POST /api/v9/channels/{c}/messages", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		closed := f.dmClosed
		f.mu.Unlock()
		c := r.PathValue("c")
		if closed && strings.HasPrefix(c, "dm-") {
			writeJSON(w, 403, map[string]any{"message": "Cannot send messages to this user", "code": 50007})
			return
		}
		f.mu.Lock()
		denied := f.noAccess[c]
		f.mu.Unlock()
		if denied {
			writeJSON(w, 403, map[string]any{"message": "Missing Access", "code": 50001})
			return
		}
		writeJSON(w, 200, map[string]any{"id": "2100000000000000001", "channel_id": c, "content": ""})
	})
	mux.HandleFunc("POST /api/v9/channels/{c}/messages/{m}/threads", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, map[string]any{"id": "thread-" + r.PathValue("m"), "type": 11, "parent_id": r.PathValue("c")})
	})
	overwrite := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(f.lastBody(r))
	}
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", overwrite)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{g}/commands", overwrite)
	mux.HandleFunc("GET /attachments/", f.serveFile)
	mux.HandleFunc("GET /ephemeral-attachments/", f.serveFile)
	f.srv = httptest.NewServer(f.record(mux))
	t.Cleanup(f.close)
	return f
}

// record stores the call, then serves it.
func (f *fakeDiscord) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/gw") {
			b, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(strings.NewReader(string(b)))
			f.mu.Lock()
			f.calls = append(f.calls, call{Method: r.Method, Path: r.URL.EscapedPath(), Body: b})
			f.mu.Unlock()
			if !strings.HasPrefix(r.URL.Path, "/attachments") && !strings.HasPrefix(r.URL.Path, "/ephemeral-attachments") && r.Method != http.MethodGet && r.Method != http.MethodDelete {
				if !f.contract.REST(f.tb, r.Method, r.URL.Path, b) && f.contract != nil {
					f.tb.Errorf("no contract for %s %s", r.Method, r.URL.Path)
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (f *fakeDiscord) lastBody(r *http.Request) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.calls) - 1; i >= 0; i-- {
		if f.calls[i].Path == r.URL.EscapedPath() {
			return f.calls[i].Body
		}
	}
	return []byte("[]")
}

func (f *fakeDiscord) serveFile(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	body, ok := f.files[r.URL.Path]
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, body)
}

func (f *fakeDiscord) setFile(path, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[path] = body
}

func (f *fakeDiscord) set(fn func(f *fakeDiscord)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeDiscord) close() {
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.Close()
	}
	f.srv.Close()
}

// Calls returns the REST calls so far.
func (f *fakeDiscord) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// waitCall waits for a call matching method and a path suffix whose body
// contains want, and returns it.
func (f *fakeDiscord) waitCall(t testing.TB, method, pathSuffix, want string) call {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range f.Calls() {
			if c.Method == method && strings.HasSuffix(c.Path, pathSuffix) && strings.Contains(c.text(), want) {
				return c
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	var bodies []string
	for _, c := range f.Calls() {
		if c.Method == method && strings.HasSuffix(c.Path, pathSuffix) {
			bodies = append(bodies, c.text())
		}
	}
	t.Fatalf("no %s …%s with %q; calls: %v; bodies there: %q", method, pathSuffix, want, f.Calls(), bodies)
	return call{}
}

// count is how many calls match method and a path suffix.
func (f *fakeDiscord) count(method, pathSuffix string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Method == method && strings.HasSuffix(c.Path, pathSuffix) {
			n++
		}
	}
	return n
}

// waitCount waits until count(method, pathSuffix) reaches n.
func (f *fakeDiscord) waitCount(t testing.TB, method, pathSuffix string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for f.count(method, pathSuffix) < n {
		if time.Now().After(deadline) {
			t.Fatalf("want %d × %s …%s; calls: %v", n, method, pathSuffix, f.Calls())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// client is an HTTP client that sends discord.com and CDN requests to the
// fake and refuses every other host, so no test traffic leaves loopback.
func (f *fakeDiscord) client() *http.Client {
	target, _ := url.Parse(f.srv.URL)
	return &http.Client{Transport: rewrite{target: target, base: http.DefaultTransport}, Timeout: 10 * time.Second}
}

type rewrite struct {
	target *url.URL
	base   http.RoundTripper
}

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	switch r.URL.Hostname() {
	case "discord.com", "cdn.discordapp.com", "media.discordapp.net", rw.target.Hostname():
	default:
		return nil, fmt.Errorf("test transport: refusing to reach %s", r.URL.Host)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = rw.target.Scheme, rw.target.Host, rw.target.Host
	return rw.base.RoundTrip(r2)
}

// ---- Gateway ----

var upgrader = websocket.Upgrader{}

// serveGateway speaks HELLO (op 10), reads IDENTIFY (op 2) or RESUME (op 6),
// answers READY or RESUMED, and acknowledges heartbeats (op 1 -> op 11).
func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	f.mu.Unlock()
	defer ws.Close()
	if c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	var first struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if ws.ReadJSON(&first) != nil {
		return
	}
	switch first.Op {
	case 2:
		f.mu.Lock()
		f.identifies = append(f.identifies, first.D)
		f.mu.Unlock()
		ready := `{"v":9,"user":{"id":"` + testBotID + `","username":"orfix","bot":true,"discriminator":"0"},` +
			`"session_id":"fake-session","resume_gateway_url":"ws://` + r.Host + `/gw","guilds":[],"private_channels":[],"application":{"id":"` + testAppID + `","flags":0}}`
		if c.dispatch("READY", json.RawMessage(ready)) != nil {
			return
		}
	case 6:
		f.mu.Lock()
		f.resumes++
		f.mu.Unlock()
		if c.dispatch("RESUMED", json.RawMessage(`{}`)) != nil {
			return
		}
	default:
		return
	}
	f.connected <- c
	for {
		var in struct {
			Op int `json:"op"`
		}
		if ws.ReadJSON(&in) != nil {
			return
		}
		if in.Op == 1 {
			if c.send(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// waitConn waits for the next Gateway connection to be ready.
func (f *fakeDiscord) waitConn(t testing.TB) *gwConn {
	t.Helper()
	select {
	case c := <-f.connected:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("the session never connected to the fake gateway")
		return nil
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
