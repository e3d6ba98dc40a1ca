package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is one fresh server process under measurement.
type server struct {
	cmd   *exec.Cmd
	base  string
	log   string        // the file its stderr goes to
	start time.Duration // exec to the first 200 from /healthz (alive)
	ready time.Duration // exec to the first 200 from /readyz (orfix; the floor: as start)
}

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts kind ("orfix" or "floor") in dir and waits until its
// /healthz answers (start) and, for orfix, its /readyz (ready).
func startServer(ctx context.Context, cfg ratioConfig, kind, dir string, conns, rep int) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	var cmd *exec.Cmd
	switch kind {
	case "floor":
		cmd = exec.CommandContext(ctx, filepath.Join(cfg.bin, "orfix-floor"), "-addr", addr, "-slack-secret", cfg.secret)
	case "orfix":
		conf := filepath.Join(dir, "orfix.yaml")
		// No per-client limit: every request comes from one loopback address.
		yaml := fmt.Sprintf("http:\n  addr: %s\n  client_rate: 0\nstore:\n  path: %s\nlog:\n  format: json\n", addr, filepath.Join(dir, "orfix.db"))
		if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
			return nil, err
		}
		args := []string{"serve", "-config", conf}
		if cfg.profiles != "" {
			name := filepath.Join(cfg.profiles, fmt.Sprintf("orfix-c%d-rep%d", conns, rep))
			args = append(args, "-cpuprofile", name+".pprof", "-memprofile", name+".heap")
		}
		cmd = exec.CommandContext(ctx, filepath.Join(cfg.bin, "orfix"), args...)
		cmd.Env = append(os.Environ(), "SLACK_SIGNING_SECRET="+cfg.secret)
		if cfg.storeURL != "" {
			// PostgreSQL needs a salt every replica shares; any fixed one does here.
			cmd.Env = append(cmd.Env, "ORFIX_DATABASE_URL="+cfg.storeURL, "ORFIX_STORE_SALT=orfix-ratio-load-salt")
		}
	default:
		return nil, fmt.Errorf("unknown server %q", kind)
	}
	logPath := filepath.Join(dir, kind+".log")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logPath}
	client := &http.Client{Timeout: time.Second}
	deadline := t0.Add(20 * time.Second)
	var ok bool
	if s.start, ok = waitFor(client, s.base+"/healthz", t0, deadline); !ok {
		s.stop()
		return nil, fmt.Errorf("%s did not answer /healthz within 20s (see %s)", kind, logPath)
	}
	s.ready = s.start // the floor is ready when it is alive
	if kind == "orfix" {
		if s.ready, ok = waitFor(client, s.base+"/readyz", t0, deadline); !ok {
			s.stop()
			return nil, fmt.Errorf("%s did not answer /readyz within 20s (see %s)", kind, logPath)
		}
	}
	return s, nil
}

// waitFor polls url every millisecond until it answers 200 or deadline
// passes, and returns the time since t0 it took.
func waitFor(client *http.Client, url string, t0, deadline time.Time) (time.Duration, bool) {
	for ; time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		resp, err := client.Get(url)
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return time.Since(t0), true
		}
	}
	return 0, false
}

// cpuTicks is the process's user plus system CPU time in clock ticks.
func (s *server) cpuTicks() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64) // utime is field 14
	st, err2 := strconv.ParseInt(f[12], 10, 64) // stime is field 15
	return ut + st, errors.Join(err1, err2)
}

// clockTick is Linux's USER_HZ, the unit of /proc/<pid>/stat times.
const clockTick = 10 * time.Millisecond

// peakRSS is the process's VmHWM in bytes.
func (s *server) peakRSS() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM")
}

// stop sends SIGTERM and waits for the process to exit (SIGKILL after 15s).
func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// storeCounts reads what orfix logged at shutdown: "store flushed" with
// the records written and dropped. ok is false when it logged no such line.
func storeCounts(logPath string) (written, dropped int64, ok bool) {
	f, err := os.Open(logPath)
	if err != nil {
		return 0, 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		var rec struct {
			Msg     string `json:"msg"`
			Written int64  `json:"written"`
			Dropped int64  `json:"dropped"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "store flushed" {
			written, dropped, ok = rec.Written, rec.Dropped, true
		}
	}
	return written, dropped, ok
}
