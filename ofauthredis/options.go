package ofauthredis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ofauth-go/ofauth"
)

// ErrUnavailable is returned, wrapped around Redis's own error, when Redis
// cannot be reached and the fail mode is FailClosed. Match it with
// errors.Is.
var ErrUnavailable = errors.New("ofauthredis: redis unavailable")

// FailMode says what a Deduper or Limiter does when Redis cannot be
// reached (connection refused, timeout, any error but the caller's own
// context ending).
type FailMode int

const (
	// FailDefault is the component's default: FailOpen for a Limiter,
	// FailClosed for a Deduper.
	FailDefault FailMode = iota
	// FailOpen proceeds as if Redis had said yes, and logs: a Limiter lets
	// the request go; a Deduper lets the handler run (a duplicate delivery
	// may then run it twice).
	FailOpen
	// FailClosed returns an error matching ErrUnavailable: a Limiter's call
	// fails without a request; a Deduper's webhook handler answers 503, so
	// OFAuth delivers the event again later.
	FailClosed
)

func (m FailMode) String() string {
	switch m {
	case FailOpen:
		return "fail-open"
	case FailClosed:
		return "fail-closed"
	}
	return "default"
}

// Defaults of the options.
const (
	// DefaultKeyPrefix starts every key this package writes.
	DefaultKeyPrefix = "ofauth:"
	// DefaultReservationTTL is how long a Deduper's reservation lives when
	// its holder neither commits nor releases it (it died): a redelivery
	// then runs the handler. Keep it above the handler's longest run.
	DefaultReservationTTL = 2 * time.Minute
)

// Option configures a Deduper or a Limiter. Options that do not apply to
// the component they are given to are ignored.
type Option func(*options)

type options struct {
	prefix         string
	handledTTL     time.Duration
	reservationTTL time.Duration
	failMode       FailMode
	logger         *slog.Logger
	pollMax        time.Duration
}

func newOptions(def FailMode, opts []Option) options {
	o := options{
		prefix:         DefaultKeyPrefix,
		handledTTL:     ofauth.DefaultDedupeTTL,
		reservationTTL: DefaultReservationTTL,
		logger:         slog.Default(),
		pollMax:        250 * time.Millisecond,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.failMode != FailOpen && o.failMode != FailClosed {
		o.failMode = def
	}
	return o
}

// WithKeyPrefix sets the prefix of every key (default DefaultKeyPrefix),
// so that several services or environments can share one Redis.
func WithKeyPrefix(p string) Option {
	return func(o *options) { o.prefix = p }
}

// WithHandledTTL sets how long a Deduper remembers a handled event id
// (default ofauth.DefaultDedupeTTL). Zero or negative keeps the default.
func WithHandledTTL(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.handledTTL = d
		}
	}
}

// WithReservationTTL sets how long a Deduper's reservation outlives a
// holder that died mid-handler (default DefaultReservationTTL). Zero or
// negative keeps the default.
func WithReservationTTL(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.reservationTTL = d
		}
	}
}

// WithFailMode sets what happens when Redis cannot be reached (see
// FailMode). The defaults: a Limiter fails open, a Deduper fails closed.
func WithFailMode(m FailMode) Option {
	return func(o *options) { o.failMode = m }
}

// WithLogger sets where failures are logged (default slog.Default(), at
// most one line per component every few seconds); nil silences them.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// WithPollInterval bounds how long a Deduper's waiting caller sleeps
// between two looks at a reservation held elsewhere (default 250ms; the
// first look comes after a few milliseconds, each next one twice later).
func WithPollInterval(max time.Duration) Option {
	return func(o *options) {
		if max > 0 {
			o.pollMax = max
		}
	}
}

// failure handles an error from Redis: the caller's own context error is
// returned as is; otherwise the fail mode decides. It returns nil to
// proceed (fail-open).
type failure struct {
	mode     FailMode
	logger   *slog.Logger
	what     string
	lastLog  atomic.Int64 // unix nanoseconds of the last log line
	interval time.Duration
}

func (f *failure) handle(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if f.mode == FailClosed {
		return fmt.Errorf("%w: %s %s: %w", ErrUnavailable, f.what, op, err)
	}
	f.log(ctx, op, err)
	return nil
}

// log reports a failure, at most once per interval: a Redis outage must
// not turn into a log line per request.
func (f *failure) log(ctx context.Context, op string, err error) {
	if f.logger == nil {
		return
	}
	now := time.Now().UnixNano()
	last := f.lastLog.Load()
	if now-last < int64(f.interval) || !f.lastLog.CompareAndSwap(last, now) {
		return
	}
	f.logger.LogAttrs(ctx, slog.LevelWarn, "ofauthredis: redis unavailable, proceeding ("+f.mode.String()+")",
		slog.String("component", f.what), slog.String("op", op), slog.String("error", err.Error()))
}
