package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// CallOption changes one call: it is the trailing variadic parameter of
// every service method. Build one with WithResponseInto, WithHeader,
// WithQuery, WithCallMaxRetries or WithCallTimeout; a nil CallOption is
// ignored. A CallOption holds no state of its own, so one value may be
// reused by any number of calls and goroutines.
type CallOption func(*callSettings) error

// callSettings is what the CallOptions of one call add up to.
type callSettings struct {
	resp       *Response
	header     http.Header   // extra request headers; nil: none
	query      url.Values    // extra query parameters; nil: none
	maxRetries int           // per-call retry budget when hasRetries
	hasRetries bool          // maxRetries overrides the client's
	timeout    time.Duration // 0: none
}

// Response describes the HTTP exchange behind a call; WithResponseInto
// fills one in.
type Response struct {
	StatusCode int           // the last attempt's status; 0 when no response arrived
	Header     http.Header   // the last attempt's response headers; nil when no response arrived
	RequestID  string        // the server's request id (error body or X-Request-Id header), if any
	RateLimit  RateLimit     // the last response's X-RateLimit-* figures (-1 when not sent)
	Attempts   int           // attempts made, retries included; 0 when the call failed before sending
	Duration   time.Duration // the whole call, from the first attempt's preparation to the decoded result
}

// WithResponseInto makes the call fill in *r once it ends, on success and
// on failure alike, so that a caller can read the request id, the
// rate-limit figures and the number of attempts of a call that returned
// no error. For a call that failed before any response (invalid params, a
// refused connection), StatusCode is 0 and Attempts counts the attempts
// made, 0 when nothing was sent; this holds too for a call its method
// refuses before building a request. For an All… iterator, r describes
// the last page fetched. A nil r is ignored.
//
// Each concurrent call needs its own *Response.
func WithResponseInto(r *Response) CallOption {
	return func(s *callSettings) error {
		s.resp = r
		return nil
	}
}

// WithHeader adds a request header to the call, for a header the SDK does
// not send itself (a tracing or idempotency header, say); calling it twice
// with one key sends both values. The headers the SDK owns (apiKey,
// x-connection-id, Content-Type, User-Agent, and the framing headers Host,
// Content-Length and Transfer-Encoding) cannot be set this way: the call
// fails with ErrInvalidParams before any request, as it does for a
// malformed name or a value with a line break.
func WithHeader(key, value string) CallOption {
	return func(s *callSettings) error {
		if err := checkCallHeader(key, value); err != nil {
			return err
		}
		if s.header == nil {
			s.header = make(http.Header, 1)
		}
		s.header.Add(key, value)
		return nil
	}
}

// reservedHeaders are the canonical names WithHeader refuses.
var reservedHeaders = map[string]bool{
	"Apikey":            true,
	"X-Connection-Id":   true,
	"Content-Type":      true,
	"User-Agent":        true,
	"Host":              true,
	"Content-Length":    true,
	"Transfer-Encoding": true,
}

// WithQuery adds query parameters to the call, after those the method sends
// itself (a key both set is sent with both values). It is how
// AccessService.Do reaches an endpoint whose query the path should not
// carry, and how a typed call sends a parameter the SDK does not know yet.
// An empty key fails the call with ErrInvalidParams before any request.
// q is copied; the caller may reuse it.
func WithQuery(q url.Values) CallOption {
	return func(s *callSettings) error {
		for k, vs := range q {
			if k == "" {
				return fmt.Errorf("%w: empty query parameter name", ErrInvalidParams)
			}
			if s.query == nil {
				s.query = make(url.Values, len(q))
			}
			s.query[k] = append(s.query[k], vs...)
		}
		return nil
	}
}

// withExtraQuery returns own with extra appended, leaving own untouched.
func withExtraQuery(own, extra url.Values) url.Values {
	q := make(url.Values, len(own)+len(extra))
	for k, vs := range own {
		q[k] = append([]string(nil), vs...)
	}
	for k, vs := range extra {
		q[k] = append(q[k], vs...)
	}
	return q
}

func checkCallHeader(key, value string) error {
	if !validHeaderName(key) {
		return fmt.Errorf("%w: header name %q", ErrInvalidParams, truncateString(key, 64))
	}
	if reservedHeaders[http.CanonicalHeaderKey(key)] {
		return fmt.Errorf("%w: header %s is set by the client", ErrInvalidParams, http.CanonicalHeaderKey(key))
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("%w: header %s: value has a line break or NUL", ErrInvalidParams, http.CanonicalHeaderKey(key))
	}
	return nil
}

// validHeaderName reports whether key is an RFC 9110 token.
func validHeaderName(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// WithCallMaxRetries sets how many times this call is retried after its
// first attempt, in place of the client's WithMaxRetries; 0 disables
// retries. The retry rules (which failures, which methods) stay the
// client's. A negative n fails the call with ErrInvalidParams.
//
// The name keeps it apart from the client option WithMaxRetries.
func WithCallMaxRetries(n int) CallOption {
	return func(s *callSettings) error {
		if n < 0 {
			return fmt.Errorf("%w: negative retry count %d", ErrInvalidParams, n)
		}
		s.maxRetries, s.hasRetries = n, true
		return nil
	}
}

// WithCallTimeout bounds the whole call, every attempt and every wait
// between them, by d, as a deadline on the call's context: a call that
// runs out fails with an error matching context.DeadlineExceeded. An
// earlier deadline of the caller's context still applies. d must be
// positive, else the call fails with ErrInvalidParams. For an All…
// iterator the bound applies to each page's call.
func WithCallTimeout(d time.Duration) CallOption {
	return func(s *callSettings) error {
		if d <= 0 {
			return fmt.Errorf("%w: call timeout %v is not positive", ErrInvalidParams, d)
		}
		s.timeout = d
		return nil
	}
}

// applyCallOptions adds opts up. Every option runs, so that a response
// target is known even when another option is refused; the first refusal
// is returned.
func applyCallOptions(opts []CallOption) (*callSettings, error) {
	s := &callSettings{}
	var first error
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(s); err != nil && first == nil {
			first = err
		}
	}
	return s, first
}

// start applies the settings that shape the call's context: the timeout.
// The returned cancel func is never nil.
func (s *callSettings) start(ctx context.Context) (context.Context, context.CancelFunc) {
	if s == nil || s.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.timeout)
}

// finish fills the response target, if any, once the call has ended.
func (s *callSettings) finish(c *core, st *callState, began time.Time) {
	if s == nil || s.resp == nil {
		return
	}
	r := Response{RateLimit: RateLimit{Limit: -1, Remaining: -1}, Duration: time.Since(began)}
	if st != nil {
		r.Attempts = st.attempt
		r.StatusCode, r.Header = st.status, st.header
		if st.header != nil {
			r.RateLimit = parseRateLimit(st.header)
			r.RequestID = firstHeader(st.header, "X-Request-Id", "Request-Id", "X-Amzn-Requestid")
		}
		if st.apiErr != nil && st.apiErr.RequestID != "" {
			r.RequestID = st.apiErr.RequestID
		}
		r.RequestID = c.redactor().str(r.RequestID)
	}
	*s.resp = r
}

// refused fills the response target of a call its method refuses before
// building any request (a missing argument, say), so that the target never
// keeps an earlier call's figures; it returns err.
func refused(opts []CallOption, err error) error {
	if len(opts) > 0 {
		if s, _ := applyCallOptions(opts); s.resp != nil {
			*s.resp = Response{RateLimit: RateLimit{Limit: -1, Remaining: -1}}
		}
	}
	return err
}
