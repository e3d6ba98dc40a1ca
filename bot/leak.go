package bot

import (
	"context"
	"time"
)

// LeakTimeout bounds one key-leak removal: delete (or flag), DM, moderator
// alert and public notice.
const LeakTimeout = 30 * time.Second

// LeakContext is the context a key-leak removal runs under: detached from
// ctx's cancellation (a shutdown, an HTTP request that ends, an event
// timeout) so that it is never cut half-way — a key deleted but its owner
// never told — and bounded by LeakTimeout instead. Values of ctx are kept.
func LeakContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), LeakTimeout)
}
