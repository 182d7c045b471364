package ofauthotel_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
)

const testKey = "sk_test_ofauthotel_4f3e2d1c"

// telemetry is a real OpenTelemetry SDK pipeline kept in memory.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	tm := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tm.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tm.spans))
	tm.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tm.reader))
	t.Cleanup(func() {
		_ = tm.tp.Shutdown(context.Background())
		_ = tm.mp.Shutdown(context.Background())
	})
	return tm
}

func (tm *telemetry) options(extra ...ofauthotel.Option) []ofauthotel.Option {
	return append([]ofauthotel.Option{
		ofauthotel.WithTracerProvider(tm.tp),
		ofauthotel.WithMeterProvider(tm.mp),
		ofauthotel.WithPropagators(propagation.TraceContext{}),
	}, extra...)
}

// metrics collects every metric by name.
func (tm *telemetry) metrics(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// ended returns the ended spans by name, in the order they ended.
func (tm *telemetry) ended() []sdktrace.ReadOnlySpan { return tm.spans.Ended() }

// server is a loopback API whose handler the test sets, recording the
// trace context each request carried.
type server struct {
	*httptest.Server
	traceparents chan string
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{traceparents: make(chan string, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.traceparents <- r.Header.Get("traceparent")
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) client(t *testing.T, tm *telemetry, opts ...ofauth.Option) *ofauth.Client {
	t.Helper()
	all := append([]ofauth.Option{
		ofauth.WithBaseURL(s.URL),
		ofauth.WithRetryWait(time.Millisecond, 5*time.Millisecond),
		ofauthotel.ClientOption(tm.options()...),
	}, opts...)
	c, err := ofauth.NewClient(testKey, all...)
	require.NoError(t, err)
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// attrs turns a span's attributes into a map.
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := map[string]any{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// setAttrs turns an attribute set into a map.
func setAttrs(s attribute.Set) map[string]any { return attrs(s.ToSlice()) }

// callAndAttempts splits the ended spans of one call into its span and its
// attempts' spans, checking the structure: one root, every other span its
// child, all in one trace.
func callAndAttempts(t *testing.T, spans []sdktrace.ReadOnlySpan) (sdktrace.ReadOnlySpan, []sdktrace.ReadOnlySpan) {
	t.Helper()
	var call sdktrace.ReadOnlySpan
	var attempts []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if !s.Parent().IsValid() {
			require.Nil(t, call, "one root span")
			call = s
		} else {
			attempts = append(attempts, s)
		}
	}
	require.NotNil(t, call, "a call span")
	for _, a := range attempts {
		assert.Equal(t, call.SpanContext().SpanID(), a.Parent().SpanID(), "attempt %s is a child of the call", a.Name())
		assert.Equal(t, call.SpanContext().TraceID(), a.SpanContext().TraceID())
		assert.Equal(t, trace.SpanKindClient, a.SpanKind())
	}
	assert.Equal(t, trace.SpanKindClient, call.SpanKind())
	return call, attempts
}

// histogram returns a float64 histogram's points by attribute set.
func histogram(t *testing.T, m metricdata.Metrics) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[float64])
	require.True(t, ok, "%s is a float64 histogram: %T", m.Name, m.Data)
	return h.DataPoints
}

// counter returns an int64 counter's points.
func counter(t *testing.T, m metricdata.Metrics) []metricdata.DataPoint[int64] {
	t.Helper()
	s, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is an int64 sum: %T", m.Name, m.Data)
	assert.True(t, s.IsMonotonic, "%s is a counter", m.Name)
	return s.DataPoints
}

// assertNoSecret checks no span holds the key or, unless allowed, the
// connection id.
func assertNoSecret(t *testing.T, spans []sdktrace.ReadOnlySpan, secrets ...string) {
	t.Helper()
	for _, s := range spans {
		texts := []string{s.Name(), s.Status().Description}
		for _, kv := range s.Attributes() {
			texts = append(texts, kv.Value.String())
		}
		for _, e := range s.Events() {
			texts = append(texts, e.Name)
			for _, kv := range e.Attributes {
				texts = append(texts, kv.Value.String())
			}
		}
		for _, text := range texts {
			for _, secret := range append(secrets, testKey) {
				assert.False(t, strings.Contains(text, secret), "span %s shows %q", s.Name(), secret)
			}
		}
	}
}
