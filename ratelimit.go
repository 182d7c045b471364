package ofauth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The Access API's documented per-connection bucket (Pay as You Go and
// Starter plans): 60 requests a minute, bursts of 90.
const (
	DefaultConnectionRatePerMinute = 60
	DefaultConnectionBurst         = 90
)

// WithConnectionRateLimit makes the client pace its own requests per
// connection id with a token bucket of perMinute requests a minute and the
// given burst, so a bulk job stays under the API's limit instead of living
// on 429s. Every attempt, retries included, takes a token; the wait honours
// the call's context. Requests without a connection id are not paced.
//
// When the server answers a 429 with Retry-After (or X-RateLimit-Reset),
// every caller of that connection is held until then, rather than each
// finding the 429 itself; the bucket then restarts empty, so the callers
// resume at the steady rate instead of in one burst into the server's
// barely refilled budget.
//
// The limiter is shared by every goroutine using the client but not by
// other processes: for several replicas, use WithConnectionLimiter with a
// shared limiter (module ofauthredis).
func WithConnectionRateLimit(perMinute float64, burst int) Option {
	return func(c *config) error {
		if !(perMinute > 0) || burst < 1 { // also rejects NaN
			return fmt.Errorf("%w: rate limit needs a positive rate and burst", ErrInvalidOption)
		}
		c.limiter = newConnLimiter(rate.Limit(perMinute/60), burst)
		return nil
	}
}

// connLimiter is the in-process ConnectionLimiter: one token bucket and
// one server-requested pause per connection id.
type connLimiter struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*connBucket
}

type connBucket struct {
	tokens     *rate.Limiter // guarded by connLimiter.mu; replaced by a pause
	pauseUntil time.Time     // guarded by connLimiter.mu
}

// maxIdleBuckets bounds the map: past it, full buckets that are not paused
// (which carry no state) are dropped.
const maxIdleBuckets = 4096

func newConnLimiter(l rate.Limit, burst int) *connLimiter {
	return &connLimiter{limit: l, burst: burst, buckets: map[string]*connBucket{}}
}

// Wait implements ConnectionLimiter: it waits out any server-requested
// pause, then takes a token.
func (l *connLimiter) Wait(ctx context.Context, connID string) error {
	if l == nil || connID == "" {
		return nil
	}
	for {
		tokens, pause := l.bucket(connID)
		if pause > 0 {
			if err := sleepCtx(ctx, pause); err != nil {
				return err
			}
			continue
		}
		now := time.Now()
		r := tokens.ReserveN(now, 1)
		d := r.DelayFrom(now)
		if d == 0 {
			return nil
		}
		if err := sleepCtx(ctx, d); err != nil {
			r.Cancel()
			return err
		}
		// A pause may have begun while this caller waited for its token:
		// honour it rather than send into a 429. The token stays spent.
		if _, pause := l.bucket(connID); pause == 0 {
			return nil
		}
	}
}

// Observe implements ConnectionLimiter: a 429 with Retry-After pauses the
// connection for every caller.
func (l *connLimiter) Observe(_ context.Context, connID string, fb RateLimitFeedback) {
	if l == nil || connID == "" {
		return
	}
	pause := fb.Pause()
	if pause <= 0 {
		return
	}
	at := fb.Received
	if at.IsZero() {
		at = time.Now()
	}
	until := at.Add(pause)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketLocked(connID, time.Now())
	if !until.After(b.pauseUntil) {
		return
	}
	b.pauseUntil = until
	// The bucket restarts with one token at the pause's end. Callers that
	// reserved from the old one see the pause when their wait ends.
	b.tokens = rate.NewLimiter(l.limit, l.burst)
	b.tokens.ReserveN(until, l.burst-1)
}

// bucket returns connID's token bucket and how long it is still paused.
func (l *connLimiter) bucket(connID string) (*rate.Limiter, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b := l.bucketLocked(connID, now)
	return b.tokens, positive(b.pauseUntil.Sub(now))
}

func (l *connLimiter) bucketLocked(connID string, now time.Time) *connBucket {
	b, ok := l.buckets[connID]
	if !ok {
		if len(l.buckets) >= maxIdleBuckets {
			l.dropIdle(now)
		}
		b = &connBucket{tokens: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[connID] = b
	}
	return b
}

func (l *connLimiter) dropIdle(now time.Time) {
	for id, b := range l.buckets {
		if b.tokens.TokensAt(now) >= float64(l.burst) && !b.pauseUntil.After(now) {
			delete(l.buckets, id)
		}
	}
}

// sleepCtx waits d, or returns at once with an error matching
// context.DeadlineExceeded when ctx's deadline comes first, or ctx's error
// when it ends during the wait.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return deadlineError(d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
