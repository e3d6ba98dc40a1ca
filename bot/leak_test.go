package bot

import (
	"context"
	"testing"
	"time"
)

// TestLeakContextOutlivesCancel: a removal started under a request that is
// cancelled goes on, within its own deadline.
func TestLeakContextOutlivesCancel(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	ctx, stop := LeakContext(parent)
	defer stop()
	cancel()
	if err := ctx.Err(); err != nil {
		t.Fatalf("cancelled with its request: %v", err)
	}
	dl, ok := ctx.Deadline()
	if !ok || time.Until(dl) > LeakTimeout || time.Until(dl) < LeakTimeout-time.Second {
		t.Errorf("deadline %v, want about %v from now", dl, LeakTimeout)
	}
}
