package web

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orfix/orfix/bot"
	"github.com/orfix/orfix/internal/testutil"
)

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestAPIMatch posts the request fixtures in testdata/api and checks the
// status and the answer: the `orfix match --json` object or a JSON error.
func TestAPIMatch(t *testing.T) {
	e := newEnv(t, envOpts{})
	tests := []struct {
		file       string
		wantStatus int
		wantTop    string // id of the first result
		wantN      int    // number of results
		matched    bool
		wantErr    string // piece of the error message
	}{
		{file: "litellm-402.json", wantStatus: 200, wantTop: "openrouter-402-insufficient-credits", wantN: 3, matched: true},
		{file: "aider-429-top5.json", wantStatus: 200, wantTop: "openrouter-429-free-limit", wantN: 5, matched: true},
		{file: "chatter.json", wantStatus: 200, matched: false, wantN: -1},
		{file: "malformed.json", wantStatus: 400, wantErr: "malformed JSON"},
		{file: "trailing.json", wantStatus: 400, wantErr: "more than one value"},
		{file: "wrong-type.json", wantStatus: 400, wantErr: "malformed JSON"},
		{file: "array.json", wantStatus: 400, wantErr: "malformed JSON"},
		{file: "empty-body.json", wantStatus: 400, wantErr: "malformed JSON"},
		{file: "missing-text.json", wantStatus: 400, wantErr: `"text" is required`},
		{file: "empty-text.json", wantStatus: 400, wantErr: "empty"},
		{file: "unknown-tool.json", wantStatus: 400, wantErr: `unknown "tool": use one of aider, claude-code, `},
		{file: "top-too-big.json", wantStatus: 400, wantErr: `"top" must be between 1 and 25`},
		{file: "top-negative.json", wantStatus: 400, wantErr: `"top"`},
		{file: "nul.json", wantStatus: 400, wantErr: "binary file"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "api", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			r := e.postJSON(t, string(body))
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tc.wantStatus, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.wantErr != "" {
				var ae apiError
				if err := json.Unmarshal([]byte(r.body), &ae); err != nil {
					t.Fatalf("error body is not JSON: %v: %s", err, r.body)
				}
				if !strings.Contains(ae.Error, tc.wantErr) {
					t.Errorf("error %q lacks %q", ae.Error, tc.wantErr)
				}
				return
			}
			var m bot.MatchJSON
			dec := json.NewDecoder(strings.NewReader(r.body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&m); err != nil {
				t.Fatalf("answer is not the match object: %v: %s", err, r.body)
			}
			if m.Matched != tc.matched {
				t.Errorf("matched %v, want %v", m.Matched, tc.matched)
			}
			if tc.wantN >= 0 && len(m.Results) != tc.wantN {
				t.Errorf("%d results, want %d", len(m.Results), tc.wantN)
			}
			if tc.wantTop != "" {
				if len(m.Results) == 0 || m.Results[0].ID != tc.wantTop {
					t.Fatalf("results %+v, want %s first", m.Results, tc.wantTop)
				}
				if want := bot.DefaultPublicURL + "/kb/" + tc.wantTop; m.Results[0].URL != want {
					t.Errorf("url %q, want %q", m.Results[0].URL, want)
				}
				if m.Results[0].Title == "" || m.Results[0].Score <= 0 {
					t.Errorf("result lacks title or score: %+v", m.Results[0])
				}
			}
			if !strings.Contains(r.body, `"redacted":`) || !strings.Contains(r.body, `"secrets":0`) {
				t.Errorf("answer lacks redacted/secrets: %s", r.body)
			}
		})
	}
}

// TestAPISameAsBot: the API answers exactly bot.NewMatchJSON of the reply
// the core gives for the same request.
func TestAPISameAsBot(t *testing.T) {
	e := newEnv(t, envOpts{})
	key := testutil.FakeOpenRouterKey(t)
	text := litellm402 + "\nOPENROUTER_API_KEY=" + key
	r := e.postJSON(t, `{"text":`+jsonString(text)+`,"top":4}`)
	reply, err := e.bot.Handle(t.Context(), bot.Request{Platform: bot.Web, Mode: bot.Explicit, User: "x", Text: text, Top: 4})
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(bot.NewMatchJSON(reply))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(r.body) != string(want) {
		t.Errorf("API answer\n%s\nwant\n%s", r.body, want)
	}
	if !strings.Contains(r.body, `"secrets":1`) {
		t.Errorf("secret not counted: %s", r.body)
	}
}

// TestAPILimits: 413 over 1 MiB, invalid UTF-8 repaired.
func TestAPILimits(t *testing.T) {
	e := newEnv(t, envOpts{})
	t.Run("too large", func(t *testing.T) {
		r := e.postJSON(t, `{"text":"`+strings.Repeat("a", MaxBody)+`"}`)
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `"error":"the request body is larger than 1 MiB"`) {
			t.Fatalf("status %d: %s", r.status, clip(r.body, 200))
		}
	})
	t.Run("too large without length", func(t *testing.T) {
		body := struct{ *strings.Reader }{strings.NewReader(`{"text":"` + strings.Repeat("a", MaxBody) + `"}`)}
		r := e.do(t, http.MethodPost, "/api/v1/match", "application/json", body)
		if r.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", r.status)
		}
	})
	t.Run("invalid utf-8", func(t *testing.T) {
		r := e.postJSON(t, "{\"text\":\"Insufficient credits \xff here\"}")
		if r.status != 200 || !strings.Contains(r.body, `"redacted":"Insufficient credits \ufffd here"`) && !strings.Contains(r.body, "Insufficient credits \uFFFD here") {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	})
}
