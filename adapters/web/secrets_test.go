package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/orfix/orfix/internal/testutil"
)

// TestKeyNeverRepeated plants a fake OpenRouter key in every place a
// request can carry one (form, API, search, path, tool field, a panic
// message) and checks that no response body and no log line holds the key
// or any 8-character piece of its secret part.
func TestKeyNeverRepeated(t *testing.T) {
	key := testutil.FakeOpenRouterKey(t)
	e := newEnv(t, envOpts{register: func(mux *http.ServeMux) {
		mux.HandleFunc("POST /crash", func(_ http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			panic("bad paste: " + r.PostForm.Get("text"))
		})
	}})
	paste := litellm402 + "\nexport OPENROUTER_API_KEY=" + key
	var got []response
	got = append(got,
		e.postForm(t, paste, ""),
		e.postForm(t, paste, "cline"),
		e.postForm(t, key, ""),
		e.postForm(t, paste, key), // the key in the tool field
		e.postForm(t, "not sure \x00"+key, ""),
		e.postJSON(t, `{"text":`+jsonString(paste)+`}`),
		e.postJSON(t, `{"text":`+jsonString(key)+`,"tool":`+jsonString(key)+`}`),
		e.postJSON(t, `{"text":`+jsonString(key+"\x00")+`}`),
		e.postJSON(t, `{"text":"`+key), // malformed, holding the key
		e.do(t, "GET", "/kb/?q="+key, "", nil),
		e.do(t, "GET", "/kb/?q="+strings.Repeat("a+", 395)+key, "", nil), // the key across the display cut
		e.do(t, "GET", "/kb/"+key, "", nil),
		e.do(t, "GET", "/kb/"+strings.Repeat("b", 170)+"-"+key, "", nil), // across the log's path cut
		e.do(t, "GET", "/"+key, "", nil),
		e.do(t, "POST", "/crash", formType, strings.NewReader(formBody(paste, ""))),
	)
	for i, r := range got {
		testutil.AssertNoSecret(t, "response "+string(rune('A'+i)), r.body, key)
		for k, vs := range r.header {
			testutil.AssertNoSecret(t, "header "+k, strings.Join(vs, " "), key)
		}
	}
	testutil.AssertNoSecret(t, "the log", e.logs.String(), key)
	if !strings.Contains(e.logs.String(), `"msg":"handler panicked"`) {
		t.Error("the crash route did not panic")
	}
	if !strings.Contains(got[0].body, "sk-or-v1-…[redacted]…"+key[len(key)-4:]) {
		t.Error("the answer does not show the masked key")
	}
}
