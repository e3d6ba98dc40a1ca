package web

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/bot/store"
	"github.com/orfix/orfix/internal/testutil"
)

// adminToken is the operator token of the admin tests.
const adminToken = "correct-horse-battery-staple-0123456789"

// adminStart is the admin tests' clock at the start.
var adminStart = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)

// adminEnv is a web server with the dashboard on over a seeded SQLite
// store, and a clock the test moves.
type adminEnv struct {
	handler http.Handler
	now     time.Time
	db      *store.SQLite
}

type adminOpts struct {
	trustXFP bool
	// seed records this many answers spread over the last 30 days (plus
	// votes and unmatched pastes); 0 leaves the store empty.
	seed int
	// noStore leaves AdminConfig.Store nil.
	noStore bool
}

func newAdminEnv(t testing.TB, o adminOpts) *adminEnv {
	t.Helper()
	db, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "orfix.db"), []byte("admin-test-salt-0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if o.seed > 0 {
		seedAdminStore(t, db, o.seed, adminStart)
	}
	e := &adminEnv{now: adminStart, db: db}
	cfg := AdminConfig{Token: adminToken, Store: db, TrustForwardedProto: o.trustXFP, Now: func() time.Time { return e.now }}
	if o.noStore {
		cfg.Store = nil
	}
	b := bot.New(testutil.DefaultKB(t), bot.Config{UserRate: 1000})
	e.handler = New(b, prometheus.NewRegistry(), nil, slog.New(slog.DiscardHandler), WithAdmin(cfg)).Handler()
	return e
}

// seedAdminStore writes n answers over the 29 days before now, a vote on
// every third, and n/20 (at least 40) unmatched pastes in a few clusters,
// in one transaction.
func seedAdminStore(t testing.TB, db *store.SQLite, n int, now time.Time) {
	t.Helper()
	entries := []string{"openrouter-402-insufficient-credits", "openrouter-401-invalid-key", "openrouter-429-upstream", "retired-entry"}
	recs := make([]store.Record, 0, n+n/3+64)
	span := 29 * 24 * time.Hour // inside the 30-day window, which starts at midnight
	for i := range n {
		at := now.Add(-span / time.Duration(n) * time.Duration(i))
		a := store.Answer{At: at, Platform: []string{"discord", "slack"}[i%2], Channel: fmt.Sprintf("chan-%d", i%7),
			Community: fmt.Sprintf("server-%d", i%5),
			User:      fmt.Sprintf("user-%d", i%101), EntryID: entries[i%len(entries)], Mode: "explicit", Confidence: 0.9,
			Tool: []string{"cline", "litellm", "", "not-a-known-tool"}[i%4]}
		recs = append(recs, store.Record{Answer: &a})
		if i%3 == 0 {
			v := store.VoteFixed
			if i%2 == 0 {
				v = store.VoteNotYet
			}
			f := store.Feedback{At: at, Platform: a.Platform, Channel: a.Channel, Community: a.Community, User: a.User, EntryID: a.EntryID, Vote: v}
			recs = append(recs, store.Record{Feedback: &f})
		}
	}
	for i := range max(40, n/20) {
		texts := []string{
			fmt.Sprintf(`OpenrouterException - {"error":{"message":"Stream idle for %ds, closing","code":524}}`, 30+i),
			fmt.Sprintf("Tool call id call_%04d not found in the conversation", i),
			"<script>alert(1)</script> weird paste",
		}
		u := store.Unmatched{At: now.Add(-time.Duration(i%600) * time.Hour), Platform: "discord", Channel: "c", User: "u", Text: texts[i%len(texts)]}
		recs = append(recs, store.Record{Unmatched: &u})
	}
	if err := db.WriteBatch(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
}

// request is one request to the admin routes.
type request struct {
	method, path string
	form         url.Values
	cookie       *http.Cookie
	header       map[string]string
	remote       string
	tls          bool
}

func (e *adminEnv) do(t testing.TB, r request) *http.Response {
	t.Helper()
	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	req := httptest.NewRequestWithContext(context.Background(), r.method, r.path, body)
	if r.form != nil {
		req.Header.Set("Content-Type", formType)
	}
	if r.cookie != nil {
		req.AddCookie(r.cookie)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	if r.tls {
		req.TLS = &tls.ConnectionState{}
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec.Result()
}

// login posts the token and returns the response and its session cookie.
func (e *adminEnv) login(t testing.TB, token string) (*http.Response, *http.Cookie) {
	t.Helper()
	resp := e.do(t, request{method: "POST", path: "/admin/login", form: url.Values{"token": {token}}})
	for _, c := range resp.Cookies() {
		if c.Name == adminCookie {
			return resp, c
		}
	}
	return resp, nil
}

func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
