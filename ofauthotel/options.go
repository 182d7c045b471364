package ofauthotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Option configures ClientOption and HandlerOption.
type Option func(*config)

type config struct {
	tp          trace.TracerProvider
	mp          metric.MeterProvider
	propagators propagation.TextMapPropagator
	connID      bool
}

func newConfig(opts []Option) config {
	c := config{}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	if c.propagators == nil {
		c.propagators = otel.GetTextMapPropagator()
	}
	return c
}

// WithTracerProvider sets where spans go; the default is the global
// provider (otel.GetTracerProvider) at the time the option is applied.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets where metrics go; the default is the global
// provider (otel.GetMeterProvider) at the time the option is applied.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithPropagators sets how the trace context goes into request headers;
// the default is the global propagator (otel.GetTextMapPropagator), which
// sends nothing until the application sets one, e.g.
// propagation.TraceContext{}.
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.propagators = p }
}

// WithConnectionIDAttribute records the x-connection-id of Access calls as
// the span attribute ofauth.connection_id. It is off by default: the id
// names a creator's account, which traces should not reveal unless that is
// wanted. It never becomes a metric attribute.
func WithConnectionIDAttribute() Option {
	return func(c *config) { c.connID = true }
}
