package ofauthotel_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// An application sets its OpenTelemetry providers once in main (with the
// exporters it uses: OTLP, Prometheus, …); one option then instruments the
// client: a span per call, a child span per HTTP attempt, and the
// metrics of the package documentation.
func ExampleClientOption() {
	meterProvider := sdkmetric.NewMeterProvider( /* sdkmetric.WithReader(exporter) */ )
	otel.SetMeterProvider(meterProvider)
	otel.SetTextMapPropagator(propagation.TraceContext{})

	apiKey := os.Getenv("OFAUTH_API_KEY")
	client, err := ofauth.NewClient(apiKey, ofauthotel.ClientOption())
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Account.Whoami(context.Background()); err != nil {
		log.Print(err)
	}
}

// Explicit providers, here the SDK's kept in memory, against the fake API:
// a call is one client span, with a child span per HTTP attempt.
func ExampleClientOption_providers() {
	api := ofauthtest.NewServer()
	defer api.Close()

	spans := tracetest.NewSpanRecorder()
	tracerProvider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	meterProvider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))

	client, err := ofauth.NewClient(api.APIKey, ofauth.WithBaseURL(api.URL),
		ofauthotel.ClientOption(ofauthotel.WithTracerProvider(tracerProvider), ofauthotel.WithMeterProvider(meterProvider)))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Account.Whoami(context.Background()); err != nil {
		log.Fatal(err)
	}

	for _, s := range spans.Ended() {
		kind := "call"
		if s.Parent().IsValid() {
			kind = "attempt, child of the call"
		}
		fmt.Printf("span %q: %s\n", s.Name(), kind)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		log.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == "ofauth.client.call.duration" || m.Name == "http.client.request.duration" {
				fmt.Printf("metric %s (%s)\n", m.Name, m.Unit)
			}
		}
	}
	// Unordered output:
	// span "GET /v2/account/whoami": attempt, child of the call
	// span "GET /v2/account/whoami": call
	// metric ofauth.client.call.duration (s)
	// metric http.client.request.duration (s)
}

// The webhook handler counts every delivery by event type and outcome;
// otelhttp.NewHandler around it gives each delivery a server span, which
// the handler marks with the outcome and which parents the spans of the
// event function.
func ExampleHandlerOption() {
	verifier, err := ofauth.NewWebhookVerifier(os.Getenv("OFAUTH_WEBHOOK_SECRET"))
	if err != nil {
		log.Fatal(err)
	}
	onEvent := func(ctx context.Context, e *ofauth.WebhookEvent) error {
		log.Printf("event %s %s", e.Type, e.ID)
		return nil
	}
	handler := verifier.Handler(onEvent, ofauthotel.HandlerOption())
	http.Handle("POST /webhooks/ofauth", otelhttp.NewHandler(handler, "POST /webhooks/ofauth"))
}
