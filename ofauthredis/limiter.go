package ofauthredis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/redis/go-redis/v9"
)

// A connection's key is a hash whose field "t" is the GCRA's theoretical
// arrival time in microseconds of Redis's clock (TIME), so replicas whose
// clocks disagree still share one budget. A server pause moves it forward:
// the next request goes when the pause ends, then one per interval, with
// no burst into the server's barely refilled budget. Each script touches
// that one key only.
var (
	// KEYS[1] connection key; ARGV[1] emission interval (µs per request);
	// ARGV[2] burst tolerance (µs). Returns 0 when the request may go
	// (and takes its slot), else the µs to wait before asking again.
	takeScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('HGET', KEYS[1], 't'))
if not tat or tat < now then tat = now end
local nxt = tat + tonumber(ARGV[1])
local allowAt = nxt - tonumber(ARGV[2])
if allowAt > now then return math.max(1, math.ceil(allowAt - now)) end
redis.call('HSET', KEYS[1], 't', string.format('%.0f', nxt))
redis.call('PEXPIRE', KEYS[1], math.ceil((nxt - now) / 1000) + 1000)
return 0
`)
	// KEYS[1] connection key; ARGV[1] pause (µs from now on Redis's
	// clock); ARGV[2] emission interval; ARGV[3] burst tolerance. Makes the
	// next slot the pause's end; never brings it earlier.
	pauseScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local held = now + tonumber(ARGV[1]) + tonumber(ARGV[3]) - tonumber(ARGV[2])
local tat = tonumber(redis.call('HGET', KEYS[1], 't'))
if tat and tat >= held then return 0 end
redis.call('HSET', KEYS[1], 't', string.format('%.0f', held))
redis.call('PEXPIRE', KEYS[1], math.ceil((held - now) / 1000) + 1000)
return 1
`)
)

// Limiter is an ofauth.ConnectionLimiter on Redis: one budget per
// connection id, shared by every replica that uses the same Redis and key
// prefix, plus the pause a 429 with Retry-After asks for. Create it with
// NewLimiter and pass it to ofauth.WithConnectionLimiter. It is safe for
// concurrent use and owns no goroutine.
//
// The budget is a GCRA (the token bucket's arithmetic on one timestamp)
// kept in one atomic script per request, on Redis's clock; after a pause
// the callers resume one per interval, not in a burst. A caller that
// must wait sleeps until its slot (with a little jitter, so waiters do not
// all ask at once) and asks again; a wait that cannot end before ctx's
// deadline returns at once with an error matching
// context.DeadlineExceeded.
type Limiter struct {
	rdb      redis.UniversalClient
	opts     options
	fail     *failure
	interval int64 // µs per request
	tol      int64 // burst tolerance, µs
	err      error // invalid parameters
}

var _ ofauth.ConnectionLimiter = (*Limiter)(nil)

// NewLimiter returns a Limiter that lets each connection send perMinute
// requests a minute, and bursts of burst, across all replicas (the API's
// documented budget is ofauth.DefaultConnectionRatePerMinute and
// ofauth.DefaultConnectionBurst). A non-positive rate or burst makes every
// Wait fail with an error matching ofauth.ErrInvalidOption.
//
// By default it fails open: when Redis cannot be reached, requests go
// unpaced and the failure is logged; the server's 429s and the client's
// retries still apply.
func NewLimiter(rdb redis.UniversalClient, perMinute float64, burst int, opts ...Option) *Limiter {
	o := newOptions(FailOpen, opts)
	l := &Limiter{
		rdb:  rdb,
		opts: o,
		fail: &failure{mode: o.failMode, logger: o.logger, what: "limiter", interval: 5 * time.Second},
	}
	if !(perMinute > 0) || burst < 1 || math.IsInf(perMinute, 0) {
		l.err = fmt.Errorf("%w: ofauthredis: limiter needs a positive rate and burst (got %v a minute, burst %d)",
			ofauth.ErrInvalidOption, perMinute, burst)
		return l
	}
	l.interval = max(1, int64(math.Round(60e6/perMinute)))
	l.tol = l.interval * int64(burst)
	return l
}

func (l *Limiter) key(connID string) string { return l.opts.prefix + "limit:" + connID }

// Wait implements ofauth.ConnectionLimiter.
func (l *Limiter) Wait(ctx context.Context, connectionID string) error {
	if l.err != nil {
		return l.err
	}
	key := l.key(connectionID)
	interval, tol := strconv.FormatInt(l.interval, 10), strconv.FormatInt(l.tol, 10)
	for {
		us, err := takeScript.Run(ctx, l.rdb, []string{key}, interval, tol).Int64()
		if err != nil {
			return l.fail.handle(ctx, "wait", err)
		}
		if us <= 0 {
			return nil
		}
		wait := time.Duration(us) * time.Microsecond
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return fmt.Errorf("ofauthredis: next slot in %v is past the context deadline: %w",
				wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		// Up to a tenth of an interval later, so the callers woken for one
		// slot do not all ask in the same instant.
		wait += time.Duration(rand.Int64N(l.interval/10+1)) * time.Microsecond // #nosec G404 -- jitter, not a secret
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Observe implements ofauth.ConnectionLimiter: when the server asks callers
// to hold off (a 429 with Retry-After), it pauses the connection for every
// replica. A failure to record the pause is logged: the server's 429s
// still pace the callers.
func (l *Limiter) Observe(ctx context.Context, connectionID string, fb ofauth.RateLimitFeedback) {
	pause := fb.Pause()
	if pause <= 0 || l.err != nil {
		return
	}
	// The pause is measured from when the response arrived; the time since
	// then has already passed on Redis's clock too.
	if !fb.Received.IsZero() {
		pause -= time.Since(fb.Received)
	}
	if pause <= 0 {
		return
	}
	us := strconv.FormatInt(pause.Microseconds(), 10)
	interval, tol := strconv.FormatInt(l.interval, 10), strconv.FormatInt(l.tol, 10)
	if err := pauseScript.Run(ctx, l.rdb, []string{l.key(connectionID)}, us, interval, tol).Err(); err != nil && ctx.Err() == nil {
		l.fail.log(ctx, "observe", err)
	}
}
