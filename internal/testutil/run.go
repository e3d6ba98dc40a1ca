package testutil

import (
	"context"
	"testing"
	"time"
)

// RunUntilCleanup starts run on its own goroutine with a context that is
// cancelled when the test ends. At the end it waits up to limit for run to
// return: an error from run, or no return within limit, fails the test.
func RunUntilCleanup(t testing.TB, run func(context.Context) error, limit time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(limit):
			t.Errorf("Run did not return within %v after its context was cancelled", limit)
		}
	})
}
