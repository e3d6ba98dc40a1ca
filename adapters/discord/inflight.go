package discord

import (
	"sync"
	"time"
)

// inflight bounds and tracks the Gateway's event handlers: at most cap
// run at once, and Run waits for those started before it returns, so a
// shutdown loses none of them. discordgo calls each handler in its own
// goroutine; a handler that finds every slot busy for slotWait drops its
// event (the Gateway does not redeliver, but a flood must not pile up
// goroutines without end).
type inflight struct {
	slots  chan struct{}
	mu     sync.Mutex // guards closed against Add racing Wait
	closed bool
	wg     sync.WaitGroup
}

// maxInflight is how many Gateway events are handled at once (as Slack's).
const maxInflight = 64

// slotWait is how long an event waits for a free slot before it is dropped.
const slotWait = 2 * time.Second

func newInflight(n int) *inflight { return &inflight{slots: make(chan struct{}, n)} }

// start takes a slot and counts one handler; false means the event must be
// dropped (no slot within slotWait, or shutting down). A true start must be
// followed by done.
func (f *inflight) start() bool {
	t := time.NewTimer(slotWait)
	defer t.Stop()
	select {
	case f.slots <- struct{}{}:
	case <-t.C:
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		<-f.slots
		return false
	}
	f.wg.Add(1)
	return true
}

// done gives back the slot of a started handler.
func (f *inflight) done() {
	<-f.slots
	f.wg.Done()
}

// close refuses new handlers and waits for the started ones.
func (f *inflight) close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	f.wg.Wait()
}
