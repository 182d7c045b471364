package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/redis/go-redis/v9"
)

// sharedState is what the app's replicas share through Redis: the record
// of handled webhook events (a redelivery that lands on another replica is
// not processed twice) and each connection's rate budget (all replicas
// together stay within the API's limit, and a 429 seen by one holds them
// all). Without Redis both stay in the process.
type sharedState struct {
	rdb redis.UniversalClient // nil: in process
}

// openShared connects to the Redis at url (redis://host:port/db, or
// rediss:// for TLS); an empty url keeps the state in the process.
func openShared(ctx context.Context, url string, log *slog.Logger) (*sharedState, error) {
	if url == "" {
		return &sharedState{}, nil
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("linkapp: OFAUTH_REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opts)
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("linkapp: redis at %s: %w", opts.Addr, err)
	}
	log.Info("sharing webhook dedupe and rate budgets through redis", "addr", opts.Addr)
	return &sharedState{rdb: rdb}, nil
}

// clientOptions paces the SDK client with the budget shared by replicas.
func (s *sharedState) clientOptions(log *slog.Logger) []ofauth.Option {
	if s.rdb == nil {
		return nil
	}
	l := ofauthredis.NewLimiter(s.rdb, ofauth.DefaultConnectionRatePerMinute, ofauth.DefaultConnectionBurst,
		ofauthredis.WithKeyPrefix("linkapp:"), ofauthredis.WithLogger(log))
	return []ofauth.Option{ofauth.WithConnectionLimiter(l)}
}

// webhookOptions dedupes webhook deliveries across replicas.
func (s *sharedState) webhookOptions(log *slog.Logger) []ofauth.WebhookHandlerOption {
	if s.rdb == nil {
		return nil
	}
	d := ofauthredis.NewDeduper(s.rdb, ofauthredis.WithKeyPrefix("linkapp:"), ofauthredis.WithLogger(log))
	return []ofauth.WebhookHandlerOption{ofauth.WithDeduper(d)}
}

// Close releases the Redis connections.
func (s *sharedState) Close() error {
	if s.rdb == nil {
		return nil
	}
	return s.rdb.Close()
}
