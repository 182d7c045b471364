package ofauth

import (
	"context"
	"net/http"
	"time"
)

// RateLimitLowPercent is the share of the rate-limit budget under which a
// response counts as low (RateLimit.Low): the SDK logs a warning and
// telemetry counts it, so a job slows down before it meets 429s.
const RateLimitLowPercent = 20

// Low reports whether the response left less than RateLimitLowPercent of
// the budget. It is false when the server sent no figures.
func (r RateLimit) Low() bool { return r.low() }

// Hooks let a telemetry system (OpenTelemetry, Prometheus, statsd, …)
// observe a client's calls without the SDK depending on it. Every field is
// optional. WithHooks adds to the hooks set by earlier options instead of
// replacing them, so several observers run side by side: the first one set
// runs first, and its Call context is the parent of the next one's.
type Hooks struct {
	// Call runs when an SDK call (one service method) starts, before its
	// parameters are checked. The context it returns is the one the call's
	// attempts, the Attempt hook and the transport see, so a span started
	// here parents everything below it. The function it returns, if not
	// nil, runs once when the call ends, with its outcome, on the calling
	// goroutine.
	Call func(ctx context.Context, c CallInfo) (context.Context, func(CallResult))

	// Attempt runs after every HTTP attempt, retries included, with the
	// attempt's request context (which carries the Call context).
	Attempt func(ctx context.Context, a Attempt)

	// Transport wraps the RoundTripper that sends each attempt, after the
	// client's own pacing and inside its retries: a wrapper sees every
	// attempt as a separate request, and CallFromContext on the request's
	// context tells which call it belongs to. The wrapped RoundTripper
	// reads the base http.Client's Transport at send time.
	Transport func(next http.RoundTripper) http.RoundTripper
}

// CallInfo identifies an SDK call. It has no ids: Route is the path
// template, so it is safe as a metric attribute.
type CallInfo struct {
	Method string // HTTP method, e.g. "GET"
	// Route is the path template, e.g. "/v2/access/subscribers/{userId}";
	// for AccessService.Do and Proxy, whose paths are the caller's,
	// "/v2/access/{path}" and "/v2/access/proxy/{path}".
	Route string
	Host  string // the base URL's host, e.g. "api.ofauth.com"
	Port  int    // the base URL's port, e.g. 443
	// ConnectionID is the x-connection-id the call sends, if any. It is
	// an identifier of a creator's account: keep it out of metric
	// attributes and out of traces unless that is intended.
	ConnectionID string
}

// CallResult is the outcome of an SDK call, for Hooks.Call.
type CallResult struct {
	CallInfo
	StatusCode int           // the last attempt's status; 0 when no response arrived
	Code       string        // the API error code of an error response, e.g. "SESSION_EXPIRED"
	RequestID  string        // the server's request id, when it sent one
	Attempts   int           // HTTP attempts made; 0 when the call failed before sending
	Duration   time.Duration // from the start of the call to its end, retries included
	RateLimit  RateLimit     // the last attempt's rate-limit figures
	Err        error         // what the call returned
}

// WithHooks adds telemetry hooks to the client; see Hooks. It may be given
// several times, alongside WithAttemptHook: every hook runs.
func WithHooks(h Hooks) Option {
	return func(c *config) error {
		if h.Call != nil {
			c.onCall = append(c.onCall, h.Call)
		}
		if h.Attempt != nil {
			c.onAttempt = append(c.onAttempt, h.Attempt)
		}
		if h.Transport != nil {
			c.wrapTransport = append(c.wrapTransport, h.Transport)
		}
		return nil
	}
}

// CallFromContext reports the SDK call that an attempt's request context
// (as a Transport wrapper or an Attempt hook sees it) belongs to.
func CallFromContext(ctx context.Context) (CallInfo, bool) {
	info, ok := ctx.Value(callInfoKey{}).(*CallInfo)
	if !ok {
		return CallInfo{}, false
	}
	return *info, true
}

// callHook runs the Call hooks in order, each inside the previous one's
// context, and returns one function that reports the outcome to them all,
// in reverse order (innermost first).
func callHook(hooks []func(context.Context, CallInfo) (context.Context, func(CallResult))) func(context.Context, CallInfo) (context.Context, func(CallResult)) {
	switch len(hooks) {
	case 0:
		return nil
	case 1:
		return hooks[0]
	}
	return func(ctx context.Context, info CallInfo) (context.Context, func(CallResult)) {
		ends := make([]func(CallResult), 0, len(hooks))
		for _, h := range hooks {
			hctx, end := h(ctx, info)
			if hctx != nil {
				ctx = hctx
			}
			if end != nil {
				ends = append(ends, end)
			}
		}
		return ctx, func(r CallResult) {
			for i := len(ends) - 1; i >= 0; i-- {
				ends[i](r)
			}
		}
	}
}

// attemptHook runs every Attempt hook in order.
func attemptHook(hooks []func(context.Context, Attempt)) func(context.Context, Attempt) {
	switch len(hooks) {
	case 0:
		return nil
	case 1:
		return hooks[0]
	}
	return func(ctx context.Context, a Attempt) {
		for _, h := range hooks {
			h(ctx, a)
		}
	}
}

// attemptClient is the client callState.RoundTrip sends attempts with: base
// itself, or one whose Transport is base's (read at send time) wrapped by
// the Transport hooks, the first hook innermost.
func attemptClient(base *http.Client, wraps []func(http.RoundTripper) http.RoundTripper) *http.Client {
	if len(wraps) == 0 {
		return base
	}
	var rt http.RoundTripper = baseTransport{base}
	for _, w := range wraps {
		if next := w(rt); next != nil {
			rt = next
		}
	}
	return &http.Client{Transport: rt}
}

// baseTransport sends through the base client's current Transport.
type baseTransport struct{ hc *http.Client }

func (t baseTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt := t.hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return rt.RoundTrip(r)
}

// telemetryRoute is the route hooks and logs see: never a raw path.
func (r *request) telemetryRoute() string {
	if r.template != "" {
		return r.template
	}
	return r.route
}

// startCall runs the Call hooks for r; the returned function reports the
// outcome from the call's state (nil when the call failed before sending).
func (c *core) startCall(ctx context.Context, r *request) (context.Context, func(*callState, error)) {
	info := CallInfo{Method: r.method, Route: r.telemetryRoute(), Host: c.host, Port: c.port, ConnectionID: r.connID}
	start := time.Now()
	hctx, end := c.onCall(ctx, info)
	if hctx != nil { // a hook that returns no context keeps the caller's
		ctx = hctx
	}
	return ctx, func(st *callState, err error) {
		if end == nil {
			return
		}
		res := CallResult{CallInfo: info, Duration: time.Since(start), Err: err, RateLimit: RateLimit{Limit: -1, Remaining: -1}}
		if st != nil {
			res.Attempts = st.attempt
			res.StatusCode, res.Code, res.RequestID = st.last.StatusCode, st.last.Code, st.last.RequestID
			res.RateLimit = st.last.RateLimit
		}
		end(res)
	}
}
