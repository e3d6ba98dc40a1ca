package store

// counter is one [MemShared] counter. While it holds at most exactEvents
// live events it keeps their times; past that it switches to
// counterBuckets fixed buckets spanning its window, each holding how many
// events fell in it, so a counter hit on every request (the incident
// detector's per-entry counts) costs a fixed few hundred bytes however busy
// it is. In bucket mode an event is counted until its whole bucket has left
// the window: up to window/(counterBuckets-1) longer than exactly (a count may
// be a little high, never low).
//
// Times are Unix nanoseconds. A counter keeps events for the longest window
// it was hit with; callers use one window per key.
//
// The buckets span a little more than the window, so that the slots a
// window touches at both of its ends never share a bucket.
type counter struct {
	window  int64   // longest window hit with
	last    int64   // newest event
	times   []int64 // exact mode: event times, oldest first
	buckets *[counterBuckets]bucket
	width   int64 // bucket mode: nanoseconds per bucket
}

// bucket counts the events of one time slot (slot = time / width).
type bucket struct {
	slot int64
	n    int64
}

const (
	exactEvents    = 64 // as many bytes as the buckets
	counterBuckets = 32
)

// add records an event at now, in a window of at least window.
func (c *counter) add(now, window int64) {
	c.window = max(c.window, window)
	c.last = max(c.last, now)
	if c.buckets != nil {
		c.put(now)
		return
	}
	cut := now - c.window
	i := 0
	for i < len(c.times) && c.times[i] <= cut {
		i++
	}
	if i > 0 {
		c.times = append(c.times[:0], c.times[i:]...)
	}
	if len(c.times) < exactEvents {
		c.times = append(c.times, now)
		return
	}
	// A window spans counterBuckets-1 whole slots and parts of two more:
	// every slot it touches keeps its own bucket.
	c.width = max(c.window/(counterBuckets-1)+1, 1)
	c.buckets = new([counterBuckets]bucket)
	for _, t := range c.times {
		c.put(t)
	}
	c.times = nil
	c.put(now)
}

// put adds an event at t to its bucket, reusing the slot of an old one.
func (c *counter) put(t int64) {
	slot := t / c.width
	b := &c.buckets[uint64(slot)%counterBuckets]
	if b.slot != slot {
		b.slot, b.n = slot, 0
	}
	b.n++
}

// count returns how many events fell within window before now.
func (c *counter) count(now, window int64) int {
	cut := now - window
	n := 0
	if c.buckets == nil {
		for _, t := range c.times {
			if t > cut {
				n++
			}
		}
		return n
	}
	for _, b := range c.buckets {
		if b.n > 0 && (b.slot+1)*c.width > cut && b.slot*c.width <= now {
			n += int(b.n)
		}
	}
	return n
}

// idle reports whether the counter holds no event any caller still counts.
func (c *counter) idle(now int64) bool {
	return now-c.last > min(c.window, maxWindow)
}
