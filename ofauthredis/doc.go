// Package ofauthredis keeps the state that replicas of a service must
// share on Redis: webhook dedupe and the per-connection rate budget of the
// OFAuth Access API.
//
// A service that runs several replicas behind a load balancer cannot rely
// on the SDK's in-process defaults: a redelivered webhook may land on
// another replica and run the handler again, and each replica's own rate
// limiter believes it owns the connection's whole budget. NewDeduper and
// NewLimiter give every replica one shared view:
//
//	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
//
//	limiter := ofauthredis.NewLimiter(rdb, ofauth.DefaultConnectionRatePerMinute, ofauth.DefaultConnectionBurst)
//	client, err := ofauth.NewClient(apiKey, ofauth.WithConnectionLimiter(limiter))
//
//	handler := verifier.Handler(fn, ofauth.WithDeduper(ofauthredis.NewDeduper(rdb)))
//
// Both take a redis.UniversalClient, so a single node, Sentinel and
// Cluster all work: every script touches a single key, under a
// configurable prefix (WithKeyPrefix), and reads time from Redis (TIME,
// PX expiries), never from the replicas' clocks.
//
// When Redis cannot be reached, the fail mode decides (WithFailMode): the
// Limiter fails open by default (requests go unpaced; the failure is
// logged), the Deduper fails closed (Reserve returns an error matching
// ErrUnavailable and the webhook handler answers 503, so OFAuth delivers
// the event again), since a duplicate side effect is worse than a retried
// delivery.
package ofauthredis
