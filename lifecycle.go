package ofauth

// The request lifecycle: every SDK call goes through core.do, and this file
// holds it from start to end. In order:
//
//  1. Settle. The call's options are added up (a refused one ends the call
//     before anything is built), WithCallTimeout bounds the context and
//     the Call hooks start; their context parents everything below.
//  2. Build. The route's placeholders are filled and checked, the query
//     and JSON body encoded and the headers set, once (newRequest). A JSON
//     or raw body is resent as is on every attempt; a streamed body is
//     reopened for each attempt.
//  3. Send. go-retryablehttp runs the attempts with a retryablehttp.Client
//     made for this call inside its callState (callState.retrier), so that
//     every callback it runs reaches the call's state directly. Its
//     http.Client sends through the call's own RoundTripper
//     (callState.RoundTrip), which waits for the connection limiter,
//     stamps the attempt's start and passes the request to the user's
//     transport, wrapped by the Transport hooks.
//  4. Read and judge, after every attempt (callState.checkRetry). The body
//     is read whole into the call's pooled buffer, within its bound, so a
//     reset in the middle of it is retried like any network failure; an
//     error response is classified once into an *APIError (errors.go);
//     the attempt is observed (Attempt hooks, the logger, the limiter's
//     feedback); and the retry rules of retry.go decide. The response goes
//     back to go-retryablehttp with its body in memory, so the drain it
//     does before a retry costs no I/O and leaves nothing unread.
//  5. Wait. Before a retry go-retryablehttp asks backoff (retry.go) for the
//     wait and sleeps it unless the context ends first. The retry budget is
//     the retrier's RetryMax: the client's WithMaxRetries or the call's
//     WithCallMaxRetries.
//  6. Give up. When the budget is spent or the rules say stop on a
//     failure, errorHandler hands back the last response, so the caller
//     gets its *APIError rather than a generic "giving up" error.
//  7. Classify the outcome: a transport or context failure (callError,
//     which keeps an earlier attempt's *APIError reachable), a body-read
//     failure, an error response (finishAPIError), or success.
//  8. Decode a success body in one pass (decode.go) and check its shape
//     against the endpoint's (shape.go).
//  9. Report. The Call hooks' end and the WithResponseInto target are
//     filled from the call's state, on success and failure alike.
//
// The call's state lives in one *callState, reached by the retrier's
// callbacks through their receiver, never through the context. The
// request context carries only the call's identity, a CallInfo that no
// step reads back: it is there for observers (CallFromContext), in a
// Transport hook, an Attempt hook, a log handler or the user's own
// transport.
//
// Every behaviour of go-retryablehttp this relies on is pinned by a test
// against the required version (retryablehttp_pin_test.go).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// callState follows one call through its attempts.
type callState struct {
	c          *core
	method     string
	route      string
	template   string // route, or its bounded stand-in for telemetry
	connID     string
	idempotent bool
	attempt    int
	start      time.Time
	buf        *bytes.Buffer // the current attempt's body
	body       bodyReader    // hands buf back to go-retryablehttp as resp.Body
	apiErr     *APIError     // the current attempt's error response
	last       Attempt       // the latest attempt, for the call's outcome
	bodyErr    error         // the current attempt's body read failure
	maxRetries int           // retries allowed after the first attempt
	status     int           // the latest attempt's status; 0: no response
	header     http.Header   // the latest attempt's response headers; nil: no response

	info CallInfo             // the call's identity, for observers of the request context
	rc   retryablehttp.Client // the call's retrier; see retrier
	hc   http.Client          // the retrier's client: the base client's settings, the call's transport
}

// callInfoKey is the request-context key of the call's *CallInfo.
type callInfoKey struct{}

// do runs one call; see the top of this file.
func (c *core) do(ctx context.Context, r *request) (err error) {
	if ctx == nil {
		return fmt.Errorf("%w: nil context", ErrInvalidParams)
	}
	var st *callState
	var call *callSettings // nil unless the caller passed CallOptions
	if len(r.opts) > 0 {
		began := time.Now()
		var optErr error
		if call, optErr = applyCallOptions(r.opts); optErr != nil {
			call.finish(c, nil, began)
			return optErr
		}
		var cancel context.CancelFunc
		ctx, cancel = call.start(ctx)
		defer cancel()
		defer func() { call.finish(c, st, began) }()
	}
	if c.onCall != nil {
		var end func(*callState, error)
		ctx, end = c.startCall(ctx, r)
		defer func() { end(st, err) }()
	}
	if r.needsConn && r.connID == "" {
		return ErrNoConnection
	}
	path, err := expandRoute(r.route, r.args)
	if err != nil {
		return err
	}
	st = &callState{c: c, method: r.method, route: r.route, template: r.telemetryRoute(), connID: r.connID, idempotent: idempotent(r.method), maxRetries: c.retry.maxRetries}
	var extra http.Header
	if call != nil {
		extra = call.header
		if call.hasRetries {
			st.maxRetries = call.maxRetries
		}
		if len(call.query) > 0 {
			withQuery := *r
			withQuery.query = withExtraQuery(r.query, call.query)
			r = &withQuery
		}
	}
	st.info = CallInfo{Method: st.method, Route: st.template, Host: c.host, Port: c.port, ConnectionID: st.connID}
	ctx = context.WithValue(ctx, callInfoKey{}, &st.info)
	req, err := c.newRequest(ctx, r, path, extra)
	if err != nil {
		return err
	}
	st.buf = c.bufs.get()
	defer c.bufs.put(st.buf)

	resp, err := st.retrier().Do(req)
	if err != nil {
		return c.callError(st, err)
	}
	defer resp.Body.Close()
	if st.bodyErr != nil {
		return c.callError(st, st.bodyErr)
	}
	if st.apiErr != nil {
		return c.finishAPIError(st)
	}
	if r.respHeader != nil {
		for k, v := range resp.Header {
			r.respHeader[k] = v
		}
	}
	return decodeInto(st.buf.Bytes(), r.out, st)
}

// newRequest builds the first attempt; extra holds the caller's
// WithHeader headers, already checked not to clash with the SDK's own.
func (c *core) newRequest(ctx context.Context, r *request, path string, extra http.Header) (*retryablehttp.Request, error) {
	u := c.baseURL + path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body any
	contentType := ""
	var stream *streamBody
	switch {
	case r.stream != nil:
		stream = &streamBody{open: r.stream}
		body = retryablehttp.ReaderFunc(stream.attempt)
		contentType = r.contentType
	case r.raw != nil:
		body, contentType = r.raw, r.contentType
	case !isNil(r.body):
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("%w: encoding the request body: %w", ErrInvalidParams, err)
		}
		body, contentType = b, "application/json"
	case r.method == http.MethodPost || r.method == http.MethodPut || r.method == http.MethodPatch:
		if r.body != nil { // a typed nil params pointer: an empty JSON object
			body, contentType = []byte("{}"), "application/json"
		}
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, u, body)
	if stream != nil {
		stream.built = true
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrInvalidParams, r.method, r.route, err)
	}
	if r.stream != nil {
		req.ContentLength = r.length
	}
	h := req.Header
	for k, v := range extra {
		h[k] = v
	}
	h.Set("apiKey", c.apiKey())
	h.Set("User-Agent", c.userAgent)
	h.Set("Accept", "application/json")
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	if r.connID != "" {
		h.Set("x-connection-id", r.connID)
	}
	return req, nil
}

// streamBody is a streamed request body. Only an attempt opens the
// stream: go-retryablehttp may open the body while it builds the request
// (to learn its length), and nothing is sent then.
type streamBody struct {
	open  func() (io.Reader, error)
	built bool // the request is built: each open is an attempt's
}

func (s *streamBody) attempt() (io.Reader, error) {
	if !s.built {
		return http.NoBody, nil
	}
	return s.open()
}

// retrier sets up the call's go-retryablehttp client in st: the SDK's
// retry budget, judge, backoff and give-up handler, and an http.Client
// with the base client's timeout, cookie jar and redirect rule that sends
// through st. Nothing is allocated but the judge's method value.
func (st *callState) retrier() *retryablehttp.Client {
	c := st.c
	st.hc = c.send
	st.hc.Transport = st
	rc := &st.rc
	rc.HTTPClient = &st.hc
	rc.Logger = nil // silent: the SDK logs through its own slog.Logger
	rc.RetryWaitMin, rc.RetryWaitMax = c.retry.min, c.retry.max
	rc.RetryMax = st.maxRetries
	rc.CheckRetry = st.checkRetry
	rc.Backoff = backoff
	rc.ErrorHandler = errorHandler
	return rc
}

// RoundTrip sends one attempt: it waits for the connection limiter, stamps
// the attempt's start and hands the request to the user's transport,
// read at send time so httpmock.ActivateNonDefault works before or after
// NewClient. callState has no CloseIdleConnections, on purpose:
// go-retryablehttp calls that on every failed call, which would flush the
// connection pool under every other caller.
func (st *callState) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := waitLimiter(r.Context(), st.c.limiter, st); err != nil {
		closeBody(r)
		return nil, err
	}
	st.start = time.Now()
	rt := st.c.attempts.Transport
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

// checkRetry runs after every attempt, with the attempt's response or
// transport error: it records the attempt and lets retryDecision read,
// classify, observe and judge it.
func (st *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st.attempt++
	st.apiErr, st.bodyErr = nil, nil
	st.status, st.header = 0, nil
	if resp != nil {
		st.status, st.header = resp.StatusCode, resp.Header
	}
	return st.c.retryDecision(ctx, st, resp, err)
}

// retryDecision reads the body (so a reset in the middle of it can be
// retried like any network error), decodes error bodies once, reports the
// attempt and decides whether to try again.
func (c *core) retryDecision(ctx context.Context, st *callState, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		st.observe(ctx, c, resp, ctxErr)
		return false, ctxErr
	}
	if err != nil {
		if re, ok := asRedirectError(err, c.redactor()); ok {
			err = re // the *url.Error around it quotes the Location
			st.observe(ctx, c, resp, err)
			return false, err
		}
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

// observe reports the attempt that just ended to the hooks and the logger,
// and keeps it as the call's latest attempt.
func (st *callState) observe(ctx context.Context, c *core, resp *http.Response, err error) {
	if c.onAttempt == nil && c.logger == nil && c.onCall == nil {
		return
	}
	a := Attempt{
		Method:       st.method,
		Route:        st.template,
		ConnectionID: st.connID,
		Attempt:      st.attempt,
		Duration:     time.Since(st.start),
		RateLimit:    RateLimit{Limit: -1, Remaining: -1},
		Err:          err,
	}
	if st.start.IsZero() {
		a.Duration = 0
	}
	if resp != nil {
		a.StatusCode = resp.StatusCode
		a.RateLimit = parseRateLimit(resp.Header)
		a.RequestID = firstHeader(resp.Header, "X-Request-Id", "Request-Id", "X-Amzn-Requestid")
	}
	if st.apiErr != nil {
		a.Code = st.apiErr.Code
		if st.apiErr.RequestID != "" {
			a.RequestID = st.apiErr.RequestID
		}
	}
	st.last = a
	if c.onAttempt != nil {
		c.onAttempt(ctx, a)
	}
	if c.logger != nil {
		logAttempt(ctx, c.logger, &a)
	}
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

// finishAPIError completes the last attempt's *APIError for the caller.
func (c *core) finishAPIError(st *callState) error {
	e := st.apiErr
	e.Method, e.Route, e.Attempts = st.method, st.route, st.attempt
	e.Body = bytes.Clone(e.Body)
	c.redact(e)
	return e
}

// callError wraps a transport or context failure. When an earlier attempt
// got an error response, that *APIError stays reachable through errors.As.
func (c *core) callError(st *callState, err error) error {
	if st.apiErr != nil && !errors.As(err, new(*APIError)) {
		last := c.finishAPIError(st)
		return fmt.Errorf("ofauth: %s %s: %w (after %d attempts; last response: %w)", st.method, st.route, c.redactErr(err), st.attempt, last)
	}
	return fmt.Errorf("ofauth: %s %s: %w", st.method, st.route, c.redactErr(err))
}

// decodeInto decodes a 2xx body. An empty body (204) leaves out untouched.
func decodeInto(body []byte, out any, st *callState) error {
	switch o := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*o = bytes.Clone(body)
		return nil
	case *json.RawMessage:
		*o = rawJSON(body)
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	err := unmarshalJSON(body, out)
	if err == nil {
		err = checkShape(body, out, st.method)
	}
	if err != nil {
		return &DecodeError{Method: st.method, Route: st.route, Body: st.c.redactor().cutBytes(body, maxErrorBody, false), Err: st.c.redactErr(err)}
	}
	return nil
}

// bodyReader is a response body read from memory; it lives in callState so
// that replacing resp.Body costs no allocation.
type bodyReader struct{ bytes.Reader }

// Close implements io.Closer.
func (*bodyReader) Close() error { return nil }

// bufferPool recycles response buffers across calls.
type bufferPool struct{ p sync.Pool }

func (b *bufferPool) get() *bytes.Buffer {
	if v, ok := b.p.Get().(*bytes.Buffer); ok {
		return v
	}
	return new(bytes.Buffer)
}

// put keeps buffers up to 1 MiB; larger ones are left to the GC so one big
// response does not pin memory.
func (b *bufferPool) put(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	b.p.Put(buf)
}
