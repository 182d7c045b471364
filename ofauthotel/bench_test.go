package ofauthotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
)

// BenchmarkWhoami compares the serial Whoami round trip of a bare client
// with an instrumented one on the same loopback server: every call
// sampled, spans batched to an exporter that drops them, metrics kept for
// a reader, and the trace context sent in the headers.
func BenchmarkWhoami(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(whoamiBody))
	}))
	defer srv.Close()
	ctx := context.Background()
	run := func(b *testing.B, c *ofauth.Client) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.Account.Whoami(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("serial/bare", func(b *testing.B) {
		c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		run(b, c)
	})
	b.Run("serial/otel", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(tracetest.NewNoopExporter()))
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		defer func() {
			_ = tp.Shutdown(ctx)
			_ = mp.Shutdown(ctx)
		}()
		c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(srv.URL), ofauthotel.ClientOption(
			ofauthotel.WithTracerProvider(tp), ofauthotel.WithMeterProvider(mp), ofauthotel.WithPropagators(propagation.TraceContext{})))
		if err != nil {
			b.Fatal(err)
		}
		run(b, c)
	})
}
