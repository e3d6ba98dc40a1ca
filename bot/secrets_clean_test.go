package bot

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanSecretsPlaceholders(t *testing.T) {
	tests := []struct{ name, text string }{
		{"or-xxx", "OPENROUTER_API_KEY=sk-or-v1-xxx"},
		{"or-XXXX-dots", `curl -H "Authorization: Bearer sk-or-v1-XXXX..." https://openrouter.ai/api/v1/chat/completions`},
		{"or-stars", "api_key: sk-or-v1-****"},
		{"or-stars-tail", "Incorrect API key provided: sk-or-v1-************************************************************a1b2"},
		{"or-dashboard-label", "my key sk-or-v1-abc...123 stopped working"},
		{"or-dashboard-label-long", "my key sk-or-v1-0f3a9c2b7e1d4f5a6b8c...9d2e stopped working"},
		{"or-bullets", "OPENROUTER_API_KEY=sk-or-v1-0f3a9c2b7e1d4f5a6b8c9d0e••••••••"},
		{"or-stars-generic", "OPENROUTER_API_KEY=sk-or-v1-0f3a9c2b7e1d4f5a6b8c9d0e****"},
		{"openai-masked", "Incorrect API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUv1234****************wxyz."},
		{"sk-dots", "key is sk-...abcd"},
		{"or-redacted", "OPENROUTER_API_KEY=sk-or-v1-<redacted>"},
		{"or-x-run", "OPENROUTER_API_KEY=sk-or-v1-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{"or-repeated", "OPENROUTER_API_KEY=sk-or-v1-" + strings.Repeat("a", 64)},
		{"or-repeated-0", "Bearer sk-or-v1-" + strings.Repeat("0", 64)},
		{"your-key-angle", "Authorization: Bearer <YOUR_KEY>"},
		{"your-api-key", "Authorization: Bearer YOUR_API_KEY"},
		{"your-openrouter-api-key", "Authorization: Bearer YOUR_OPENROUTER_API_KEY"},
		{"your-key-sk", "OPENAI_API_KEY=sk-your-api-key-here-1234"},
		{"env-ref", "Authorization: Bearer $OPENROUTER_API_KEY"},
		{"env-ref-braces", `-H "Authorization: Bearer ${OPENROUTER_API_KEY}"`},
		{"os-environ", `client = OpenAI(api_key=os.environ["OPENROUTER_API_KEY"])`},
		{"getenv", `api_key = os.getenv("OPENROUTER_API_KEY_2")`},
		{"process-env", "const client = new OpenAI({ apiKey: process.env.OPENROUTER_API_KEY });"},
		{"process-env-2", "apiKey: process.env.OPENROUTER_API_KEY_V2,"},
		{"gh-secrets", "OPENROUTER_API_KEY: ${{ secrets.OPENROUTER_API_KEY }}"},
		{"sha1", "commit 3f786850e387550fdab836ed7e6dc881de23001b"},
		{"sha256", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"uuid", `{"id":"123e4567-e89b-12d3-a456-426614174000","request_id":"9b2d2c3e-1f2a-4c5b-8d7e-6f5a4b3c2d1e"}`},
		{"generation-id", `{"id":"gen-1732700000-AbCdEfGhIjKlMnOpQrSt","object":"chat.completion"}`},
		{"chatcmpl", `{"id":"chatcmpl-9xYzAbCdEfGhIjKlMnOpQrStUvWx","model":"gpt-4o"}`},
		{"user-id", `{"error":{"message":"Insufficient credits","code":402},"user_id":"user_39ktqAYU0JZKhG1fder8F40HVSC"}`},
		{"paths", `File "/home/dev/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1059, in _request`},
		{"token-file", "open /home/dev/.config/openrouter/token.json: no such file or directory"},
		{"url", "POST https://openrouter.ai/api/v1/chat/completions?model=openai/gpt-4o-mini-2024-07-18 401"},
		{"discord-code", "await message.channel.send(embed=embed)"},
		{"discord-dummy", "token = xxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxx"},
		{"dotted-version", "version 1.2.3-beta.4567890123.abcdefghij"},
		{"max-tokens", `{"max_tokens": 4096, "usage": {"prompt_tokens": 1234567890123456, "completion_tokens": 0}}`},
		{"tokenizer", "tokenizer: meta-llama/Llama-3.1-8B-Instruct-20240723"},
		{"token-type", `{"token_type": "Bearer", "token_id": "a1b2c3d4e5f6a7b8c9d0e1f2"}`},
		{"author", "Author: Jane Doe <jane@example.com> 2024-01-01T00:00:00Z"},
		{"auth-error", "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'No auth credentials found', 'code': 401}}"},
		{"model-names", "api_key: claude-3-5-sonnet-20241022"},
		{"words", "secret: my-secret-2024-prod-v1"},
		{"aws-example", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"},
		{"jwt-dots", "Bearer eyJhbGciOi..."},
		{"pem-placeholder", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"},
		{"pem-placeholder-words", "-----BEGIN RSA PRIVATE KEY-----\nyour_private_key_contents_go_here\n-----END RSA PRIVATE KEY-----"},
		{"public-key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----"},
		{"webhook-placeholder", "https://discord.com/api/webhooks/<id>/<token>"},
		{"url-placeholder-password", "postgres://user:password@localhost:5432/db"},
		{"url-same-user-password", "postgres://postgres:postgres@localhost:5432/db"},
		{"url-env-password", "redis://:${REDIS_PASSWORD}@cache:6379"},
		{"scikit", "pip install scikit-learn sk-learn-intelex-2024-extension"},
		{"task-ids", "task-abcdefghij0123456789klmnop failed"},
		{"basic-word", "Basic usage: orfix match --json"},
		{"bearer-word", "The API expects a Bearer token in the Authorization header."},
		{"bearer-failing-placeholder", `curl -H "Authorization: Bearer sk-or-v1-invalid" https://openrouter.ai/api/v1/chat/completions`},
		{"data-uri", `{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg/AKIAABCDEFGHIJKLMNO+sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef=="}}`},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fs := ScanSecrets(tt.text); len(fs) != 0 {
				t.Errorf("ScanSecrets(%q) = %+v, want nothing", tt.text, fs)
			}
			if out, _ := Redact(tt.text); out != tt.text {
				t.Errorf("Redact changed a text with no secret: %q", out)
			}
		})
	}
}

// TestScanSecretsEvalPastes checks that the real pastes in ../shared/eval
// and in the repository's labelled sets under testdata (keys masked by
// their authors) raise nothing.
func TestScanSecretsEvalPastes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no ../testdata/*/*.jsonl: the labelled real texts are part of the repository")
	}
	shared, err := filepath.Glob(filepath.Join("..", "..", "shared", "eval", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(shared) == 0 {
		t.Log("no ../../shared/eval/*.jsonl beside the repository; checking the repository's sets only")
	}
	files = append(files, shared...)
	checked := 0
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for line := 1; sc.Scan(); line++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var c struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
				t.Errorf("%s:%d: %v", name, line, err)
				continue
			}
			checked++
			for _, fd := range ScanSecrets(c.Text) {
				t.Errorf("%s:%d (%s): false positive %s %q", filepath.Base(name), line, c.ID, fd.Kind, c.Text[fd.Start:fd.End])
			}
		}
		if err := sc.Err(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		f.Close()
	}
	if checked == 0 {
		t.Fatalf("found %d eval files but no pastes in them", len(files))
	}
	t.Logf("checked %d real pastes from %d files: no finding", checked, len(files))
}
