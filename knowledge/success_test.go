package knowledge

import "testing"

func TestSuccessOnly(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{`2026-06-05 11:11:40,481 [INFO] httpx: HTTP Request: POST https://openrouter.ai/api/v1/embeddings "HTTP/1.1 200 OK"`, true},
		{`HTTP Request: POST https://openrouter.ai/api/v1/chat/completions "HTTP/1.1 200 OK"` + "\nBM25 built\nIngestion complete", true},
		{`{"status": 200, "model": "openai/gpt-4o"}`, true},
		// Any trouble word, a question or an error status keeps the paste an error report.
		{`HTTP Request: POST https://openrouter.ai/api/v1/embeddings "HTTP/1.1 200 OK"` + "\nKeyError: 'data'", false},
		{`"HTTP/1.1 200 OK" but the response is empty`, false},
		{`POST /api/v1/chat/completions "HTTP/1.1 200 OK" then "HTTP/1.1 429 Too Many Requests"`, false},
		{`got 200 OK, why does the tool show nothing?`, false},
		{`POST /api/v1/chat/completions "HTTP/1.1 200 OK" but nothing shows up in the chat`, false},
		{`Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}}`, false},
		{`thanks, that fixed it!`, false}, // no success mark: chatter is left to the model
	} {
		lower := asciiLower(tc.text)
		status, _ := detectStatus(tc.text, lower)
		if got := successOnly(lower, status); got != tc.want {
			t.Errorf("successOnly(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestSuccessLogNotAnswered checks that a log of successful calls to an
// OpenRouter endpoint is not answered as that endpoint's error, while the
// same log with the failure in it is.
func TestSuccessLogNotAnswered(t *testing.T) {
	kb := mustDefault(t)
	th := kb.model.Thresholds
	ok := `2026-06-05 11:11:40,481 [INFO] httpx: HTTP Request: POST https://openrouter.ai/api/v1/embeddings "HTTP/1.1 200 OK"`
	if top, found := kb.Match(ok, 3).Top(); found && top.Score >= th.Floor {
		t.Errorf("success log answered: %s at %.2f (floor %.2f)", top.Entry.ID, top.Score, th.Floor)
	}
	failed := ok + "\n" + `2026-06-05 11:11:41,002 [INFO] httpx: HTTP Request: POST https://openrouter.ai/api/v1/embeddings "HTTP/1.1 404 Not Found"` +
		"\nopenai.NotFoundError: Error code: 404 - {'error': {'message': 'No endpoints found for openai/text-embedding-3-small.', 'code': 404}}"
	if top, found := kb.Match(failed, 3).Top(); !found || top.Entry.ID != "openrouter-embeddings" {
		t.Errorf("failed embeddings call: top %+v, want openrouter-embeddings", top)
	}
}
