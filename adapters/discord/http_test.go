package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

// TestSignatures: only a request signed with the application's key over
// timestamp + body, with a fresh timestamp, is handled; anything else is 401.
func TestSignatures(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	body := fixture(t, "interaction_command_high.json", nil)
	_, otherKey, _ := ed25519.GenerateKey(rand.Reader)
	now := time.Now()
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"valid", func() *http.Request { return signed(h.priv, now, body) }, http.StatusOK},
		{"valid ping", func() *http.Request { return signed(h.priv, now, fixture(t, "interaction_ping.json", nil)) }, http.StatusOK},
		{"wrong key", func() *http.Request { return signed(otherKey, now, body) }, http.StatusUnauthorized},
		{"tampered body", func() *http.Request {
			r := signed(h.priv, now, body)
			r.Body = ioNop(bytes.Replace(body, []byte("User not found"), []byte("User not fOund"), 1))
			return r
		}, http.StatusUnauthorized},
		{"tampered timestamp", func() *http.Request {
			r := signed(h.priv, now, body)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return r
		}, http.StatusUnauthorized},
		{"no signature", func() *http.Request {
			r := signed(h.priv, now, body)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, http.StatusUnauthorized},
		{"no timestamp", func() *http.Request {
			r := signed(h.priv, now, body)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, http.StatusUnauthorized},
		{"unsigned", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
		}, http.StatusUnauthorized},
		{"signature not hex", func() *http.Request {
			r := signed(h.priv, now, body)
			r.Header.Set("X-Signature-Ed25519", strings.Repeat("zz", 64))
			return r
		}, http.StatusUnauthorized},
		{"stale by six minutes", func() *http.Request { return signed(h.priv, now.Add(-6*time.Minute), body) }, http.StatusUnauthorized},
		{"six minutes in the future", func() *http.Request { return signed(h.priv, now.Add(6*time.Minute), body) }, http.StatusUnauthorized},
		{"four minutes old is fine", func() *http.Request { return signed(h.priv, now.Add(-4*time.Minute), body) }, http.StatusOK},
		{"body too large", func() *http.Request {
			return signed(h.priv, now, bytes.Repeat([]byte(" "), MaxInteractionBody+1))
		}, http.StatusRequestEntityTooLarge},
		{"signed but not JSON", func() *http.Request { return signed(h.priv, now, []byte("{not json")) }, http.StatusBadRequest},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/discord/interactions", nil) }, http.StatusMethodNotAllowed},
	}
	mux := http.NewServeMux()
	h.ad.Register(mux)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, tc.req())
			if w.Code != tc.want {
				t.Errorf("status %d, want %d (%s)", w.Code, tc.want, w.Body)
			}
		})
	}
}

func ioNop(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func TestRegisterNeedsPublicKey(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{PublicKey: hex.EncodeToString(make([]byte, 32))}, nil)
	ad, err := New(h.core, Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ad.Register(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, signed(h.priv, time.Now(), []byte(`{"type":1}`)))
	if w.Code != http.StatusNotFound {
		t.Errorf("without a public key the endpoint must not exist: %d", w.Code)
	}
	if _, err := New(h.core, Config{PublicKey: "not-hex"}, nil); err == nil {
		t.Errorf("a malformed public key must be refused")
	}
}

// TestDeferredFile: a command with a file is acknowledged with type 5, the
// file is read from the CDN, and the answer replaces the deferred message.
// A secret in a publicly deferred file moves the answer to an ephemeral
// follow-up and the public message names no key.
func TestDeferredFile(t *testing.T) {
	const path = "/ephemeral-attachments/1500000000000000005/1700000000000000001/message.txt"
	key := testutil.OpenRouterKeyFromSeed("deferred")
	tests := []struct {
		name, file string
		secret     bool
	}{
		{"plain", "Traceback (most recent call last):\n  ...\nopenai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day', 'code': 429}}\n", false},
		{"with a key", "export OPENROUTER_API_KEY=" + key + "\nError code: 401 - {'error': {'message': 'User not found.', 'code': 401}}\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil, bot.Config{}, Config{}, nil)
			h.fake.setFile(path, tc.file)
			w := h.post(t, fixture(t, "interaction_command_file.json", nil))
			var r response
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Type != 5 {
				t.Fatalf("want a deferred response (5), got %d %s", r.Type, w.Body)
			}
			if r.Data.Flags&64 != 0 {
				t.Errorf("the deferral is public unless private was asked for")
			}
			h.fake.waitCall(t, "GET", "/message.txt", "")
			edit := h.fake.waitCall(t, "PATCH", "/messages/@original", "")
			if !strings.HasPrefix(edit.Path, "/api/v9/webhooks/"+testAppID+"/") {
				t.Errorf("edit went to %s", edit.Path)
			}
			if !tc.secret {
				if !strings.Contains(string(edit.Body), "/kb/openrouter-429-free-limit") || !strings.Contains(string(edit.Body), bot.RedactReminder) {
					t.Errorf("the edit must hold the answer: %s", edit.Body)
				}
				return
			}
			if strings.Contains(string(edit.Body), "sk-or-") || strings.Contains(string(edit.Body), "/kb/") {
				t.Errorf("the public message must name no key and hold no answer: %s", edit.Body)
			}
			follow := h.fake.waitCall(t, "POST", "/webhooks/"+testAppID+"/aW50ZXJhY3Rpb246"+"1600000000000000009:fake-token", "")
			var fp struct {
				Flags   int    `json:"flags"`
				Content string `json:"content"`
			}
			_ = json.Unmarshal(follow.Body, &fp)
			if fp.Flags != 64 || !strings.Contains(fp.Content, "sk-or-v1-…[redacted]…") {
				t.Errorf("the follow-up must be ephemeral with the masked key: %s", follow.Body)
			}
			if strings.Contains(string(follow.Body), key[9:]) {
				t.Errorf("the key leaked")
			}
		})
	}
}

// panicky is the real core with a fault: it panics on a paste saying PANIC.
type panicky struct{ Core }

func (p panicky) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	if strings.Contains(req.Text, "PANIC") {
		panic("injected fault")
	}
	return p.Core.Handle(ctx, req)
}

// TestBadEventThenGood: a malformed or panicking interaction never stops
// the next one.
func TestBadEventThenGood(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, func(c Core) Core { return panicky{c} })
	bad := [][]byte{
		[]byte(`{"type":2,"id":"1","data":{"name":"orfix","options":[{"name":"error","type":3,"value":42}]}}`),
		[]byte(`{"type":2,"id":"2","data":{"name":"orfix","options":[{"name":"private","type":5,"value":"yes"}]}}`),
		[]byte(`{"type":3,"id":"3","data":{"custom_id":"orfix:notyet:"}}`),
		[]byte(`{"type":3,"id":"4","data":{"custom_id":"orfix:steps:no-such-entry"}}`),
		[]byte(`{"type":5,"id":"5","data":{"custom_id":"orfix:modal","components":[]}}`),
		[]byte(`{"type":4,"id":"6","data":{"name":"something-else"}}`),
		[]byte(`{"type":99,"id":"7"}`),
		[]byte(`{"type":2,"id":"8","data":{"name":"orfix","options":[{"name":"error","type":3,"value":"PANIC 401"}]}}`),
		[]byte(`{"type":"two"}`),
	}
	for i, b := range bad {
		w := h.post(t, b)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Errorf("bad event %d: status %d", i, w.Code)
		}
	}
	h.waitLog(t, "injected fault")
	w := h.post(t, fixture(t, "interaction_command_high.json", nil))
	var r response
	_ = json.Unmarshal(w.Body.Bytes(), &r)
	if w.Code != http.StatusOK || r.Type != 4 || len(r.Data.Embeds) != 1 || !strings.Contains(r.Data.Embeds[0].URL, "openrouter-401-invalid-key") {
		t.Fatalf("the good event after bad ones was not answered: %d %s", w.Code, w.Body)
	}
}
