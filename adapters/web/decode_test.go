package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// streamDecode is decodeMatch's first step as it was: a streaming decode
// of the body, the reference the buffered path must agree with.
func streamDecode(w http.ResponseWriter, r *http.Request) (matchRequest, int, error) {
	var req matchRequest
	if r.ContentLength > MaxBody {
		return req, http.StatusRequestEntityTooLarge, errTooLarge
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	if err := dec.Decode(&req); err != nil {
		if tooLarge(err) {
			return req, http.StatusRequestEntityTooLarge, errTooLarge
		}
		return req, http.StatusBadRequest, fmt.Errorf("malformed JSON: %w", err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if tooLarge(err) {
			return req, http.StatusRequestEntityTooLarge, errTooLarge
		}
		return req, http.StatusBadRequest, errors.New("malformed JSON: more than one value in the body")
	}
	return req, 0, nil
}

// TestDecodeMatchAsStream checks that decodeMatch answers every body as
// the streaming decode does: the same request, status and error.
func TestDecodeMatchAsStream(t *testing.T) {
	big := strings.Repeat("x", MaxBody)
	bodies := []string{
		`{"text":"API Error: 402"}`,
		`{"text":"a","tool":"cline","top":5}`,
		` {"TEXT":"case-insensitive key"} ` + "\n",
		`{"text":"dup","text":"last wins"}`,
		`{"text":"bad utf8 ` + "\xff" + `"}`,
		`{"text":null}`,
		`{"text":1}`,
		`{"top":"3","text":"a"}`,
		`{"text":"a"}{"text":"b"}`,
		`{"text":"a"} x`,
		`{"text":"a"`,
		`[1,2]`,
		``,
		`   `,
		`nul`,
		`{"text":"` + big + `"}`,
		`{"text":"a"}` + strings.Repeat(" ", MaxBody),
		`{"text":` + big,
	}
	for _, body := range bodies {
		for _, length := range []string{"length", "chunked"} {
			name := body
			if len(name) > 40 {
				name = name[:40]
			}
			t.Run(length+" "+name, func(t *testing.T) {
				req := func() *http.Request {
					r := httptest.NewRequest("POST", "/api/v1/match", strings.NewReader(body))
					if length == "chunked" {
						r.ContentLength = -1
					}
					return r
				}
				s := &Server{}
				got, gotStatus, gotErr := s.decodeMatch(httptest.NewRecorder(), req())
				want, wantStatus, wantErr := streamDecode(httptest.NewRecorder(), req())
				if wantErr == nil {
					// decodeMatch goes on to check the request; compare the decoded fields.
					if gotErr != nil && gotStatus != http.StatusBadRequest {
						t.Fatalf("status %d (%v) for a body the stream decodes", gotStatus, gotErr)
					}
					if (got.Text == nil) != (want.Text == nil) || got.Tool != want.Tool || got.Top != want.Top {
						t.Errorf("decoded %+v, the stream %+v", got, want)
					}
					if clean, err := cleanText(deref(want.Text)); gotErr == nil && (err != nil || *got.Text != clean) {
						t.Errorf("text %q, the stream %q", deref(got.Text), clean)
					}
					return
				}
				if gotStatus != wantStatus || gotErr == nil || gotErr.Error() != wantErr.Error() {
					t.Errorf("status %d, error %v; the stream: %d, %v", gotStatus, gotErr, wantStatus, wantErr)
				}
			})
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
