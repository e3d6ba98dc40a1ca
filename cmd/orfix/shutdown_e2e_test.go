package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestShutdownKeepsAcknowledged builds the binary, keeps answers in flight
// through the API, sends SIGTERM in the middle of them, and checks that
// every answer the server acknowledged (a 200 with a match) reached the
// store, as `orfix stats` reads it after the exit.
func TestShutdownKeepsAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "orfix.db")
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf("http:\n  addr: 127.0.0.1:0\n  client_rate: 0\n  shutdown_timeout: 8s\nstore:\n  path: %s\n", db)), 0o644)
	s := startServe(t, bin, config)

	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, body, err := tryPost(s.base+"/api/v1/match", `{"text":"No endpoints found that support tool use"}`)
				if err != nil {
					return // the listener is closed: shutting down
				}
				if code == 200 && strings.Contains(body, `"matched":true`) {
					acked.Add(1)
				}
			}
		})
	}
	time.Sleep(700 * time.Millisecond)
	start := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.logs)
		}
	case <-time.After(12 * time.Second):
		t.Fatal("no exit within 12 s of SIGTERM")
	}
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if acked.Load() == 0 {
		t.Fatal("no answer was acknowledged before the shutdown")
	}
	out, err := exec.Command(bin, "stats", "--db", db, "--since", "1d", "--json").Output()
	if err != nil {
		t.Fatalf("orfix stats: %v", err)
	}
	var st struct{ Answers int }
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("stats JSON: %v\n%s", err, out)
	}
	t.Logf("acknowledged %d answers, the store holds %d; shutdown took %v", acked.Load(), st.Answers, took)
	if int64(st.Answers) < acked.Load() {
		t.Errorf("the store holds %d answers, %d were acknowledged", st.Answers, acked.Load())
	}
	if !strings.Contains(s.logs.String(), `"msg":"store flushed"`) {
		t.Errorf("no store flush logged:\n%s", s.logs)
	}
}

// tryPost posts JSON and returns the status and body, or the transport error.
func tryPost(u, body string) (int, string, error) {
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}
