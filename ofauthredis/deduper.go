package ofauthredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/redis/go-redis/v9"
)

// Each script touches one key, the event's, so it runs atomically on
// whichever node of a Cluster owns that key. A key holds "d" once the event
// was handled, or "p:<token>" while a delivery holds its reservation; both
// expire on Redis's own clock (PX), not the replicas'.
var (
	// KEYS[1] event key; ARGV[1] token; ARGV[2] reservation TTL in ms.
	// Returns 1 when reserved, 0 when already handled, or -n while another
	// holder's reservation has n ms left.
	reserveScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', ARGV[2])
  return 1
end
if v == 'd' then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 1 then ttl = 1 end
return -ttl
`)
	// KEYS[1] event key; ARGV[1] handled TTL in ms.
	commitScript = redis.NewScript(`
redis.call('SET', KEYS[1], 'd', 'PX', ARGV[1])
return 1
`)
	// KEYS[1] event key; ARGV[1] token. Only the holder's own reservation
	// is dropped: one that expired and was taken over stays with its new
	// holder, and a handled id stays handled.
	releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == 'p:' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)
)

// Deduper is an ofauth.WebhookDeduper on Redis, shared by every replica
// that uses the same Redis and key prefix. Create it with NewDeduper; it
// is safe for concurrent use and owns no goroutine.
//
// Reserve claims an event id with a reservation that expires after the
// reservation TTL if its holder dies; Commit records it as handled for the
// handled TTL; Release drops the reservation so a redelivery runs the
// handler again. A caller that finds the id reserved elsewhere polls it,
// a few milliseconds first and backing off to the poll interval, until the
// holder commits, releases or its reservation expires, or ctx ends.
// Polling rather than pub/sub: a duplicate that arrives while the first
// delivery still runs is rare, and polling needs no dedicated connection
// per waiter nor a background subscriber, and works the same on a single
// node, Sentinel and Cluster.
type Deduper struct {
	rdb  redis.UniversalClient
	opts options
	fail *failure

	instance string        // tells this Deduper's reservations from others'
	seq      atomic.Uint64 // numbers its reservations
	mu       sync.Mutex
	tokens   map[string]string // id -> token of the reservations held here
}

var _ ofauth.WebhookDeduper = (*Deduper)(nil)

// NewDeduper returns a Deduper on rdb (a *redis.Client, *redis.ClusterClient
// or a Sentinel-backed client). By default it fails closed: when Redis
// cannot be reached, Reserve returns an error matching ErrUnavailable and
// the webhook handler answers 503, since a duplicate side effect is worse
// than a delivery retried later.
func NewDeduper(rdb redis.UniversalClient, opts ...Option) *Deduper {
	o := newOptions(FailClosed, opts)
	return &Deduper{
		rdb:      rdb,
		opts:     o,
		fail:     &failure{mode: o.failMode, logger: o.logger, what: "deduper", interval: 5 * time.Second},
		instance: randomHex(8),
		tokens:   map[string]string{},
	}
}

func (d *Deduper) key(id string) string { return d.opts.prefix + "dedupe:" + id }

// Reserve implements ofauth.WebhookDeduper.
func (d *Deduper) Reserve(ctx context.Context, id string) (bool, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	token := d.instance + "." + strconv.FormatUint(d.seq.Add(1), 36)
	ttl := millis(d.opts.reservationTTL)
	pause := 5 * time.Millisecond
	for {
		res, err := reserveScript.Run(ctx, d.rdb, []string{d.key(id)}, token, ttl).Int64()
		if err != nil {
			if err := d.fail.handle(ctx, "reserve", err); err != nil {
				return false, err
			}
			return true, nil // fail-open: run the handler
		}
		switch res {
		case 1:
			d.mu.Lock()
			d.tokens[id] = token
			d.mu.Unlock()
			return true, nil
		case 0:
			return false, nil
		}
		// Held elsewhere: look again soon, but not after the reservation
		// has expired.
		wait := min(pause, time.Duration(-res)*time.Millisecond+time.Millisecond)
		if err := sleep(ctx, wait); err != nil {
			return false, err
		}
		pause = min(2*pause, d.opts.pollMax)
	}
}

// Commit implements ofauth.WebhookDeduper: id is recorded as handled for
// the handled TTL, whoever held it.
func (d *Deduper) Commit(ctx context.Context, id string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	d.forget(id)
	ttl := millis(d.opts.handledTTL)
	if err := commitScript.Run(ctx, d.rdb, []string{d.key(id)}, ttl).Err(); err != nil {
		return d.fail.handle(ctx, "commit", err)
	}
	return nil
}

// Release implements ofauth.WebhookDeduper: it drops this Deduper's own
// reservation of id, if it still holds it.
func (d *Deduper) Release(ctx context.Context, id string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	token, ok := d.forget(id)
	if !ok {
		return nil
	}
	if err := releaseScript.Run(ctx, d.rdb, []string{d.key(id)}, token).Err(); err != nil {
		return d.fail.handle(ctx, "release", err)
	}
	return nil
}

func (d *Deduper) forget(id string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	token, ok := d.tokens[id]
	delete(d.tokens, id)
	return token, ok
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// millis formats d for PX, at least 1ms.
func millis(d time.Duration) string {
	return strconv.FormatInt(max(1, d.Milliseconds()), 10)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported platforms
	return hex.EncodeToString(b)
}
