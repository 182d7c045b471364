package ofauthotel

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/ofauth-go/ofauth"
)

// HandlerOption instruments a webhook handler (ofauth.WebhookVerifier's
// Handler): every delivery adds one to ofauth.webhook.deliveries with its
// event type and outcome, and the outcome, event type and status answered
// are set on the request's span when there is one (for instance from
// otelhttp.NewHandler around the handler or the server's mux), which then
// also parents the spans of the event function.
func HandlerOption(opts ...Option) ofauth.WebhookHandlerOption {
	cfg := newConfig(opts)
	meter := cfg.mp.Meter(scope, metric.WithInstrumentationVersion(ofauth.Version))
	deliveries, err := meter.Int64Counter("ofauth.webhook.deliveries", metric.WithUnit("{delivery}"),
		metric.WithDescription("OFAuth webhook deliveries by event type and outcome (handled, duplicate, rejected, failed)."))
	if err != nil {
		otel.Handle(err)
	}
	w := &webhookInstruments{deliveries: deliveries}
	return ofauth.WithDeliveryHook(w.record)
}

type webhookInstruments struct {
	deliveries metric.Int64Counter
	sets       sync.Map // deliveryKey → metric.MeasurementOption
}

type deliveryKey struct {
	eventType string
	outcome   ofauth.WebhookOutcome
}

func (w *webhookInstruments) record(ctx context.Context, d ofauth.WebhookDelivery) {
	k := deliveryKey{eventType(d.EventType, d.EventID != "" || d.EventType != ""), d.Outcome}
	w.deliveries.Add(ctx, 1, w.attrs(k))
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		attrs := []attribute.KeyValue{keyOutcome.String(string(k.outcome))}
		if k.eventType != "" {
			attrs = append(attrs, keyEventType.String(k.eventType))
		}
		if d.StatusCode > 0 {
			attrs = append(attrs, semconv.HTTPResponseStatusCode(d.StatusCode))
		}
		span.SetAttributes(attrs...)
	}
}

func (w *webhookInstruments) attrs(k deliveryKey) metric.MeasurementOption {
	if o, ok := w.sets.Load(k); ok {
		return o.(metric.MeasurementOption)
	}
	attrs := []attribute.KeyValue{keyOutcome.String(string(k.outcome))}
	if k.eventType != "" {
		attrs = append(attrs, keyEventType.String(k.eventType))
	}
	o := metric.WithAttributeSet(attribute.NewSet(attrs...))
	w.sets.Store(k, o)
	return o
}
