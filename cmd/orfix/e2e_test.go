package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

// buildBinary builds orfix once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "orfix")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is a running orfix serve process.
type server struct {
	cmd  *exec.Cmd
	base string
	logs *testutil.SyncBuffer // the process's stderr
	done chan error
}

// startServe starts the binary with a config file and waits until it listens.
func startServe(t *testing.T, bin, config string, env ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", config)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &testutil.SyncBuffer{}, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.logs.WriteString(line + "\n")
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "orfix serving" {
				addr <- rec.Addr
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("orfix serve exited early: %v\n%s", err, s.logs)
	case <-time.After(20 * time.Second):
		t.Fatalf("orfix serve did not start:\n%s", s.logs)
	}
	return s
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(t *testing.T, u, ctype string, body []byte, header http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// slackSign signs a body the way Slack does.
func slackSign(secret string, ts int64, body []byte) http.Header {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:%s", ts, body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	kbDir := filepath.Join(dir, "kb")
	os.Mkdir(kbDir, 0o755)
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("http:\n  addr: 127.0.0.1:0\nkb:\n  dir: %s\n  reload_interval: 100ms\nstore:\n  path: %s\n", kbDir, filepath.Join(dir, "orfix.db"))), 0o644)
	const secret = "e2e-signing-secret"
	s := startServe(t, bin, config, "SLACK_SIGNING_SECRET="+secret)

	t.Run("pages", func(t *testing.T) {
		for _, c := range []struct {
			path string
			code int
			want string
		}{
			{"/", 200, "<textarea"},
			{"/kb/", 200, "openrouter-429-free-limit"},
			{"/kb/openrouter-402-insufficient-credits", 200, "Quick fixes"},
			{"/kb/no-such-entry", 404, ""},
			{"/healthz", 200, "ok"},
			{"/readyz", 200, "knowledge-base"},
		} {
			code, body := get(t, s.base+c.path)
			if code != c.code || !strings.Contains(body, c.want) {
				t.Errorf("GET %s: %d, want %d with %q", c.path, code, c.code, c.want)
			}
		}
	})
	t.Run("api", func(t *testing.T) {
		code, body := post(t, s.base+"/api/v1/match", "application/json", []byte(`{"text":"No endpoints found that support tool use"}`), nil)
		if code != 200 || !strings.Contains(body, `"id":"openrouter-404-tool-use"`) || !strings.Contains(body, `"matched":true`) {
			t.Errorf("match: %d %s", code, body)
		}
		if code, _ := post(t, s.base+"/api/v1/match", "application/json", []byte(`{"text":`), nil); code != 400 {
			t.Errorf("malformed JSON: %d, want 400", code)
		}
		big := append([]byte(`{"text":"`), bytes.Repeat([]byte("a"), 2<<20)...)
		if code, _ := post(t, s.base+"/api/v1/match", "application/json", append(big, `"}`...), nil); code != 413 {
			t.Errorf("2 MiB body: %d, want 413", code)
		}
	})
	t.Run("slack signed command", func(t *testing.T) {
		form := url.Values{"command": {"/orfix"}, "text": {"429 Rate limit exceeded: free-models-per-day"}, "user_id": {"U1"}, "channel_id": {"C1"}, "team_id": {"T1"}, "response_url": {"http://127.0.0.1:1/unused"}}
		body := []byte(form.Encode())
		code, resp := post(t, s.base+"/slack/commands", "application/x-www-form-urlencoded", body, slackSign(secret, time.Now().Unix(), body))
		if code != 200 || !strings.Contains(resp, "openrouter-429-free-limit") {
			t.Errorf("signed slash command: %d %.300s", code, resp)
		}
		if code, _ := post(t, s.base+"/slack/commands", "application/x-www-form-urlencoded", body, slackSign("wrong", time.Now().Unix(), body)); code != 401 {
			t.Errorf("forged signature: %d, want 401", code)
		}
		if code, _ := get(t, s.base+"/slack/commands"); code != 405 {
			t.Errorf("GET /slack/commands: %d, want 405", code)
		}
	})
	t.Run("hot reload", func(t *testing.T) {
		entry, err := os.ReadFile("../../knowledge/testdata/valid-entry.md")
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(kbDir, "openrouter-widget-jam.md"), entry, 0o644)
		eventually(t, "the new entry", func() bool { code, _ := get(t, s.base+"/kb/openrouter-widget-jam"); return code == 200 })
		os.WriteFile(filepath.Join(kbDir, "openrouter-broken.md"), []byte("---\nid: openrouter-broken\ncolour: red\n---\n"), 0o644)
		eventually(t, "the failed reload to be counted", func() bool {
			_, m := get(t, s.base+"/metrics")
			return regexp.MustCompile(`orfix_kb_reloads_total\{result="failed"\} [1-9]`).MatchString(m)
		})
		if code, _ := get(t, s.base+"/kb/openrouter-widget-jam"); code != 200 {
			t.Errorf("the last good knowledge base stopped answering")
		}
		_, m := get(t, s.base+"/metrics")
		// One write may reach the watcher as two events far enough apart to
		// make two reloads on a slow machine: at least one must have worked.
		if !regexp.MustCompile(`orfix_kb_reloads_total\{result="ok"\} [1-9]`).MatchString(m) {
			t.Errorf("metrics count no successful reload")
		}
		for _, want := range []string{"orfix_answers_total{", "orfix_handle_seconds_bucket"} {
			if !strings.Contains(m, want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if !strings.Contains(s.logs.String(), "openrouter-broken.md:3: unknown field") {
			t.Errorf("the refused reload was not logged with file:line")
		}
	})
	t.Run("logs hold no credential", func(t *testing.T) {
		logs := s.logs.String()
		if strings.Contains(logs, secret) {
			t.Errorf("the signing secret is in the logs")
		}
		if !strings.Contains(logs, `"slack_http":true`) {
			t.Errorf("the start-up line does not say what is on:\n%.400s", logs)
		}
	})
	t.Run("sigterm", func(t *testing.T) {
		start := time.Now()
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v", err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("shutdown took %v", d)
			}
		case <-time.After(12 * time.Second):
			t.Fatal("no exit within 12 s of SIGTERM")
		}
	})
}
