package ofauth

import (
	"context"
	"log/slog"
	"time"
)

// Attempt describes one HTTP attempt of a call, for WithAttemptHook and
// Hooks.Attempt.
type Attempt struct {
	Method       string
	Route        string // the route template, e.g. "/v2/access/chats/{userId}/messages": low cardinality for metrics (see CallInfo.Route)
	ConnectionID string // the x-connection-id sent, if any
	Attempt      int    // 1 for the first attempt
	StatusCode   int    // 0 when no response arrived
	Code         string // the API error code of an error response
	RequestID    string // the server's request id (error body or X-Request-Id header), if any
	Duration     time.Duration
	RateLimit    RateLimit
	Err          error // the transport or body-read error, if any
}

func logAttempt(ctx context.Context, l *slog.Logger, a *Attempt) {
	attrs := []slog.Attr{
		slog.String("method", a.Method),
		slog.String("route", a.Route),
		slog.Int("attempt", a.Attempt),
		slog.Int("status", a.StatusCode),
		slog.Duration("duration", a.Duration),
	}
	if a.Code != "" {
		attrs = append(attrs, slog.String("code", a.Code))
	}
	if a.Err != nil {
		attrs = append(attrs, slog.String("error", a.Err.Error()))
	}
	level := slog.LevelDebug
	if a.Err != nil || a.StatusCode >= 400 {
		level = slog.LevelInfo
	}
	l.LogAttrs(ctx, level, "ofauth: request attempt", attrs...)
	if a.RateLimit.low() {
		l.LogAttrs(ctx, slog.LevelWarn, "ofauth: rate limit budget below 20%",
			slog.String("route", a.Route),
			slog.String("connection_id", a.ConnectionID),
			slog.Int("remaining", a.RateLimit.Remaining),
			slog.Int("limit", a.RateLimit.Limit),
			slog.Time("reset", a.RateLimit.Reset))
	}
}
