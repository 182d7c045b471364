package main

import (
	"context"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
)

// metrics is the app's OpenTelemetry metrics pipeline, read by Prometheus
// at /metrics. It covers the go-live checklist's monitoring list through
// ofauthotel: ofauth_webhook_deliveries_total (delivery failures),
// ofauth_ratelimit_low_total (rate-limit warnings),
// ofauth_session_expired_total (session expirations) and
// ofauth_client_call_duration_seconds_count by ofauth_error_code (API
// error rates).
type metrics struct {
	provider *sdkmetric.MeterProvider
	handler  http.Handler
}

// newMetrics starts the pipeline on a registry of its own, so several
// apps (tests) in one process do not share series.
func newMetrics() (*metrics, error) {
	reg := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, err
	}
	return &metrics{
		provider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)),
		handler:  promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
	}, nil
}

// clientOption instruments the OFAuth client.
func (m *metrics) clientOption() ofauth.Option {
	return ofauthotel.ClientOption(ofauthotel.WithMeterProvider(m.provider))
}

// handlerOption instruments the webhook handler.
func (m *metrics) handlerOption() ofauth.WebhookHandlerOption {
	return ofauthotel.HandlerOption(ofauthotel.WithMeterProvider(m.provider))
}

// webhookOptions instruments the app's webhook handler when it has metrics.
func (a *app) webhookOptions() []ofauth.WebhookHandlerOption {
	opts := a.webhookOpts
	if a.metrics != nil {
		opts = append(opts[:len(opts):len(opts)], a.metrics.handlerOption())
	}
	return opts
}

// Shutdown stops the pipeline.
func (m *metrics) Shutdown(ctx context.Context) error { return m.provider.Shutdown(ctx) }
