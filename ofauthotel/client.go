package ofauthotel

import (
	"context"
	"net/http"
	"sync"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/ofauth-go/ofauth"
)

// scope names this package's tracer and meter.
const scope = "github.com/ofauth-go/ofauth/ofauthotel"

// durationBuckets are the semconv-advised bounds of HTTP duration
// histograms, in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// ClientOption instruments an ofauth.Client with traces and metrics (see
// the package documentation). It composes with the client's other hooks,
// WithAttemptHook included.
func ClientOption(opts ...Option) ofauth.Option {
	cfg := newConfig(opts)
	in := newClientInstruments(cfg)
	return ofauth.WithHooks(ofauth.Hooks{
		Call:      in.startCall,
		Attempt:   in.attempt,
		Transport: in.transport,
	})
}

// clientInstruments records one client's calls.
type clientInstruments struct {
	cfg     config
	tracer  trace.Tracer
	callDur metric.Float64Histogram
	retries metric.Int64Counter
	low     metric.Int64Counter
	expired metric.Int64Counter
	routes  sync.Map // routeKey → *route
}

func newClientInstruments(cfg config) *clientInstruments {
	meter := cfg.mp.Meter(scope, metric.WithInstrumentationVersion(ofauth.Version))
	in := &clientInstruments{
		cfg:    cfg,
		tracer: cfg.tp.Tracer(scope, trace.WithInstrumentationVersion(ofauth.Version)),
	}
	var err error
	// An instrument that fails to register is a no-op and the error goes
	// to the global OpenTelemetry error handler, as otelhttp does.
	if in.callDur, err = meter.Float64Histogram("ofauth.client.call.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of OFAuth SDK calls, retries and backoff included."),
		metric.WithExplicitBucketBoundaries(durationBuckets...)); err != nil {
		otel.Handle(err)
	}
	if in.retries, err = meter.Int64Counter("ofauth.client.retries", metric.WithUnit("{retry}"),
		metric.WithDescription("HTTP attempts the SDK sent again, by reason.")); err != nil {
		otel.Handle(err)
	}
	if in.low, err = meter.Int64Counter("ofauth.ratelimit.low", metric.WithUnit("{response}"),
		metric.WithDescription("OFAuth responses that left less than ofauth.RateLimitLowPercent of the rate-limit budget.")); err != nil {
		otel.Handle(err)
	}
	if in.expired, err = meter.Int64Counter("ofauth.session.expired", metric.WithUnit("{response}"),
		metric.WithDescription("OFAuth answers with the SESSION_EXPIRED code: a creator must reconnect through Link.")); err != nil {
		otel.Handle(err)
	}
	return in
}

// routeKey identifies an endpoint of an API host: one option may serve
// clients of several base URLs.
type routeKey struct {
	method, route, host string
	port                int
}

// route holds what one endpoint's telemetry reuses on every call: the span
// name and the attribute sets, already wrapped as the options the
// instruments take, so a call neither sorts attributes nor builds option
// slices.
type route struct {
	name     string
	start    []trace.SpanStartOption
	labeler  context.Context       // holds the otelhttp Labeler with url.template; see call.Value
	endpoint []metric.AddOption    // method and template
	callOK   []metric.RecordOption // method and template
	callErr  sync.Map              // error code → []metric.RecordOption
	retryWhy sync.Map              // reason → []metric.AddOption
	method   attribute.KeyValue
	template attribute.KeyValue
}

func (in *clientInstruments) route(info ofauth.CallInfo) *route {
	k := routeKey{info.Method, info.Route, info.Host, info.Port}
	if r, ok := in.routes.Load(k); ok {
		return r.(*route)
	}
	method, tmpl := semconv.HTTPRequestMethodKey.String(info.Method), semconv.URLTemplate(info.Route)
	endpoint := metric.WithAttributeSet(attribute.NewSet(method, tmpl))
	// The Labeler gives otelhttp's http.client.request.duration the
	// url.template; it is read-only once made.
	labeler := &otelhttp.Labeler{}
	labeler.Add(tmpl)
	r := &route{
		name:     info.Method + " " + info.Route,
		labeler:  otelhttp.ContextWithLabeler(context.Background(), labeler),
		endpoint: []metric.AddOption{endpoint},
		callOK:   []metric.RecordOption{endpoint},
		method:   method,
		template: tmpl,
	}
	startAttrs := []attribute.KeyValue{method, tmpl}
	if info.Host != "" {
		startAttrs = append(startAttrs, semconv.ServerAddress(info.Host))
		if info.Port > 0 {
			startAttrs = append(startAttrs, semconv.ServerPort(info.Port))
		}
	}
	// The start attributes are the ones a sampler may decide on.
	r.start = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(startAttrs...)}
	v, loaded := in.routes.LoadOrStore(k, r)
	if !loaded {
		// Start the endpoint's checklist counters at zero, so an alert on
		// their increase fires from the first event, not the second.
		ctx := context.Background()
		in.low.Add(ctx, 0, r.endpoint...)
		in.expired.Add(ctx, 0, r.endpoint...)
	}
	return v.(*route)
}

// callErrOpts is the call-duration attribute set for a failure with code.
func (r *route) callErrOpts(code string) []metric.RecordOption {
	if o, ok := r.callErr.Load(code); ok {
		return o.([]metric.RecordOption)
	}
	o := []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(r.method, r.template, keyErrorCode.String(code)))}
	r.callErr.Store(code, o)
	return o
}

// retryOpts is the retries attribute set for a reason.
func (r *route) retryOpts(reason string) []metric.AddOption {
	if o, ok := r.retryWhy.Load(reason); ok {
		return o.([]metric.AddOption)
	}
	o := []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(r.method, r.template, keyRetryReason.String(reason)))}
	r.retryWhy.Store(reason, o)
	return o
}

// call follows one SDK call through its attempts. Attempts of a call run
// one after the other on the caller's goroutine, so it needs no lock. It
// is also the call's context, which saves a context.WithValue per call
// for itself and one for otelhttp's Labeler.
type call struct {
	context.Context
	in     *clientInstruments
	span   trace.Span
	route  *route
	sent   int    // requests handed to the transport, redirects included
	reason string // why the latest attempt would be retried; "" once the retry is sent
	// attrs holds the span's end attributes: SetAttributes copies them, and
	// a buffer here spares an allocation of its own.
	attrs [5]attribute.KeyValue
}

type callKey struct{}

// Value answers callKey with the call itself and otelhttp's Labeler key
// with the route's Labeler, before asking the caller's context.
func (c *call) Value(key any) any {
	if key == (callKey{}) {
		return c
	}
	if v := c.route.labeler.Value(key); v != nil {
		return v
	}
	return c.Context.Value(key)
}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// startCall starts the call's span; the returned context parents the
// attempts' spans.
func (in *clientInstruments) startCall(ctx context.Context, info ofauth.CallInfo) (context.Context, func(ofauth.CallResult)) {
	r := in.route(info)
	opts := r.start
	if in.cfg.connID && info.ConnectionID != "" {
		opts = append(opts[:len(opts):len(opts)], trace.WithAttributes(keyConnectionID.String(info.ConnectionID)))
	}
	ctx, span := in.tracer.Start(ctx, r.name, opts...)
	c := &call{Context: ctx, in: in, span: span, route: r}
	return c, c.end
}

// end ends the call's span and records its duration.
func (c *call) end(res ofauth.CallResult) {
	opts, code := c.route.callOK, ""
	if res.Err != nil {
		code = errorCode(res.Code)
		opts = c.route.callErrOpts(code)
	}
	if c.span.IsRecording() { // a sampled-out call builds no attributes
		attrs := c.attrs[:0]
		if res.StatusCode > 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(res.StatusCode))
		}
		attrs = append(attrs, keyAttempts.Int(res.Attempts))
		if res.RequestID != "" {
			attrs = append(attrs, keyRequestID.String(res.RequestID))
		}
		if res.Err != nil {
			typ := errorType(res.Err)
			attrs = append(attrs, semconv.ErrorTypeKey.String(typ), keyErrorCode.String(code))
			// The description stays bounded and free of server text.
			c.span.SetStatus(codes.Error, typ)
		}
		c.span.SetAttributes(attrs...)
	}
	c.span.End()
	c.in.callDur.Record(c, res.Duration.Seconds(), opts...)
}

// attempt counts low budgets and expired sessions, and notes why the
// attempt would be retried.
func (in *clientInstruments) attempt(ctx context.Context, a ofauth.Attempt) {
	c := callFrom(ctx)
	var r *route
	if c != nil {
		r = c.route
		c.reason = retryReason(a)
	} else {
		r = in.route(ofauth.CallInfo{Method: a.Method, Route: a.Route})
	}
	if a.RateLimit.Low() {
		in.low.Add(ctx, 1, r.endpoint...)
	}
	if a.Code == ofauth.CodeSessionExpired {
		in.expired.Add(ctx, 1, r.endpoint...)
	}
}

// transport makes each attempt an otelhttp client span (and a
// http.client.request.duration measurement) under the call's span.
func (in *clientInstruments) transport(next http.RoundTripper) http.RoundTripper {
	return otelhttp.NewTransport(attemptTransport{in: in, next: next},
		otelhttp.WithTracerProvider(in.cfg.tp),
		otelhttp.WithMeterProvider(in.cfg.mp),
		otelhttp.WithPropagators(in.cfg.propagators),
		otelhttp.WithSpanNameFormatter(attemptSpanName),
	)
}

// attemptSpanName is "{METHOD} {url.template}", as for the call.
func attemptSpanName(_ string, r *http.Request) string {
	if c := callFrom(r.Context()); c != nil {
		return c.route.name
	}
	return r.Method
}

// attemptTransport runs inside otelhttp's span: for a retry, it counts the
// retry and marks the attempt's span with the resend count.
type attemptTransport struct {
	in   *clientInstruments
	next http.RoundTripper
}

func (t attemptTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if c := callFrom(r.Context()); c != nil {
		// The attempt's span keeps otelhttp's attributes; url.template is
		// on its parent, the call's span, and each SetAttributes costs a
		// copy of the span's attributes.
		if c.sent++; c.sent > 1 {
			// A resend after a finished attempt is a retry; one without
			// (a redirect's next hop) is not.
			if c.reason != "" {
				t.in.retries.Add(r.Context(), 1, c.route.retryOpts(c.reason)...)
				c.reason = ""
			}
			trace.SpanFromContext(r.Context()).SetAttributes(semconv.HTTPRequestResendCount(c.sent - 1))
		}
	}
	return t.next.RoundTrip(r)
}
