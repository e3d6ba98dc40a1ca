package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// cmdHealthcheck: orfix healthcheck [URL] exits 0 when /healthz answers 200.
// It serves the container HEALTHCHECK, where no curl is at hand.
func cmdHealthcheck(ctx context.Context, e env, args []string) (int, error) {
	u := ""
	switch len(args) {
	case 0:
		addr := e.getenv("ORFIX_HTTP_ADDR")
		if addr == "" {
			addr = defaultConfig().HTTP.Addr
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return exitUsage, fmt.Errorf("%w: ORFIX_HTTP_ADDR %q: %v", errUsage, addr, err)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		u = "http://" + net.JoinHostPort(host, port) + "/healthz"
	case 1:
		u = args[0]
	default:
		return exitUsage, fmt.Errorf("%w: orfix healthcheck [URL]", errUsage)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return exitUsage, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return exitNoMatch, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return exitNoMatch, fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	fmt.Fprintln(e.stdout, "ok")
	return exitOK, nil
}
