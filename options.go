package ofauth

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures a Client; NewClient returns the first option error.
type Option func(*config) error

type config struct {
	baseURL      string
	httpClient   *http.Client
	connectionID string
	maxRetries   int
	retryMin     time.Duration
	retryMax     time.Duration
	logger       *slog.Logger
	userAgent    string
	onAttempt    []func(context.Context, Attempt)
	onCall       []func(context.Context, CallInfo) (context.Context, func(CallResult))
	limiter      ConnectionLimiter

	wrapTransport []func(http.RoundTripper) http.RoundTripper
}

// WithBaseURL sets the API's base URL (default "https://api.ofauth.com").
// A path prefix is kept and a trailing "/" ignored, so a gateway or a test
// server under "/proxy/ofauth" works.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		c.baseURL = u
		return nil
	}
}

// WithHTTPClient sets the base HTTP client; the SDK adds retries around it
// and reads its Transport on every attempt, so httpmock.ActivateNonDefault
// on it works before or after NewClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return fmt.Errorf("%w: nil *http.Client", ErrInvalidOption)
		}
		c.httpClient = hc
		return nil
	}
}

// WithConnectionID sets the default x-connection-id of Access and Vault+
// calls; AccessService.WithConnection overrides it per call site.
func WithConnectionID(id string) Option {
	return func(c *config) error {
		c.connectionID = strings.TrimSpace(id)
		return nil
	}
}

// WithMaxRetries sets how many retries follow the first attempt; 0 turns
// retries off. The default is 3.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("%w: negative retry count %d", ErrInvalidOption, n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryWait sets the backoff bounds (default 500ms and 30s). A server
// that asks to wait longer than max is not waited for: the call returns its
// *APIError with RetryAfter set.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) error {
		if min < 0 || max < min {
			return fmt.Errorf("%w: retry wait bounds %v..%v", ErrInvalidOption, min, max)
		}
		c.retryMin, c.retryMax = min, max
		return nil
	}
}

// WithLogger sets the logger for retries and rate-limit warnings. The
// default is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithUserAgent appends s after "ofauth-go/<Version>" in the User-Agent.
func WithUserAgent(s string) Option {
	return func(c *config) error {
		if strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("%w: user agent contains a line break", ErrInvalidOption)
		}
		c.userAgent = s
		return nil
	}
}

// WithAttemptHook calls fn after every HTTP attempt, retries included, so
// the caller can export metrics: latency, status, error codes, retries and
// the rate-limit budget. fn runs on the calling goroutine and must be quick
// and safe for concurrent use. Several hooks (and WithHooks) all run, in
// the order they were given.
func WithAttemptHook(fn func(Attempt)) Option {
	return func(c *config) error {
		if fn != nil {
			c.onAttempt = append(c.onAttempt, func(_ context.Context, a Attempt) { fn(a) })
		}
		return nil
	}
}
