package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchHandler runs one request shape through the handler in parallel.
func benchHandler(b *testing.B, method, target, ctype, body string, wantStatus int) {
	e := newEnv(b, envOpts{quiet: true})
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequestWithContext(context.Background(), method, target, strings.NewReader(body))
			if ctype != "" {
				req.Header.Set("Content-Type", ctype)
			}
			rec := httptest.NewRecorder()
			e.handler.ServeHTTP(rec, req)
			if rec.Code != wantStatus {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

func BenchmarkAPIMatch(b *testing.B) {
	benchHandler(b, "POST", "/api/v1/match", "application/json", `{"text":`+jsonString(litellm402)+`}`, 200)
}

func BenchmarkPasteAnswer(b *testing.B) {
	benchHandler(b, "POST", "/", formType, formBody(litellm402, ""), 200)
}

func BenchmarkArticle(b *testing.B) {
	benchHandler(b, "GET", "/kb/openrouter-402-insufficient-credits", "", "", 200)
}

func BenchmarkKBIndex(b *testing.B) {
	benchHandler(b, "GET", "/kb/", "", "", 200)
}

func BenchmarkKBSearch(b *testing.B) {
	benchHandler(b, "GET", "/kb/?q=credits", "", "", 200)
}

// BenchmarkAPIMatchLoopback sends the API request over a real loopback
// connection (net/http client and server), as a load test would.
func BenchmarkAPIMatchLoopback(b *testing.B) {
	e := newEnv(b, envOpts{quiet: true})
	ts := httptest.NewServer(e.handler)
	defer ts.Close()
	client := ts.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	body := `{"text":` + jsonString(litellm402) + `}`
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(ts.URL+"/api/v1/match", "application/json", strings.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
}
