package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/knowledge"
	"github.com/prometheus/client_golang/prometheus"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is one adapter under test: the real bot core over a knowledge base,
// a Prometheus registry with the bot's metrics, and a captured JSON log.
type env struct {
	srv     *Server
	handler http.Handler
	bot     *bot.Bot
	logs    *syncBuffer
}

type envOpts struct {
	kb     *knowledge.KB
	cfg    bot.Config
	checks []Check
	// register adds routes to the mux before it is wrapped (panic tests).
	register func(mux *http.ServeMux)
	// quiet discards the log (benchmarks).
	quiet bool
}

func newEnv(t testing.TB, o envOpts) *env {
	t.Helper()
	if o.kb == nil {
		o.kb = embeddedKB(t)
	}
	if o.cfg.UserRate == 0 {
		o.cfg.UserRate = 1000 // tests send many pastes from one address
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if o.quiet {
		log = slog.New(slog.DiscardHandler)
	}
	reg := prometheus.NewRegistry()
	b := bot.New(o.kb, o.cfg, bot.WithLogger(log), bot.WithMetrics(bot.NewMetrics(reg)))
	s := New(b, reg, o.checks, log)
	e := &env{srv: s, bot: b, logs: logs}
	if o.register == nil {
		e.handler = s.Handler()
	} else {
		mux := http.NewServeMux()
		s.Register(mux)
		o.register(mux)
		e.handler = s.Wrap(mux)
	}
	return e
}

// embeddedKB loads the knowledge base the binary ships.
func embeddedKB(t testing.TB) *knowledge.KB {
	t.Helper()
	kb, err := knowledge.Load("")
	if err != nil {
		t.Fatalf("load the embedded knowledge base: %v", err)
	}
	return kb
}

// fixtureKB loads testdata/kb: small entries that do not change when the
// real knowledge base does, for golden files.
func fixtureKB(t testing.TB) *knowledge.KB {
	t.Helper()
	entries, ps := knowledge.ReadFS(os.DirFS("testdata"), "kb", "testdata/kb")
	if len(ps) > 0 {
		t.Fatalf("fixture knowledge base: %v", ps)
	}
	kb, err := knowledge.New(entries)
	if err != nil {
		t.Fatalf("fixture knowledge base: %v", err)
	}
	return kb
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends one request through the handler.
func (e *env) do(t *testing.T, method, target, contentType string, body io.Reader) response {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

const formType = "application/x-www-form-urlencoded"

// postForm posts the paste form.
func (e *env) postForm(t *testing.T, text, tool string) response {
	t.Helper()
	return e.do(t, http.MethodPost, "/", formType, strings.NewReader(formBody(text, tool)))
}

func formBody(text, tool string) string {
	v := make(map[string][]string)
	v["text"] = []string{text}
	if tool != "" {
		v["tool"] = []string{tool}
	}
	return encodeForm(v)
}

// postJSON posts a body to the match API.
func (e *env) postJSON(t *testing.T, body string) response {
	t.Helper()
	return e.do(t, http.MethodPost, "/api/v1/match", "application/json", strings.NewReader(body))
}

// fakeOpenRouterKey makes a key of the real shape from random bytes, so no
// key is written in the source.
func fakeOpenRouterKey(t testing.TB) (key, secret string) {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	secret = hex.EncodeToString(b)
	return "sk-or-v1-" + secret, secret
}

// assertNoSecret fails when text holds the key or any 8-character piece of
// its secret part.
func assertNoSecret(t *testing.T, where, text, key, secret string) {
	t.Helper()
	if strings.Contains(text, key) {
		t.Errorf("%s holds the whole key", where)
		return
	}
	for i := 0; i+8 <= len(secret); i++ {
		if piece := secret[i : i+8]; strings.Contains(text, piece) {
			t.Errorf("%s holds the piece %q of the key's secret", where, piece)
			return
		}
	}
}

// litellm402 is a real shape of paste: LiteLLM wrapping OpenRouter's 402
// body (as in BerriAI/litellm and HKUDS/nanobot reports).
const litellm402 = `litellm.exceptions.APIError: litellm.APIError: APIError: OpenrouterException - {"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 16384 tokens, but can only afford 2301. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account","code":402,"metadata":{"provider_name":null}},"user_id":"user_2xYz"}`

func encodeForm(v map[string][]string) string {
	return url.Values(v).Encode()
}
