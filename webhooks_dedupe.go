package ofauth

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// WebhookDeduper remembers which webhook event ids were handled, so that a
// redelivery of an event already handled successfully is acknowledged
// without running the handler again. OFAuth retries a delivery that failed
// or timed out, and a retry can arrive while the first attempt still runs.
//
// The handler calls Reserve before running, then Commit after success or
// Release after failure. An implementation over a shared store (Redis,
// SQL) lets several instances of a service share the record; it should let
// a reservation expire in case its holder dies.
type WebhookDeduper interface {
	// Reserve claims id. It returns true when the caller now holds the
	// claim and must Commit or Release it, and false when id was already
	// committed. While another caller holds the claim it waits for the
	// outcome, or returns ctx's error when ctx ends first.
	Reserve(ctx context.Context, id string) (bool, error)
	// Commit records id as handled and ends the claim.
	Commit(ctx context.Context, id string) error
	// Release ends the claim without recording id, so a redelivery runs
	// the handler again.
	Release(ctx context.Context, id string) error
}

// Defaults of MemoryDeduper. OFAuth gives up on a delivery within hours, so
// a day of memory covers every redelivery.
const (
	// DefaultDedupeTTL is how long a handled id is remembered.
	DefaultDedupeTTL = 24 * time.Hour
	// DefaultDedupeMaxEntries is how many handled ids are remembered.
	DefaultDedupeMaxEntries = 100_000
)

// MemoryDeduper is the in-process WebhookDeduper that NewWebhookHandler
// uses by default. It keeps at most a fixed number of handled ids, each for
// a fixed time, dropping the oldest first. Expired ids are dropped as calls
// come in: it starts no goroutine. The zero value is ready to use with the
// defaults; a MemoryDeduper must not be copied after first use.
type MemoryDeduper struct {
	mu         sync.Mutex
	maxEntries int
	ttl        time.Duration
	now        func() time.Time // nil: time.Now
	entries    map[string]*dedupeEntry
	handled    list.List // of *dedupeEntry, committed ones, oldest first
}

// dedupeEntry is a claimed id (pending != nil) or a handled one.
type dedupeEntry struct {
	id      string
	pending chan struct{} // closed when the claim ends
	expires time.Time
	elem    *list.Element
}

// NewMemoryDeduper returns a MemoryDeduper that remembers at most
// maxEntries handled ids, each for ttl. Zero or negative values mean the
// defaults (DefaultDedupeMaxEntries, DefaultDedupeTTL).
func NewMemoryDeduper(maxEntries int, ttl time.Duration) *MemoryDeduper {
	return &MemoryDeduper{maxEntries: maxEntries, ttl: ttl}
}

// Reserve implements WebhookDeduper.
func (d *MemoryDeduper) Reserve(ctx context.Context, id string) (bool, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	for {
		d.mu.Lock()
		d.expire()
		e := d.entries[id]
		if e == nil {
			d.entries[id] = &dedupeEntry{id: id, pending: make(chan struct{})}
			d.mu.Unlock()
			return true, nil
		}
		wait := e.pending
		d.mu.Unlock()
		if wait == nil {
			return false, nil
		}
		// Another delivery of the same event is running: wait for its
		// outcome rather than answer before knowing it succeeded.
		select {
		case <-wait:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// Commit implements WebhookDeduper. Committing an id that was not reserved
// records it as handled too.
func (d *MemoryDeduper) Commit(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire()
	e := d.entries[id]
	if e == nil {
		e = &dedupeEntry{id: id}
		d.entries[id] = e
	}
	if e.pending != nil {
		close(e.pending)
		e.pending = nil
	}
	if e.elem != nil {
		d.handled.Remove(e.elem)
	}
	e.expires = d.clock().Add(d.entryTTL())
	e.elem = d.handled.PushBack(e)
	for d.handled.Len() > d.limit() {
		d.drop(d.handled.Front())
	}
	return nil
}

// Release implements WebhookDeduper. Releasing an id that was committed
// does not forget it.
func (d *MemoryDeduper) Release(_ context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e := d.entries[id]; e != nil && e.pending != nil {
		close(e.pending)
		delete(d.entries, id)
	}
	return nil
}

// Len returns the number of ids remembered or claimed.
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.expire()
	return len(d.entries)
}

// expire initialises d and drops the handled ids whose time is up. The
// list is in commit order and the TTL is fixed, so expired ids are at its
// front: each call does work proportional to what it drops.
func (d *MemoryDeduper) expire() {
	if d.entries == nil {
		d.entries = make(map[string]*dedupeEntry)
	}
	now := d.clock()
	for el := d.handled.Front(); el != nil && !now.Before(el.Value.(*dedupeEntry).expires); el = d.handled.Front() {
		d.drop(el)
	}
}

func (d *MemoryDeduper) drop(el *list.Element) {
	e := d.handled.Remove(el).(*dedupeEntry)
	if d.entries[e.id] == e {
		delete(d.entries, e.id)
	}
}

func (d *MemoryDeduper) clock() time.Time {
	if d.now != nil {
		return d.now()
	}
	return time.Now()
}

func (d *MemoryDeduper) entryTTL() time.Duration {
	if d.ttl > 0 {
		return d.ttl
	}
	return DefaultDedupeTTL
}

func (d *MemoryDeduper) limit() int {
	if d.maxEntries > 0 {
		return d.maxEntries
	}
	return DefaultDedupeMaxEntries
}
