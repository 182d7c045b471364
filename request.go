package ofauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-retryablehttp"
)

// request describes one API call.
type request struct {
	method      string
	route       string                    // path template below the base URL, with "{name}" placeholders
	args        []string                  // placeholder values in order; each is path-escaped
	query       url.Values                // nil or empty: no query string
	body        any                       // JSON request body; nil: none
	raw         []byte                    // raw request body (an upload part) instead of body
	stream      func() (io.Reader, error) // streamed raw body, opened once per attempt; instead of raw
	length      int64                     // the stream's length in bytes
	contentType string                    // Content-Type of raw or stream
	connID      string                    // x-connection-id; empty: not sent
	needsConn   bool                      // fail with ErrNoConnection when connID is empty
	out         any                       // decode target; nil discards the body
	respHeader  http.Header               // when non-nil, receives the response headers
	template    string                    // route for telemetry when route is a caller's raw path; "": route
	opts        []CallOption              // the caller's per-call options
}

// callState follows one call through its attempts; go-retryablehttp hands
// it to checkRetry and the transport through the request context.
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
}

type stateKey struct{}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(stateKey{}).(*callState)
	return st
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

// do sends r with retries and decodes the response into r.out.
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
	req, err := c.newRequest(context.WithValue(ctx, stateKey{}, st), r, path, extra)
	if err != nil {
		return err
	}
	st.buf = c.bufs.get()
	defer c.bufs.put(st.buf)

	resp, err := c.http.Do(req)
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
	switch {
	case r.stream != nil:
		probed := false
		body = retryablehttp.ReaderFunc(func() (io.Reader, error) {
			if !probed { // NewRequest opens the body once to probe it: spare the stream
				probed = true
				return http.NoBody, nil
			}
			return r.stream()
		})
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

// isNil reports a nil interface or a nil pointer, map or slice inside one.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// expandRoute fills the "{name}" placeholders of route with path-escaped
// args. An empty, "." or ".." arg is an error: it would change which
// endpoint is hit (a normalising proxy resolves dot segments). Every other
// value stays in its segment: PathEscape encodes "/", "?", "#" and "%".
func expandRoute(route string, args []string) (string, error) {
	if len(args) == 0 && !strings.Contains(route, "{") {
		return route, nil
	}
	var b strings.Builder
	b.Grow(len(route) + 16)
	rest := route
	for i := 0; ; i++ {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if i != len(args) {
				return "", fmt.Errorf("%w: %s takes %d path values, got %d", ErrInvalidParams, route, i, len(args))
			}
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || i >= len(args) {
			return "", fmt.Errorf("%w: %s: missing path value", ErrInvalidParams, route)
		}
		name := rest[open+1 : open+end]
		if strings.TrimSpace(args[i]) == "" {
			return "", fmt.Errorf("%w: %s: empty %s", ErrInvalidParams, route, name)
		}
		if args[i] == "." || args[i] == ".." { // PathEscape keeps dots: the value would step out of its segment
			return "", fmt.Errorf("%w: %s: %s %q is a dot segment", ErrInvalidParams, route, name, args[i])
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(args[i]))
		rest = rest[open+end+1:]
	}
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

// rawJSON keeps a JSON body as is and turns a text body into a JSON string,
// so a *json.RawMessage is always valid JSON (or nil for an empty body).
func rawJSON(body []byte) json.RawMessage {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil
	}
	if json.Valid(t) {
		return bytes.Clone(t)
	}
	b, _ := json.Marshal(string(body))
	return b
}

// DecodeError is returned when a 2xx body does not decode into the
// expected type, or is JSON of the wrong shape for the endpoint (a model
// wrapped in another object, a list without its envelope). It matches
// ErrInvalidResponse.
type DecodeError struct {
	Method, Route string
	Body          []byte // the body, the key masked, then cut to 64 KiB
	Err           error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("ofauth: %s %s: decoding the response: %s", e.Method, e.Route, describeDecodeError(e.Err))
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is matches ErrInvalidResponse.
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidResponse }

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

// redactMask replaces the API key wherever the server echoed it.
const redactMask = "[REDACTED]"

func (c *core) redactor() redactor { return redactor{key: c.apiKey()} }

// redact removes the API key from anything the server echoed back.
func (c *core) redact(e *APIError) {
	r := c.redactor()
	for _, s := range []*string{&e.Code, &e.Message, &e.RequestID, &e.ActionRequired} {
		*s = r.str(*s)
	}
	e.Body = r.bytes(e.Body)
	e.Details = r.bytes(e.Details)
}

// redactErr hides the key in an error whose text quotes what the server
// sent (net/http quotes a malformed status line, for one). The original
// stays reachable through errors.Is and errors.As.
func (c *core) redactErr(err error) error {
	if err == nil {
		return nil
	}
	r := c.redactor()
	if msg := err.Error(); r.key != "" && strings.Contains(msg, r.key) {
		return &redactedError{msg: r.str(msg), err: err}
	}
	return err
}

// redactedError is an error with the key masked in its text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactor masks the API key in what the server sent. It always masks
// first and cuts second: a cut first could split an echoed key and leave
// most of it in plain sight.
type redactor struct{ key string }

func (r redactor) str(s string) string {
	if r.key == "" || !strings.Contains(s, r.key) {
		return s
	}
	return strings.ReplaceAll(s, r.key, redactMask)
}

// fold is str ignoring ASCII case, for host names, which are lower-cased
// on the way.
func (r redactor) fold(s string) string {
	if r.key == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(r.key) <= len(s) && strings.EqualFold(s[i:i+len(r.key)], r.key) {
			b.WriteString(redactMask)
			i += len(r.key)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// bytes returns b without the key; b itself when it has none.
func (r redactor) bytes(b []byte) []byte {
	if r.key == "" || !bytes.Contains(b, []byte(r.key)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(r.key), []byte(redactMask))
}

// cut masks the key in s, then keeps at most n bytes of it, ending on a
// whole rune. When s was cut, here or by an earlier bound (partial), a
// tail that starts the key is dropped too: it is a key split in two.
func (r redactor) cut(s string, n int, partial bool) string {
	s = r.str(s)
	cut := len(s) > n
	if cut {
		s = trimPartialRune(s[:n])
	}
	if cut || partial {
		s = r.dropKeyStart(s)
	}
	return s
}

// cutBytes is cut for a body; it always returns a copy.
func (r redactor) cutBytes(b []byte, n int, partial bool) []byte {
	return []byte(r.cut(string(b), n, partial))
}

// dropKeyStart drops a tail of s that is the start of the key.
func (r redactor) dropKeyStart(s string) string {
	for k := min(len(r.key)-1, len(s)); k > 0; k-- {
		if strings.HasSuffix(s, r.key[:k]) {
			return s[:len(s)-k]
		}
	}
	return s
}

// trimPartialRune drops the bytes of a rune a cut split at the end of s.
func trimPartialRune(s string) string {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				return s[:i]
			}
			return s
		}
	}
	return s
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
