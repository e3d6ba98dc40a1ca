package slack

import (
	"context"
	"sync"
	"time"

	"github.com/orfix/orfix/bot"
)

// dedupe remembers event ids for a while so that a retried delivery
// (X-Slack-Retry-Num, or a Socket Mode envelope's retry_attempt) is never
// answered twice. It is bounded: ids expire after ttl, and past size the
// oldest go first. All ids share one ttl, so insertion order is expiry
// order and a FIFO queue is enough.
//
// The set lives in this process only. Several replicas behind a load
// balancer each see some retries first, so with WithShared the adapter
// also claims every event id in a store.Shared (a row in PostgreSQL).
type dedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	size  int
	now   func() time.Time
	at    map[string]seenID
	seq   uint64
	queue []seenID // insertion order; queue[head:] may be live
	head  int
}

// seenID is one remembered id, when it was added and its sequence number
// (which tells a queue slot from a later re-add of the same id).
type seenID struct {
	id  string
	at  time.Time
	seq uint64
}

func newDedupe(ttl time.Duration, size int, now func() time.Time) *dedupe {
	return &dedupe{ttl: ttl, size: size, now: now, at: make(map[string]seenID)}
}

// add records id and reports whether it was new. An empty id is always new.
func (d *dedupe) add(id string) bool {
	if id == "" {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	d.expire(now)
	if _, dup := d.at[id]; dup {
		return false
	}
	if len(d.at) >= d.size {
		d.pop()
	}
	d.seq++
	e := seenID{id: id, at: now, seq: d.seq}
	d.at[id] = e
	d.queue = append(d.queue, e)
	return true
}

// forget drops id, so that a delivery refused as busy can be retried.
func (d *dedupe) forget(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.at, id) // its queue slot no longer matches and is skipped
}

// expire drops the ids older than ttl, and skips the slots of forgotten ids.
func (d *dedupe) expire(now time.Time) {
	for d.head < len(d.queue) {
		q := d.queue[d.head]
		if e, ok := d.at[q.id]; ok && e.seq == q.seq {
			if now.Sub(e.at) < d.ttl {
				break
			}
			delete(d.at, q.id)
		}
		d.advance()
	}
	d.compact()
}

// pop drops the oldest live id.
func (d *dedupe) pop() {
	for d.head < len(d.queue) {
		q := d.queue[d.head]
		d.advance()
		if e, ok := d.at[q.id]; ok && e.seq == q.seq {
			delete(d.at, q.id)
			break
		}
	}
	d.compact()
}

func (d *dedupe) advance() {
	d.queue[d.head] = seenID{}
	d.head++
}

// compact moves the live part of the queue to the front once the dead
// part is the larger one.
func (d *dedupe) compact() {
	if d.head > 64 && d.head > len(d.queue)/2 {
		d.queue = append(d.queue[:0:0], d.queue[d.head:]...)
		d.head = 0
	}
}

// len is the number of remembered ids.
func (d *dedupe) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.at)
}

// sharedClaimTimeout bounds the shared de-dup check; Slack wants its
// acknowledgement within 3 seconds.
const sharedClaimTimeout = time.Second

// firstDelivery reports whether this is the first delivery of event id:
// first in this process, then, with a shared store (WithShared), first
// among all replicas. When the shared store cannot answer, the event is
// taken: a rare double answer beats a lost one. When this replica has no
// free slot the shared claim is skipped, so the 503 that follows leaves
// the retry to whichever replica gets it.
func (a *Adapter) firstDelivery(id string) bool {
	if !a.seen.add(id) {
		return false
	}
	if a.shared == nil || id == "" || len(a.slots) == cap(a.slots) {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), sharedClaimTimeout)
	defer cancel()
	ok, err := a.shared.Claim(ctx, "slack-event:"+id, a.dedupeTTL)
	if err != nil {
		a.log.Warn("slack: shared event de-dup unavailable; answering", "event", id, "err", bot.SafeError(err))
		return true
	}
	return ok
}
