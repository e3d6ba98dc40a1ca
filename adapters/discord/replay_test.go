package discord

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/orfix/orfix/bot"
)

// TestReplayedInteraction: the same signed request (signature, timestamp,
// body) sent again within the five minutes is refused and changes nothing.
func TestReplayedInteraction(t *testing.T) {
	h := newHarness(t, nil, bot.Config{}, Config{}, nil)
	mux := http.NewServeMux()
	h.ad.Register(mux)
	first := signed(h.priv, time.Now(), fixture(t, "interaction_button_fixed.json", nil))
	body, _ := io.ReadAll(first.Body)
	send := func() int {
		r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
		r.Header = first.Header.Clone()
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}
	if got := send(); got != http.StatusOK {
		t.Fatalf("first delivery: %d", got)
	}
	calls := len(h.fake.Calls())
	if got := send(); got != http.StatusConflict {
		t.Errorf("replay: %d, want 409", got)
	}
	time.Sleep(100 * time.Millisecond) // any follow-up the replay might start
	if n := len(h.fake.Calls()); n != calls {
		t.Errorf("the replay made %d calls to Discord", n-calls)
	}
}
