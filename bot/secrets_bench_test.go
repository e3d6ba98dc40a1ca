package bot

import (
	"strings"
	"testing"
)

// bench4KBPaste is a realistic 4 KB paste: a Python traceback from an
// OpenAI-SDK app talking to OpenRouter, the JSON error body, a few log lines,
// and one (fake) key in the client setup.
func bench4KBPaste() string {
	key := "sk-or-v1-" + newKeyGen().pick(hexChars, 64)
	var b strings.Builder
	b.WriteString("hey, getting this since this morning, any idea?\n```\n")
	b.WriteString("2026-11-27 09:14:02,118 INFO httpx: HTTP Request: POST https://openrouter.ai/api/v1/chat/completions \"HTTP/1.1 401 Unauthorized\"\n")
	b.WriteString("2026-11-27 09:14:02,119 DEBUG agent.llm: request model=anthropic/claude-sonnet-4 max_tokens=4096 temperature=0.2 stream=False\n")
	b.WriteString("2026-11-27 09:14:02,120 DEBUG agent.llm: client = OpenAI(base_url=\"https://openrouter.ai/api/v1\", api_key=\"" + key + "\")\n")
	b.WriteString("Traceback (most recent call last):\n")
	frames := []string{
		`  File "/home/dev/projects/agent/main.py", line 88, in <module>` + "\n    asyncio.run(main())\n",
		`  File "/usr/lib/python3.12/asyncio/runners.py", line 194, in run` + "\n    return runner.run(main)\n",
		`  File "/usr/lib/python3.12/asyncio/runners.py", line 118, in run` + "\n    return self._loop.run_until_complete(task)\n",
		`  File "/usr/lib/python3.12/asyncio/base_events.py", line 687, in run_until_complete` + "\n    return future.result()\n",
		`  File "/home/dev/projects/agent/main.py", line 71, in main` + "\n    reply = await agent.step(history, tools=tool_specs)\n",
		`  File "/home/dev/projects/agent/agent/core.py", line 212, in step` + "\n    resp = await self.llm.chat.completions.create(model=self.model, messages=msgs, tools=tools)\n",
		`  File "/home/dev/.venv/lib/python3.12/site-packages/openai/resources/chat/completions/completions.py", line 2454, in create` + "\n    return await self._post(\n",
		`  File "/home/dev/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1784, in post` + "\n    return await self.request(cast_to, opts, stream=stream, stream_cls=stream_cls)\n",
		`  File "/home/dev/.venv/lib/python3.12/site-packages/openai/_base_client.py", line 1584, in request` + "\n    raise self._make_status_error_from_response(err.response) from None\n",
	}
	for _, f := range frames {
		b.WriteString(f)
	}
	b.WriteString("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'User not found.', 'code': 401}, 'user_id': 'user_39ktqAYU0JZKhG1fder8F40HVSC'}\n```\n")
	b.WriteString("raw response body:\n```json\n")
	b.WriteString(`{"error":{"message":"User not found.","code":401,"metadata":{"provider_name":null,"raw":null}},` +
		`"user_id":"user_39ktqAYU0JZKhG1fder8F40HVSC","id":"gen-1732700042-AbCdEfGhIjKlMnOpQrSt",` +
		`"request":{"model":"anthropic/claude-sonnet-4","max_tokens":4096,"usage":{"prompt_tokens":1834,"completion_tokens":0,"total_tokens":1834},` +
		`"headers":{"HTTP-Referer":"https://github.com/dev/agent","X-Title":"agent","Content-Type":"application/json"}}}` + "\n```\n")
	b.WriteString("my env:\n```\nOPENROUTER_BASE_URL=https://openrouter.ai/api/v1\nMODEL=anthropic/claude-sonnet-4\nLOG_LEVEL=debug\n")
	b.WriteString("request_id=9b2d2c3e-1f2a-4c5b-8d7e-6f5a4b3c2d1e commit=3f786850e387550fdab836ed7e6dc881de23001b\n```\n")
	b.WriteString("I already regenerated the key twice on https://openrouter.ai/settings/keys and the credits page shows $4.20 left. ")
	b.WriteString("Same thing with curl -H \"Authorization: Bearer $OPENROUTER_API_KEY\" so it's not the SDK. ")
	b.WriteString("Using python 3.12, openai 1.99.1, httpx 0.28.1 on Ubuntu 24.04; the same code works with the OpenAI endpoint. ")
	for b.Len() < 4096-120 {
		b.WriteString("2026-11-27 09:14:03,004 WARNING agent.retry: attempt failed with status 401, retrying in 2.0s (tokenizer cache warm)\n")
	}
	s := b.String()
	for len(s) < 4096 {
		s += "."
	}
	return s[:4096]
}

func BenchmarkScanSecrets4KB(b *testing.B) {
	text := bench4KBPaste()
	if n := len(ScanSecrets(text)); n != 1 {
		b.Fatalf("benchmark paste has %d findings, want 1", n)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ScanSecrets(text)
	}
}

func BenchmarkScanSecrets4KBClean(b *testing.B) {
	text := strings.Replace(bench4KBPaste(), "sk-or-v1-", "sk-or-v1-…", 1)
	if n := len(ScanSecrets(text)); n != 0 {
		b.Fatalf("clean paste has %d findings", n)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ScanSecrets(text)
	}
}

func BenchmarkRedact4KB(b *testing.B) {
	text := bench4KBPaste()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(text)
	}
}
