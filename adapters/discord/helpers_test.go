package discord

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
	"github.com/orfix/orfix/knowledge"
)

const (
	testAppID   = "1100000000000000001"
	testBotID   = "1100000000000000001"
	testChannel = "1300000000000000003"
	testUser    = "1400000000000000004"
	testPublic  = "https://orfix.example"
	testSupport = "<@&1234567890123456789>"
	testMods    = "1300000000000000055"
)

// harness is the adapter wired to the real bot core and a fake Discord.
type harness struct {
	fake *fakeDiscord
	core *bot.Bot
	ad   *Adapter
	logs *testutil.SyncBuffer
	priv ed25519.PrivateKey
	now  time.Time
}

// newHarness builds the adapter; bc and dc are completed with test defaults.
func newHarness(tb testing.TB, kb *knowledge.KB, bc bot.Config, dc Config, wrap func(Core) Core) *harness {
	tb.Helper()
	return newHarnessOpts(tb, kb, bc, dc, wrap)
}

// newHarnessOpts is newHarness with options for the bot core.
func newHarnessOpts(tb testing.TB, kb *knowledge.KB, bc bot.Config, dc Config, wrap func(Core) Core, opts ...bot.Option) *harness {
	tb.Helper()
	h := &harness{fake: newFakeDiscord(tb), logs: &testutil.SyncBuffer{}, now: time.Now()}
	log := slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, bench := tb.(*testing.B); bench {
		log = slog.New(slog.DiscardHandler)
	}
	if bc.PublicURL == "" {
		bc.PublicURL = testPublic
	}
	if bc.UserRate == 0 {
		bc.UserRate = 1 << 20
	}
	if kb == nil {
		kb = testutil.DefaultKB(tb)
	}
	h.core = bot.New(kb, bc, append([]bot.Option{bot.WithLogger(log)}, opts...)...)
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	h.priv = priv
	if dc.PublicKey == "" {
		dc.PublicKey = hex.EncodeToString(pub)
	}
	if dc.AppID == "" {
		dc.AppID = testAppID
	}
	var core Core = h.core
	if wrap != nil {
		core = wrap(core)
	}
	h.ad, err = New(core, dc, log, WithHTTPClient(h.fake.client()))
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// fixture reads testdata/name with {{KEY}}, {{BOT}} and {{SIZE}} filled in.
func fixture(tb testing.TB, name string, vars map[string]string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "{{BOT}}", testBotID)
	s = strings.ReplaceAll(s, "{{SIZE}}", "1024")
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	if strings.Contains(s, "{{") {
		tb.Fatalf("fixture %s has an unfilled placeholder", name)
	}
	return []byte(s)
}

// nonce counts the signed test requests.
var nonce atomic.Int64

// unique makes body a new request rather than a replay of the last: the
// same JSON followed by whitespace that encodes a counter.
func unique(body []byte) []byte {
	out := append([]byte(nil), body...)
	for n := nonce.Add(1); n > 0; n >>= 1 {
		out = append(out, " \t"[n&1])
	}
	return out
}

// signed builds a request to the interactions endpoint signed with key at ts.
func signed(key ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	body = unique(body)
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// post sends a signed interaction through the mounted handler.
func (h *harness) post(tb testing.TB, body []byte) *httptest.ResponseRecorder {
	tb.Helper()
	mux := http.NewServeMux()
	h.ad.Register(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, signed(h.priv, time.Now(), body))
	if w.Code == http.StatusOK {
		h.fake.contract.InteractionResponse(tb, w.Body.Bytes())
	}
	return w
}

// golden compares got, as indented JSON, with testdata/golden/name.json
// (rewritten with -update).
func golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	var v any
	if err := json.Unmarshal(got, &v); err != nil {
		tb.Fatalf("%s: not JSON: %v\n%s", name, err, got)
	}
	pretty, _ := json.MarshalIndent(v, "", "  ")
	pretty = append(pretty, '\n')
	testutil.Golden(tb, filepath.Join("testdata", "golden", name+".json"), pretty)
}

// waitLog waits for the log to contain s.
func (h *harness) waitLog(tb testing.TB, s string) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(h.logs.String(), s) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	tb.Fatalf("log never contained %q", s)
}

// startGateway runs the adapter's Gateway until the test ends.
func (h *harness) startGateway(tb testing.TB) *gwConn {
	tb.Helper()
	testutil.RunUntilCleanup(tb, h.ad.Run, 15*time.Second)
	return h.fake.waitConn(tb)
}
