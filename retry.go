package ofauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
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

// checkRetry runs after every attempt: it records the attempt, lets
// retryDecision judge it and holds the call to its retry budget (the
// client's WithMaxRetries or the call's WithCallMaxRetries), which is
// counted here rather than by go-retryablehttp's RetryMax so that a call
// may allow more retries than the client.
func (c *core) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := stateFrom(ctx)
	if st == nil { // not one of ours; be conservative
		return false, err
	}
	st.attempt++
	st.apiErr, st.bodyErr = nil, nil
	st.status, st.header = 0, nil
	if resp != nil {
		st.status, st.header = resp.StatusCode, resp.Header
	}
	retry, err := c.retryDecision(ctx, st, resp, err)
	if retry && st.attempt > st.maxRetries {
		return false, err
	}
	return retry, err
}

// retryDecision reads the body (so a reset in the middle of it can be
// retried like any network error), decodes error bodies once, reports the
// attempt and decides whether to try again.
func (c *core) retryDecision(ctx context.Context, st *callState, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		st.observe(ctx, c, resp, ctxErr)
		return false, ctxErr
	}
	if re, ok := asRedirectError(err, c.redactor()); ok {
		err = re // the *url.Error around it quotes the Location
		st.observe(ctx, c, resp, err)
		return false, err
	}
	if err != nil {
		err = c.redactErr(err) // before the hook and the logger see it
		st.observe(ctx, c, resp, err)
		var lw *limitWaitError
		if errors.As(err, &lw) {
			return false, lw // nothing was sent and the limiter has decided
		}
		return retryableNetError(err) && (st.idempotent || notSent(err)), nil
	}
	c.observeLimiter(ctx, st, resp)
	body, readErr := readBody(resp, st)
	if readErr != nil {
		readErr = c.redactErr(readErr)
		st.bodyErr = readErr
		st.observe(ctx, c, resp, readErr)
		if errors.Is(readErr, ErrInvalidResponse) {
			return false, nil
		}
		return st.idempotent, nil
	}
	st.body.Reset(body)
	resp.Body = &st.body
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		st.observe(ctx, c, resp, nil)
		return false, nil
	}
	st.apiErr = decodeAPIError(resp.StatusCode, resp.Header, body, c.redactor()) // masked before the hook and the logger see it
	st.observe(ctx, c, resp, nil)
	if !retryableStatus(resp.StatusCode, st.apiErr.Code) {
		return false, nil
	}
	if !st.idempotent && resp.StatusCode != http.StatusTooManyRequests {
		return false, nil // the request reached the server: never double a side effect
	}
	if wait := st.apiErr.RetryAfter; wait > 0 && !c.canWait(ctx, wait) {
		return false, nil // the caller gets the *APIError with RetryAfter at once
	}
	return true, nil
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

// errorHandler runs when retries stop on failure. It hands back the last
// response, so the caller gets its *APIError rather than a generic
// "giving up" message, or the network error as it was.
func errorHandler(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err != nil && resp != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, err
}

// maxResponseBody bounds a successful response body.
const maxResponseBody = 32 << 20

// readBody reads the attempt's body into the call's buffer. An error body
// is read up to maxErrorBody plus the key's length, so that a key echoed
// across maxErrorBody can be masked whole before the body is cut; a
// success body over maxResponseBody is an ErrInvalidResponse.
func readBody(resp *http.Response, st *callState) ([]byte, error) {
	defer resp.Body.Close()
	st.buf.Reset()
	limit := int64(maxResponseBody)
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if !ok {
		limit = int64(maxErrorBody + len(st.c.apiKey()))
	} else if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %s %s: body of %d bytes exceeds %d", ErrInvalidResponse, st.method, st.route, resp.ContentLength, limit)
	}
	if _, err := st.buf.ReadFrom(io.LimitReader(resp.Body, limit+1)); err != nil {
		return nil, err
	}
	if int64(st.buf.Len()) > limit {
		if !ok {
			st.buf.Truncate(int(limit))
			return st.buf.Bytes(), nil
		}
		return nil, fmt.Errorf("%w: %s %s: body exceeds %d bytes", ErrInvalidResponse, st.method, st.route, limit)
	}
	return st.buf.Bytes(), nil
}

// forwardTransport sends every attempt through the user's http.Client
// transport, read at call time so httpmock.ActivateNonDefault works before
// or after NewClient. It deliberately has no CloseIdleConnections: go-
// retryablehttp calls that on every failed call, which would flush the
// connection pool under every other caller.
type forwardTransport struct {
	hc      *http.Client
	limiter ConnectionLimiter // nil: no pacing
}

func (t forwardTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if st := stateFrom(r.Context()); st != nil {
		if err := waitLimiter(r.Context(), t.limiter, st); err != nil {
			closeBody(r)
			return nil, err
		}
		st.start = time.Now()
	}
	rt := t.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return rt.RoundTrip(r)
}

// closeBody honours the RoundTripper contract when no request is sent.
func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}

func newRetryClient(c *core, base *http.Client) *retryablehttp.Client {
	hc := &http.Client{
		Transport:     forwardTransport{hc: attemptClient(base, c.wrapRT), limiter: c.limiter},
		Timeout:       base.Timeout,
		Jar:           base.Jar,
		CheckRedirect: redirectPolicy(base),
	}
	return &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // silent: the SDK logs through its own slog.Logger
		RetryWaitMin: c.retry.min,
		RetryWaitMax: c.retry.max,
		RetryMax:     math.MaxInt32, // the budget is checkRetry's: see there
		CheckRetry:   c.checkRetry,
		Backoff:      backoff,
		ErrorHandler: errorHandler,
	}
}
