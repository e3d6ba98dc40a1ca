package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestParseMemoryLimit(t *testing.T) {
	cases := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"", 0, false},
		{"off", 0, false},
		{"0", 0, false},
		{"96MiB", 96 << 20, false},
		{"1GiB", 1 << 30, false},
		{"512KiB", 512 << 10, false},
		{"1000000", 1000000, false},
		{"2048B", 2048, false},
		{" 64MiB ", 64 << 20, false},
		{"96MB", 0, true},
		{"-1MiB", 0, true},
		{"lots", 0, true},
		{"99999999999TiB", 0, true},
	}
	for _, c := range cases {
		got, err := parseMemoryLimit(c.in)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d, error %v", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestConfigMemoryLimit(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // RuntimeConfig.MemoryLimit; "" with wantErr
		wantErr    string
	}{
		{"default", "", DefaultMemoryLimit, ""},
		{"set", "runtime:\n  memory_limit: 256MiB\n", "256MiB", ""},
		{"off", "runtime:\n  memory_limit: \"off\"\n", "off", ""},
		{"bad", "runtime:\n  memory_limit: 256MB\n", "", "runtime.memory_limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "orfix.yaml")
			if err := os.WriteFile(path, []byte(c.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := loadConfig(path, func(string) string { return "" })
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error = %v, want one naming %s", err, c.wantErr)
				}
				return
			}
			if err != nil || cfg.Runtime.MemoryLimit != c.want {
				t.Errorf("memory_limit = %q, %v; want %q", cfg.Runtime.MemoryLimit, err, c.want)
			}
		})
	}
}

func TestApplyMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	log := slog.New(slog.DiscardHandler)
	noEnv := func(string) string { return "" }

	applyMemoryLimit(RuntimeConfig{MemoryLimit: "64MiB"}, noEnv, log)
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("limit = %d, want 64MiB", got)
	}
	// GOMEMLIMIT in the environment wins: the runtime read it at start.
	withEnv := func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}
	applyMemoryLimit(RuntimeConfig{MemoryLimit: "32MiB"}, withEnv, log)
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("limit = %d after GOMEMLIMIT, want it left at 64MiB", got)
	}
	applyMemoryLimit(RuntimeConfig{MemoryLimit: "off"}, noEnv, log)
	if got := debug.SetMemoryLimit(-1); got != 64<<20 {
		t.Errorf("limit = %d after off, want it left as it was", got)
	}
}
