// Package ofauthotel instruments the OFAuth Go SDK with OpenTelemetry
// traces and metrics, covering the monitoring list of OFAuth's go-live
// checklist: webhook delivery failures, rate-limit warnings, session
// expirations and API error rates.
//
//	client, err := ofauth.NewClient(key, ofauthotel.ClientOption())
//	handler := verifier.Handler(fn, ofauthotel.HandlerOption())
//
// Both use the global tracer and meter providers unless told otherwise
// (WithTracerProvider, WithMeterProvider), and the global propagator to
// put the trace context in request headers (WithPropagators).
//
// # Traces
//
// Every SDK call is one client span named "{METHOD} {url.template}", e.g.
// "GET /v2/access/subscribers/{userId}": the template never holds an id.
// It carries http.request.method, url.template, server.address,
// server.port, http.response.status_code, error.type, ofauth.error.code,
// ofauth.request_id and ofauth.attempts. Each HTTP attempt is a child span
// made by otelhttp (with the same name, url.full and, for a retry,
// http.request.resend_count), and the trace context goes out in the
// attempt's headers. The API key is never recorded; the connection id only
// with WithConnectionIDAttribute.
//
// # Metrics
//
//	http.client.request.duration  histogram, s    every attempt (otelhttp, semconv attributes and url.template)
//	ofauth.client.call.duration   histogram, s    every call: http.request.method, url.template, ofauth.error.code
//	ofauth.client.retries         counter         every retry: ofauth.retry.reason, http.request.method, url.template
//	ofauth.ratelimit.low          counter         responses that left under ofauth.RateLimitLowPercent of the budget
//	ofauth.session.expired        counter         SESSION_EXPIRED answers: http.request.method, url.template
//	ofauth.webhook.deliveries     counter         webhook deliveries: ofauth.webhook.event_type, ofauth.webhook.outcome
//
// Every attribute has a bounded set of values, so no metric grows without
// limit:
//
//   - url.template is one of the SDK's route templates.
//   - ofauth.error.code is absent on success; on failure it is one of the
//     API's documented codes (the ofauth.Code* constants), else "_OTHER"
//     (an undocumented code, an error status without a code, a network
//     error, a timeout, a cancelled call).
//   - error.type is the HTTP status code as text for an error response,
//     else one of "timeout", "canceled", "no_connection",
//     "invalid_params", "invalid_response", "_OTHER".
//   - ofauth.retry.reason is "rate_limited" (429), "server_error" (5xx),
//     "rules_outdated", "network_error" or "_OTHER".
//   - ofauth.webhook.event_type is one of the SDK's ofauth.Event* types,
//     "_OTHER" for any other type, and "" for a delivery that did not
//     verify; ofauth.webhook.outcome is handled, duplicate, rejected or
//     failed.
package ofauthotel
