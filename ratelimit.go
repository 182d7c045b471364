package ofauth

import (
	"context"
	"fmt"
	"sync"

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
// The limiter is shared by every goroutine using the client.
func WithConnectionRateLimit(perMinute float64, burst int) Option {
	return func(c *config) error {
		if perMinute <= 0 || burst < 1 {
			return fmt.Errorf("%w: rate limit needs a positive rate and burst", ErrInvalidOption)
		}
		c.limiter = newConnLimiter(rate.Limit(perMinute/60), burst)
		return nil
	}
}

// connLimiter keeps one token bucket per connection id.
type connLimiter struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// maxIdleBuckets bounds the map: past it, full buckets (which carry no
// state) are dropped.
const maxIdleBuckets = 4096

func newConnLimiter(l rate.Limit, burst int) *connLimiter {
	return &connLimiter{limit: l, burst: burst, buckets: map[string]*rate.Limiter{}}
}

// wait blocks until connID may send a request or ctx ends.
func (l *connLimiter) wait(ctx context.Context, connID string) error {
	if l == nil || connID == "" {
		return nil
	}
	return l.bucket(connID).Wait(ctx)
}

func (l *connLimiter) bucket(connID string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[connID]
	if !ok {
		if len(l.buckets) >= maxIdleBuckets {
			l.dropFull()
		}
		b = rate.NewLimiter(l.limit, l.burst)
		l.buckets[connID] = b
	}
	return b
}

func (l *connLimiter) dropFull() {
	for id, b := range l.buckets {
		if b.Tokens() >= float64(l.burst) {
			delete(l.buckets, id)
		}
	}
}
