package ofauthotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
)

// benchServer answers every request with the Whoami body, as the root
// module's benchmark does.
func benchServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(whoamiBody))
	}))
}

// instrumented returns a client with ofauthotel on the SDK pipeline a
// production service runs: calls sampled by sampler, ended spans queued to
// a BatchSpanProcessor (export off the calling goroutine; its exporter
// drops the batches, as the network write is not the client's cost),
// metrics aggregated for a reader (a periodic exporter would collect them
// off the calling goroutine too), and the W3C trace context sent in the
// request headers.
func instrumented(b *testing.B, url string, sampler sdktrace.Sampler) *ofauth.Client {
	b.Helper()
	ctx := context.Background()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() {
		_ = tp.Shutdown(ctx)
		_ = mp.Shutdown(ctx)
	})
	c, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(url), ofauthotel.ClientOption(
		ofauthotel.WithTracerProvider(tp), ofauthotel.WithMeterProvider(mp), ofauthotel.WithPropagators(propagation.TraceContext{})))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkWhoami compares the serial Whoami round trip of a bare client
// with an instrumented one on the same loopback server.
func BenchmarkWhoami(b *testing.B) {
	srv := benchServer()
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
	b.Run("serial/otel", func(b *testing.B) { run(b, instrumented(b, srv.URL, sdktrace.AlwaysSample())) })
}

// BenchmarkWhoamiOverhead alternates bare and instrumented calls in one
// loop, so both see the same machine load, and reports each side's time
// per call and their ratio: with every call traced, and with traces
// sampled out (metrics only), as a service sampling a small share runs
// most calls. It also reports the process's CPU time per call on each side
// (user and system, the loopback server's included) and its ratio, which
// other processes' load on the machine does not inflate.
func BenchmarkWhoamiOverhead(b *testing.B) {
	for _, s := range []struct {
		name    string
		sampler sdktrace.Sampler
	}{{"sampled", sdktrace.AlwaysSample()}, {"unsampled", sdktrace.NeverSample()}} {
		b.Run(s.name, func(b *testing.B) { overhead(b, s.sampler) })
	}
}

func overhead(b *testing.B, sampler sdktrace.Sampler) {
	srv := benchServer()
	defer srv.Close()
	ctx := context.Background()
	bare, err := ofauth.NewClient(testKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	clients := [2]*ofauth.Client{bare, instrumented(b, srv.URL, sampler)}
	_, cpuOK := cpuTime()
	var wall, cpu [2]time.Duration
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for side, c := range clients {
			start, startCPU := time.Now(), cpuNow(cpuOK)
			if _, err := c.Account.Whoami(ctx); err != nil {
				b.Fatal(err)
			}
			wall[side] += time.Since(start)
			cpu[side] += cpuNow(cpuOK) - startCPU
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(wall[0].Nanoseconds())/n, "bare-ns/call")
	b.ReportMetric(float64(wall[1].Nanoseconds())/n, "otel-ns/call")
	b.ReportMetric(float64(wall[1])/float64(wall[0]), "ratio")
	if cpuOK && cpu[0] > 0 {
		b.ReportMetric(float64(cpu[0].Nanoseconds())/n, "bare-cpu-ns/call")
		b.ReportMetric(float64(cpu[1].Nanoseconds())/n, "otel-cpu-ns/call")
		b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "cpu-ratio")
	}
}

// cpuNow is cpuTime, or 0 where there is none.
func cpuNow(ok bool) time.Duration {
	if !ok {
		return 0
	}
	d, _ := cpuTime()
	return d
}
