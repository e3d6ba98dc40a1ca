package slack

import (
	"bytes"
	"net/http"
	"reflect"
	"testing"
)

// TestFormFromBodyAsParseForm checks that a request given its form by
// formFromBody ends with the form and error ParseForm gives it alone.
func TestFormFromBodyAsParseForm(t *testing.T) {
	tests := []struct {
		name, method, target, ctype, body string
	}{
		{"slash command", "POST", "/slack/commands", formType, "command=%2Forfix&text=API+Error%3A+402&user_id=U1&text=second"},
		{"charset", "POST", "/slack/commands", formType + "; charset=utf-8", "a=1&b=%C3%A9"},
		{"empty body", "POST", "/slack/commands", formType, ""},
		{"bad escape", "POST", "/slack/commands", formType, "a=%zz&b=2"},
		{"semicolon", "POST", "/slack/commands", formType, "a=1;b=2"},
		{"query string", "POST", "/slack/commands?a=q&c=3", formType, "a=1"},
		{"json", "POST", "/slack/commands", "application/json", `{"a":1}`},
		{"no content type", "POST", "/slack/commands", "", "a=1"},
		{"bad content type", "POST", "/slack/commands", "form; ;", "a=1"},
		{"not a post", "PUT", "/slack/commands", formType, "a=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := func() *http.Request {
				r, err := http.NewRequest(tt.method, "http://orfix.test"+tt.target, bytes.NewReader([]byte(tt.body)))
				if err != nil {
					t.Fatal(err)
				}
				if tt.ctype != "" {
					r.Header.Set("Content-Type", tt.ctype)
				}
				return r
			}
			want := req()
			wantErr := want.ParseForm()
			got := req()
			formFromBody(got, []byte(tt.body))
			gotErr := got.ParseForm()
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("ParseForm error %v, want %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got.Form, want.Form) || !reflect.DeepEqual(got.PostForm, want.PostForm) {
				t.Errorf("Form %v PostForm %v, want %v and %v", got.Form, got.PostForm, want.Form, want.PostForm)
			}
		})
	}
}
