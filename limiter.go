package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// ConnectionLimiter paces the requests of each connection. The Access API
// keeps one rate budget per connection for all of a customer's traffic, so
// a limiter shared by every replica of a service (see the ofauthredis
// module) keeps them all within it; WithConnectionRateLimit is the
// in-process one.
//
// The client calls Wait before every attempt of a call that has a
// connection id, retries included, and Observe after every response to
// such an attempt. Implementations must be safe for concurrent use.
type ConnectionLimiter interface {
	// Wait blocks until a request for connectionID may be sent. It returns
	// an error when the request must not be sent: when ctx ends first (or
	// its deadline falls before the request could go), an error matching
	// ctx's error through errors.Is. The call then fails with that error,
	// without a request and without a retry.
	Wait(ctx context.Context, connectionID string) error
	// Observe reports what the server answered to a request for
	// connectionID, so the limiter can hold every caller of the connection
	// while the server asks to (see RateLimitFeedback.Pause).
	Observe(ctx context.Context, connectionID string, fb RateLimitFeedback)
}

// MaxServerPause bounds RateLimitFeedback.Pause, so that a nonsensical
// Retry-After cannot stall a connection for days.
const MaxServerPause = 5 * time.Minute

// RateLimitFeedback is what one response said about a connection's rate
// budget.
type RateLimitFeedback struct {
	StatusCode int
	// RateLimit holds the X-RateLimit-* figures (-1 and zero when absent).
	RateLimit RateLimit
	// RetryAfter is, on a 429, how long the server asked to wait
	// (Retry-After, else X-RateLimit-Reset); zero otherwise.
	RetryAfter time.Duration
	// Received is when the response arrived, on this machine's clock.
	Received time.Time
}

// Pause returns how long, from Received, every caller of the connection
// should hold off: on a 429, the server's RetryAfter, at most
// MaxServerPause; otherwise zero. A spent budget on a successful response
// (Remaining 0) is no reason to pause: X-RateLimit-Reset tells when the
// whole budget is back, while the next request is allowed much sooner.
func (f RateLimitFeedback) Pause() time.Duration {
	if f.StatusCode != http.StatusTooManyRequests {
		return 0
	}
	return min(positive(f.RetryAfter), MaxServerPause)
}

// WithConnectionLimiter paces every request that carries a connection id
// through l, for instance a limiter shared by all replicas of a service. A
// nil l turns pacing off. Of WithConnectionLimiter and
// WithConnectionRateLimit, the last one given wins.
func WithConnectionLimiter(l ConnectionLimiter) Option {
	return func(c *config) error {
		if isNil(l) {
			c.limiter = nil
			return nil
		}
		c.limiter = l
		return nil
	}
}

// limitWaitError is a ConnectionLimiter's refusal to let an attempt go. It
// ends the call: the limiter has decided, and no retry follows.
type limitWaitError struct {
	connID string
	err    error
}

func (e *limitWaitError) Error() string {
	return fmt.Sprintf("connection %s: rate limit wait: %v", e.connID, e.err)
}

func (e *limitWaitError) Unwrap() error { return e.err }

// waitLimiter asks the limiter before an attempt of st's call.
func waitLimiter(ctx context.Context, l ConnectionLimiter, st *callState) error {
	if l == nil || st.connID == "" {
		return nil
	}
	if err := l.Wait(ctx, st.connID); err != nil {
		return &limitWaitError{connID: st.connID, err: err}
	}
	return nil
}

// observeLimiter tells the limiter what the server answered.
func (c *core) observeLimiter(ctx context.Context, st *callState, resp *http.Response) {
	if c.limiter == nil || st.connID == "" || resp == nil {
		return
	}
	now := time.Now()
	fb := RateLimitFeedback{StatusCode: resp.StatusCode, RateLimit: parseRateLimit(resp.Header), Received: now}
	if resp.StatusCode == http.StatusTooManyRequests {
		fb.RetryAfter = serverWait(resp.Header, now)
	}
	c.limiter.Observe(ctx, st.connID, fb)
}

// deadlineError is the error of a wait that cannot end before ctx's
// deadline: it matches context.DeadlineExceeded without waiting for it.
func deadlineError(wait time.Duration) error {
	return fmt.Errorf("next slot in %v is past the context deadline: %w",
		wait.Round(time.Millisecond), context.DeadlineExceeded)
}
