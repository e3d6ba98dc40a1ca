package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
	"github.com/orfix/orfix/knowledge"
	"github.com/prometheus/client_golang/prometheus"
)

// env is one adapter under test: the real bot core over a knowledge base,
// a Prometheus registry with the bot's metrics, and a captured JSON log.
type env struct {
	srv     *Server
	handler http.Handler
	bot     *bot.Bot
	logs    *testutil.SyncBuffer
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
		o.kb = testutil.DefaultKB(t)
	}
	if o.cfg.UserRate == 0 {
		o.cfg.UserRate = 1000 // tests send many pastes from one address
	}
	logs := &testutil.SyncBuffer{}
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

// postForm posts the paste form and, as a browser does, follows the 303
// to the answer's own address.
func (e *env) postForm(t *testing.T, text, tool string) response {
	t.Helper()
	r := e.postFormRaw(t, text, tool)
	if r.status != http.StatusSeeOther {
		return r
	}
	return e.do(t, http.MethodGet, r.header.Get("Location"), "", nil)
}

// postFormRaw posts the paste form and returns the POST's own response.
func (e *env) postFormRaw(t *testing.T, text, tool string) response {
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

// litellm402 is a real shape of paste: LiteLLM wrapping OpenRouter's 402
// body (as in BerriAI/litellm and HKUDS/nanobot reports).
const litellm402 = `litellm.exceptions.APIError: litellm.APIError: APIError: OpenrouterException - {"error":{"message":"This request requires more credits, or fewer max_tokens. You requested up to 16384 tokens, but can only afford 2301. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account","code":402,"metadata":{"provider_name":null}},"user_id":"user_2xYz"}`

func encodeForm(v map[string][]string) string {
	return url.Values(v).Encode()
}
