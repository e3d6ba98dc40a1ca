package slack

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSignatureVerification(t *testing.T) {
	e := newEnv(t, nil, Config{})
	body := e.fixture("command_help.form")
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"valid", func() *http.Request {
			return signed("/slack/commands", formType, body, testSecret, time.Now())
		}, http.StatusOK},
		{"valid, four minutes old", func() *http.Request {
			return signed("/slack/commands", formType, body, testSecret, time.Now().Add(-4*time.Minute))
		}, http.StatusOK},
		{"wrong secret", func() *http.Request {
			return signed("/slack/commands", formType, body, "not-the-signing-secret", time.Now())
		}, http.StatusUnauthorized},
		{"six minutes old", func() *http.Request {
			return signed("/slack/commands", formType, body, testSecret, time.Now().Add(-6*time.Minute))
		}, http.StatusUnauthorized},
		{"six minutes in the future", func() *http.Request {
			return signed("/slack/commands", formType, body, testSecret, time.Now().Add(6*time.Minute))
		}, http.StatusUnauthorized},
		{"tampered body", func() *http.Request {
			r := signed("/slack/commands", formType, body, testSecret, time.Now())
			r.Body = httptestBody(bytes.Replace(body, []byte("text=help"), []byte("text=hel0"), 1))
			return r
		}, http.StatusUnauthorized},
		{"missing headers", func() *http.Request {
			r := signed("/slack/commands", formType, body, testSecret, time.Now())
			r.Header.Del("X-Slack-Signature")
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, http.StatusUnauthorized},
		{"missing signature", func() *http.Request {
			r := signed("/slack/commands", formType, body, testSecret, time.Now())
			r.Header.Del("X-Slack-Signature")
			return r
		}, http.StatusUnauthorized},
		{"malformed signature", func() *http.Request {
			r := signed("/slack/commands", formType, body, testSecret, time.Now())
			r.Header.Set("X-Slack-Signature", "v0=zz")
			return r
		}, http.StatusUnauthorized},
		{"events, wrong secret", func() *http.Request {
			return signed("/slack/events", jsonType, e.fixture("url_verification.json"), "nope", time.Now())
		}, http.StatusUnauthorized},
		{"interactivity, stale", func() *http.Request {
			return signed("/slack/interactivity", formType, e.interactionBody("block_actions_fixed.json"), testSecret, time.Now().Add(-10*time.Minute))
		}, http.StatusUnauthorized},
		{"body over the limit", func() *http.Request {
			big := append(bytes.Clone(body), []byte("&pad="+strings.Repeat("x", DefaultMaxBody))...)
			return signed("/slack/commands", formType, big, testSecret, time.Now())
		}, http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			e.mux.ServeHTTP(w, tc.req())
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d (body %q)", w.Code, tc.want, w.Body.String())
			}
			if tc.want == http.StatusUnauthorized && strings.Contains(w.Body.String(), "orfix") {
				t.Errorf("a refused request got an answer: %q", w.Body.String())
			}
		})
	}
	e.settle()
	if calls := e.slack.all(); len(calls) != 0 {
		t.Errorf("refused requests reached Slack: %v", e.slack.paths())
	}
}

func TestRoutesNeedSigningSecret(t *testing.T) {
	e := newEnv(t, nil, Config{AppToken: testAppToken})
	for _, path := range []string{"/slack/commands", "/slack/events", "/slack/interactivity"} {
		w := httptest.NewRecorder()
		e.mux.ServeHTTP(w, signed(path, formType, []byte("text=help"), testSecret, time.Now()))
		if w.Code != http.StatusNotFound {
			t.Errorf("%s without a signing secret: status %d, want 404 (not mounted)", path, w.Code)
		}
	}
}

func TestURLVerification(t *testing.T) {
	e := newEnv(t, nil, Config{})
	w := e.event("url_verification.json")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	if got, want := w.Body.String(), "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"; got != want {
		t.Errorf("challenge answer %q, want %q", got, want)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", ct)
	}
}

func httptestBody(b []byte) *readCloser { return &readCloser{Reader: bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
