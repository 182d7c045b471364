package ofauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry defaults (API.md §Retries).
const (
	defaultMaxRetries = 3
	defaultRetryMin   = 500 * time.Millisecond
	defaultRetryMax   = 30 * time.Second
)

// maxServerWait caps the waits a server asks for (Retry-After,
// X-RateLimit-Reset): a longer one, however large, overflowing values
// included, is read as maxServerWait. Such a wait is never waited out: the
// call returns the *APIError at once with RetryAfter set to the cap.
const maxServerWait = 24 * time.Hour

// The X-RateLimit-* header names in canonical form, so that Header.Get
// finds them without canonicalising (and allocating) on every response.
const (
	headerRateLimitLimit     = "X-Ratelimit-Limit"
	headerRateLimitRemaining = "X-Ratelimit-Remaining"
	headerRateLimitReset     = "X-Ratelimit-Reset"
)

// RateLimit holds the X-RateLimit-* figures of a response. Limit and
// Remaining are -1 when the server did not send them.
type RateLimit struct {
	Limit     int
	Remaining int
	Reset     time.Time // zero when not sent
}

func parseRateLimit(h http.Header) RateLimit {
	rl := RateLimit{Limit: headerInt(h, headerRateLimitLimit), Remaining: headerInt(h, headerRateLimitRemaining)}
	if v := h.Get(headerRateLimitReset); v != "" {
		if _, at, ok := parseReset(v, time.Now()); ok {
			rl.Reset = at
		}
	}
	return rl
}

func headerInt(h http.Header, name string) int {
	v := h.Get(name)
	if v == "" {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// low reports whether less than RateLimitLowPercent of the budget is left.
func (r RateLimit) low() bool {
	return r.Limit > 0 && r.Remaining >= 0 && float64(r.Remaining)*100 < float64(r.Limit)*RateLimitLowPercent
}

// serverWait is how long the response asks the client to wait: Retry-After
// (seconds or an HTTP date), else, on a 429, X-RateLimit-Reset. It is at
// most maxServerWait.
func serverWait(h http.Header, now time.Time) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, ok := parseSeconds(v); ok {
			return secondsWait(secs)
		}
		if at, err := http.ParseTime(v); err == nil {
			return min(positive(at.Sub(now)), maxServerWait) // Sub saturates: no overflow
		}
	}
	if v := h.Get(headerRateLimitReset); v != "" {
		if d, _, ok := parseReset(v, now); ok {
			return d
		}
	}
	return 0
}

// parseSeconds reads a decimal number; a value too large for a float64 is
// +Inf (or -Inf), not an error.
func parseSeconds(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true
}

// secondsWait turns a wait in seconds into a duration: 0 for NaN and
// negative values, maxServerWait for anything at or beyond it.
func secondsWait(secs float64) time.Duration {
	switch {
	case !(secs > 0): // also NaN, which compares false
		return 0
	case secs >= maxServerWait.Seconds():
		return maxServerWait
	}
	return time.Duration(secs * float64(time.Second))
}

// parseReset reads X-RateLimit-Reset, which the API leaves undefined:
// epoch seconds (or milliseconds) for large values, else seconds from now.
// A reset beyond maxServerWait, however far, is read as maxServerWait from
// now.
func parseReset(v string, now time.Time) (time.Duration, time.Time, bool) {
	f, ok := parseSeconds(strings.TrimSpace(v))
	if !ok || !(f >= 0) { // NaN and negative values
		return 0, time.Time{}, false
	}
	ahead := f // seconds from now
	switch {
	case f > 1e12:
		ahead = f/1e3 - float64(now.UnixMilli())/1e3
	case f > 1e9:
		ahead = f - float64(now.Unix())
	}
	if secondsWait(ahead) == maxServerWait {
		return maxServerWait, now.Add(maxServerWait), true
	}
	var at time.Time // f is now within a day of now: the conversions below cannot overflow
	switch {
	case f > 1e12:
		at = time.UnixMilli(int64(f))
	case f > 1e9:
		at = time.Unix(int64(f), 0)
	default:
		at = now.Add(time.Duration(f * float64(time.Second)))
	}
	return positive(at.Sub(now)), at, true
}

func positive(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

// retryPolicy is the SDK's retry configuration.
type retryPolicy struct {
	maxRetries int
	min, max   time.Duration
}

// idempotent methods are retried on every retryable failure; POST and PATCH
// only when nothing reached the server or on 429.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// canWait reports whether a server-requested wait fits the retry cap and
// the context's deadline. A capped wait (maxServerWait) is never waited.
func (c *core) canWait(ctx context.Context, wait time.Duration) bool {
	if wait > c.retry.max || wait >= maxServerWait {
		return false
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return false
	}
	return true
}

func retryableStatus(status int, code string) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return code == CodeRulesOutdated
}

// retryableNetError excludes failures a retry cannot fix: bad certificates,
// TLS spoken to a plain HTTP server, bad URLs, redirect refusals.
func retryableNetError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var certInvalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &certInvalid), errors.As(err, &recordErr), errors.Is(err, http.ErrSchemeMismatch),
		errors.Is(err, ErrRedirectRefused), errors.As(err, new(userRedirectRefusal)), errors.Is(err, context.Canceled):
		return false
	}
	msg := err.Error()
	return !strings.Contains(msg, "unsupported protocol scheme") && !strings.Contains(msg, "invalid header")
}

// notSent reports whether the request certainly never reached the server,
// so that even a POST may be retried: the dial (DNS, refused) failed.
func notSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// backoff is exponential with full jitter between the configured bounds,
// replaced by the server's own wait when it sent one.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		if w := serverWait(resp.Header, time.Now()); w > 0 {
			return w
		}
	}
	return jitter(min, max, attempt)
}

func jitter(min, max time.Duration, attempt int) time.Duration {
	hi := max
	if attempt < 32 && min<<attempt > 0 && min<<attempt < max {
		hi = min << attempt
	}
	if hi <= min {
		return min
	}
	return min + rand.N(hi-min+1)
}
