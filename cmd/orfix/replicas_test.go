package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/orfix/orfix/internal/testutil"
)

// fakeSlackAPI answers the Web API calls orfix makes and counts the
// answers posted, per channel.
type fakeSlackAPI struct {
	srv   *httptest.Server
	mu    sync.Mutex
	posts map[string]int // channel -> chat.postMessage calls
}

func newFakeSlackAPI(t *testing.T) *fakeSlackAPI {
	f := &fakeSlackAPI{posts: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/auth.test":
			fmt.Fprint(w, `{"ok":true,"team_id":"T0001","user_id":"UBOT","bot_id":"BBOT"}`)
		case "/api/chat.postMessage":
			r.ParseForm()
			f.mu.Lock()
			f.posts[r.Form.Get("channel")]++
			f.mu.Unlock()
			fmt.Fprint(w, `{"ok":true,"channel":"C1","ts":"1700009999.000100"}`)
		default:
			fmt.Fprint(w, `{"ok":true}`)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlackAPI) answers(channel string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.posts[channel]
}

// slackEvent is a signed-ready event callback: a mention (passive false)
// or a plain message in a watched channel.
func slackEvent(id, channel, user, text string, passive bool) []byte {
	kind, body := "app_mention", "<@UBOT> "+text
	if passive {
		kind, body = "message", text
	}
	b, _ := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T0001", "api_app_id": "A1", "event_id": id, "event_time": time.Now().Unix(),
		"authorizations": []map[string]any{{"team_id": "T0001", "user_id": "UBOT", "is_bot": true}},
		"event": map[string]any{
			"type": kind, "text": body, "user": user, "channel": channel, "channel_type": "channel",
			"ts": fmt.Sprintf("%d.000100", time.Now().UnixNano()/1000), "team": "T0001",
		},
	})
	return b
}

// deliver posts an event to a replica, signed; retry sets X-Slack-Retry-Num.
func deliver(t *testing.T, s *server, secret string, body []byte, retry int) int {
	h := slackSign(secret, time.Now().Unix(), body)
	if retry > 0 {
		h.Set("X-Slack-Retry-Num", strconv.Itoa(retry))
		h.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	code, _ := post(t, s.base+"/slack/events", "application/json", body, h)
	return code
}

var queuedRe = regexp.MustCompile(`(?m)^orfix_store_queued (\d+)`)

// queued reads orfix_store_queued from a replica's /metrics.
func queued(t *testing.T, s *server) int {
	_, m := get(t, s.base+"/metrics")
	if g := queuedRe.FindStringSubmatch(m); g != nil {
		n, _ := strconv.Atoi(g[1])
		return n
	}
	return -1
}

var writtenRe = regexp.MustCompile(`(?m)^orfix_store_written_total (\d+)`)

// waitRecovered polls a replica under load until its store has written
// records again after since, and returns how long that took.
func waitRecovered(t *testing.T, s *server, since time.Time) time.Duration {
	t.Helper()
	written := func() int {
		_, m := get(t, s.base+"/metrics")
		if g := writtenRe.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			return n
		}
		return -1
	}
	before := written()
	for time.Since(since) < 10*time.Second {
		if _, body := get(t, s.base+"/readyz"); !strings.Contains(body, "degraded") && written() > before {
			return time.Since(since)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("replica 1 did not write again within 10 s of the database restart")
	return 0
}

// TestReplicas runs three orfix serve processes on one PostgreSQL and
// shows they behave as one bot: Slack events answered once, cooldowns and
// rate limits held across replicas, statistics summed, no acknowledged
// record lost to a SIGKILL beyond the documented bound, and no answer lost
// to a database restart.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary three times")
	}
	dbURL := testutil.PostgresSchema(t)
	bin := buildBinary(t)
	slackAPI := newFakeSlackAPI(t)
	const secret = "replica-signing-secret"
	dir := t.TempDir()
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(`http:
  addr: 127.0.0.1:0
  shutdown_timeout: 3s
  client_rate: 0
bot:
  user_rate: 3
  user_rate_window: 1m
  cooldown: 10m
  passive_channels: ["*"]
`), 0o644)
	env := []string{
		"ORFIX_DATABASE_URL=" + dbURL, "ORFIX_STORE_SALT=replica-test-salt-0123456789",
		"SLACK_SIGNING_SECRET=" + secret, "SLACK_BOT_TOKEN=xoxb-replica-test",
		"ORFIX_SLACK_API_URL=" + slackAPI.srv.URL + "/api/",
	}
	var replicas []*server
	for range 3 {
		replicas = append(replicas, startServe(t, bin, config, env...))
	}
	r3 := replicas[2]
	for _, r := range replicas {
		eventually(t, "the Slack adapter to be ready", func() bool { code, _ := get(t, r.base+"/readyz"); return code == 200 })
	}
	const mention = `API Error: 401 {"error":{"message":"User not found.","code":401}}`

	t.Run("one event, three replicas, one answer", func(t *testing.T) {
		body := slackEvent("EvDUP1", "CDUP", "UDUP", mention, false)
		var wg sync.WaitGroup
		for i, r := range replicas {
			wg.Go(func() {
				if code := deliver(t, r, secret, body, i); code != 200 {
					t.Errorf("delivery to replica %d: %d", i+1, code)
				}
			})
		}
		wg.Wait()
		eventually(t, "the answer", func() bool { return slackAPI.answers("CDUP") >= 1 })
		time.Sleep(300 * time.Millisecond) // time for a second answer, if any
		if n := slackAPI.answers("CDUP"); n != 1 {
			t.Errorf("%d answers to one event delivered to three replicas, want 1", n)
		}
	})
	t.Run("rate limit holds across replicas", func(t *testing.T) {
		for i := range 5 {
			body := slackEvent(fmt.Sprint("EvRATE", i), "CRATE", "URATE", mention, false)
			if code := deliver(t, replicas[i%3], secret, body, 0); code != 200 {
				t.Fatalf("event %d: %d", i, code)
			}
			eventually(t, "the event handled", func() bool { return slackAPI.answers("CRATE") >= min(i+1, 3) })
		}
		time.Sleep(300 * time.Millisecond)
		if n := slackAPI.answers("CRATE"); n != 3 {
			t.Errorf("%d answers to 5 requests from one user (rate 3/min) over 3 replicas, want 3", n)
		}
	})
	t.Run("cooldown holds across replicas", func(t *testing.T) {
		const paste = `anyone seen this? {"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits","code":402}}`
		for i, r := range replicas {
			if code := deliver(t, r, secret, slackEvent(fmt.Sprint("EvCOOL", i), "CCOOL", "UCOOL", paste, true), 0); code != 200 {
				t.Fatalf("event %d: %d", i, code)
			}
			if i == 0 {
				eventually(t, "the first passive answer", func() bool { return slackAPI.answers("CCOOL") == 1 })
			}
		}
		time.Sleep(500 * time.Millisecond)
		if n := slackAPI.answers("CCOOL"); n != 1 {
			t.Errorf("%d passive answers to one paste in one channel over 3 replicas, want 1 (cooldown)", n)
		}
	})

	// Load: each replica answers its own entry through the API, so the
	// statistics tell the replicas apart. Mid-run the database restarts
	// and replica 3 is killed.
	pastes := []string{
		"No endpoints found that support tool use",
		"This endpoint's maximum context length is 128000 tokens. However, you requested about 200000 tokens",
		"Rate limit exceeded: free-models-per-day",
	}
	entries := []string{"openrouter-404-tool-use", "openrouter-400-context-length", "openrouter-429-free-limit"}
	var acked [3]atomic.Int64
	var failed atomic.Int64
	stop := make(chan struct{})
	killed := make(chan struct{})
	var load sync.WaitGroup
	for i, r := range replicas {
		body := []byte(fmt.Sprintf(`{"text":%q}`, pastes[i]))
		for range 2 {
			load.Go(func() {
				client := &http.Client{Timeout: 5 * time.Second}
				for {
					select {
					case <-stop:
						return
					default:
					}
					if i == 2 {
						select {
						case <-killed:
							return
						default:
						}
					}
					resp, err := client.Post(r.base+"/api/v1/match", "application/json", strings.NewReader(string(body)))
					if err != nil {
						if i != 2 {
							failed.Add(1)
						}
						continue
					}
					resp.Body.Close()
					if resp.StatusCode == 200 {
						acked[i].Add(1)
					} else if i != 2 {
						failed.Add(1)
					}
				}
			})
		}
	}
	time.Sleep(1500 * time.Millisecond)
	pgDir := os.Getenv("PG_TEST_DIR")
	var restartedAt time.Time
	if pgDir != "" {
		out, err := exec.Command("../../.ci/pg", "restart", pgDir).CombinedOutput()
		if err != nil {
			t.Fatalf("restart PostgreSQL: %v\n%s", err, out)
		}
		restartedAt = time.Now() // pg_ctl -w returns once it accepts connections
		recovered := waitRecovered(t, replicas[0], restartedAt)
		t.Logf("PostgreSQL restarted; replica 1 wrote again %v after it accepted connections", recovered.Round(time.Millisecond))
		if recovered > 5*time.Second {
			t.Errorf("writes resumed %v after the database came back, want within 5 s", recovered)
		}
	} else {
		t.Log("PG_TEST_DIR unset: the database restart is not exercised")
	}
	time.Sleep(1500 * time.Millisecond)
	r3.cmd.Process.Signal(syscall.SIGKILL)
	close(killed)
	time.Sleep(time.Second)
	close(stop)
	load.Wait()
	<-r3.done
	if n := failed.Load(); n != 0 {
		t.Errorf("%d requests to the surviving replicas failed during the database restart", n)
	}
	for _, r := range replicas[:2] {
		eventually(t, "the queue to drain", func() bool { return queued(t, r) == 0 })
	}
	for _, r := range replicas[:2] {
		r.cmd.Process.Signal(syscall.SIGTERM)
		if err := <-r.done; err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, r.logs)
		}
	}

	code, out, errOut := runCLI(t, "", "stats", "--db", dbURL, "--since", "1d", "--json")
	if code != exitOK {
		t.Fatalf("orfix stats: exit %d: %s", code, errOut)
	}
	var st struct {
		Entries []struct {
			EntryID string
			Answers int
		}
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for _, e := range st.Entries {
		stored[e.EntryID] = e.Answers
	}
	const bound = storeQueue + 256 // queue + one batch in flight
	for i, id := range entries {
		a, s := int(acked[i].Load()), stored[id]
		t.Logf("replica %d: %d answers acknowledged, %d stored", i+1, a, s)
		switch {
		case a == 0:
			t.Errorf("replica %d acknowledged nothing", i+1)
		case s > a:
			t.Errorf("replica %d: %d stored, more than the %d acknowledged", i+1, s, a)
		case i < 2 && s != a:
			t.Errorf("replica %d (SIGTERM): %d of %d acknowledged records stored, want all", i+1, s, a)
		case i == 2 && (s == 0 || a-s > bound):
			t.Errorf("replica 3 (SIGKILL): %d of %d stored, lost %d, bound %d", s, a, a-s, bound)
		}
	}
}
