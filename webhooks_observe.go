package ofauth

import (
	"context"
	"net/http"
	"time"
)

// WebhookOutcome is how a webhook handler answered a delivery.
type WebhookOutcome string

// The outcomes of a delivery, for WithDeliveryHook.
const (
	// WebhookHandled: verified, and the handler function succeeded (200).
	WebhookHandled WebhookOutcome = "handled"
	// WebhookDuplicate: a redelivery of an event already handled,
	// acknowledged without running the function again (200).
	WebhookDuplicate WebhookOutcome = "duplicate"
	// WebhookRejected: refused without running the function: a bad or
	// missing signature, a stale timestamp, a malformed or oversized body,
	// a method other than POST (4xx). OFAuth does not send these: a steady
	// rate means a misconfigured secret or forged traffic.
	WebhookRejected WebhookOutcome = "rejected"
	// WebhookFailed: the function failed, or the deduper or the handler's
	// configuration did (5xx); OFAuth delivers the event again.
	WebhookFailed WebhookOutcome = "failed"
)

// WebhookDelivery is the outcome of one webhook delivery, for
// WithDeliveryHook. It holds no secret and no payload.
type WebhookDelivery struct {
	Outcome    WebhookOutcome
	StatusCode int    // the status answered
	EventType  string // the verified event's type; "" when it did not verify
	EventID    string // the verified event's id; "" when it did not verify
	// Reason is the code of the error answer ("invalid_signature",
	// "handler_failed", "dedupe_unavailable", …; see the handler's JSON
	// error bodies); "" for a 200.
	Reason   string
	Duration time.Duration // from the start of the request to the answer
}

// WithDeliveryHook calls fn after the handler answered each delivery, with
// the request's context and the outcome, so that deliveries can be counted
// by outcome and event type. Several hooks all run, in order. fn runs on
// the request's goroutine and must be quick and safe for concurrent use.
func WithDeliveryHook(fn func(ctx context.Context, d WebhookDelivery)) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if fn != nil {
			h.onDelivery = append(h.onDelivery, fn)
		}
	}
}

// serveObserved serves a delivery and reports its outcome to the hooks.
func (h *webhookHandler) serveObserved(w http.ResponseWriter, r *http.Request) {
	rec := &deliveryRecorder{ResponseWriter: w, start: time.Now()}
	h.serve(rec, r)
	d := rec.delivery()
	for _, fn := range h.onDelivery {
		fn(r.Context(), d)
	}
}

// deliveryRecorder notes what the handler answered.
type deliveryRecorder struct {
	http.ResponseWriter
	start     time.Time
	status    int
	event     *WebhookEvent
	duplicate bool
	reason    string
}

// WriteHeader records the status.
func (d *deliveryRecorder) WriteHeader(status int) {
	if d.status == 0 {
		d.status = status
	}
	d.ResponseWriter.WriteHeader(status)
}

// Write records an implicit 200.
func (d *deliveryRecorder) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	return d.ResponseWriter.Write(b)
}

func (d *deliveryRecorder) delivery() WebhookDelivery {
	out := WebhookDelivery{StatusCode: d.status, Reason: d.reason, Duration: time.Since(d.start)}
	if d.event != nil {
		out.EventType, out.EventID = d.event.Type, d.event.ID
	}
	switch {
	case d.status >= 500:
		out.Outcome = WebhookFailed
	case d.status >= 400:
		out.Outcome = WebhookRejected
	case d.duplicate:
		out.Outcome = WebhookDuplicate
	default:
		out.Outcome = WebhookHandled
	}
	return out
}

// noteEvent tells an observing writer which event the delivery carries.
func noteEvent(w http.ResponseWriter, e *WebhookEvent) {
	if d, ok := w.(*deliveryRecorder); ok {
		d.event = e
	}
}

// noteAnswer tells an observing writer how the handler answers.
func noteAnswer(w http.ResponseWriter, duplicate bool, reason string) {
	if d, ok := w.(*deliveryRecorder); ok {
		d.duplicate, d.reason = duplicate, reason
	}
}
