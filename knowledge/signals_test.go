package knowledge

import "testing"

func TestDetectStatus(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}", 401},
		{"404: No endpoints found that support tool use", 404},
		{`error: "Internal Server Error"`, 500},
		{"upstream said Bad Gateway, then Service Unavailable", 502},
		{"AI_APICallError: Bad Request", 400},
		{"429 Too Many Requests but also Internal Server Error", 429}, // the number wins
		{"the internal server error page", 0},                         // not the phrase as printed
		{"User not found.", 0},
		{`2026-06-05 11:11:40,481 [INFO] httpx: HTTP Request: POST https://openrouter.ai/api/v1/embeddings "HTTP/1.1 200 OK"`, 0}, // log milliseconds
		{"2026-06-05 11:11:40,404 - ERROR - HTTP Error 502 from upstream", 502},                                                   // the status, not the milliseconds
		{"status 481 after 3 retries", 0}, // no such status
		{"Error code: 413 - payload too large", 413},
		{"API Error: 529 overloaded", 529},
	}
	for _, tt := range tests {
		if got, _ := detectStatus(tt.text, asciiLower(tt.text)); got != tt.want {
			t.Errorf("detectStatus(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
