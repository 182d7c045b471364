package ofauthredis_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRedisStoppedMidTest: Redis goes away while replicas use it. The
// limiter fails open by default (requests go, a line is logged) or closed
// when asked (the call fails with ErrUnavailable, nothing sent); the
// deduper fails closed by default (503, fn not run) or open when asked
// (fn runs). Nothing panics, and every call returns within its context.
func TestRedisStoppedMidTest(t *testing.T) {
	srv := startRedis(t)
	var logs logBuffer
	api := &arrivals{}
	hs := httptest.NewServer(api)
	t.Cleanup(hs.Close)
	openLim := ofauthredis.NewLimiter(srv.Client(t), 6000, 10, ofauthredis.WithLogger(logs.Logger()))
	closedLim := ofauthredis.NewLimiter(srv.Client(t), 6000, 10, ofauthredis.WithFailMode(ofauthredis.FailClosed))
	openClient := newAPIClient(t, hs.URL, openLim)
	closedClient := newAPIClient(t, hs.URL, closedLim)

	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	var runs atomic.Int32
	fn := func(context.Context, *ofauth.WebhookEvent) error { runs.Add(1); return nil }
	closedHandler := v.Handler(fn, ofauth.WithDeduper(ofauthredis.NewDeduper(srv.Client(t))))
	openDeduper := ofauthredis.NewDeduper(srv.Client(t), ofauthredis.WithFailMode(ofauthredis.FailOpen),
		ofauthredis.WithLogger(logs.Logger()))
	openHandler := v.Handler(fn, ofauth.WithDeduper(openDeduper))

	ctx := context.Background()
	call := func(c *ofauth.Client) error {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		start := time.Now()
		err := c.Access.WithConnection("conn").Do(cctx, "GET", "/self", nil, nil)
		assert.Less(t, time.Since(start), 5*time.Second, "returned within the context")
		return err
	}
	// While Redis runs, everything works.
	require.NoError(t, call(openClient))
	require.NoError(t, call(closedClient))
	assert.Equal(t, http.StatusOK, newWebhook(secret, "msg_up").deliver(t, ctx, closedHandler))
	assert.Equal(t, int32(1), runs.Load())

	srv.Stop()

	before := api.requests
	require.NoError(t, call(openClient), "fail-open: the request goes")
	assert.Contains(t, logs.String(), "redis unavailable")
	err = call(closedClient)
	assert.ErrorIs(t, err, ofauthredis.ErrUnavailable, "fail-closed")
	api.mu.Lock()
	assert.Equal(t, before+1, api.requests, "only the fail-open request was sent")
	api.mu.Unlock()
	// Observing a 429 with Redis down only logs.
	openLim.Observe(ctx, "conn", ofauth.RateLimitFeedback{StatusCode: 429, RetryAfter: time.Second, Received: time.Now()})

	// The deduper fails closed by default: OFAuth will deliver again.
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	assert.Equal(t, http.StatusServiceUnavailable, newWebhook(secret, "msg_down").deliver(t, dctx, closedHandler))
	assert.Equal(t, int32(1), runs.Load(), "fn did not run")
	d := ofauthredis.NewDeduper(srv.Client(t))
	_, err = d.Reserve(dctx, "msg_down")
	assert.ErrorIs(t, err, ofauthredis.ErrUnavailable)
	assert.ErrorIs(t, d.Commit(dctx, "msg_down"), ofauthredis.ErrUnavailable)
	// Fail-open runs fn.
	assert.Equal(t, http.StatusOK, newWebhook(secret, "msg_down").deliver(t, dctx, openHandler))
	assert.Equal(t, int32(2), runs.Load())
	require.NoError(t, dctx.Err(), "nothing waited out the context")
}

// TestRedisStoppedWhileWaiting: callers blocked on Redis state (a held
// reservation, a paused connection) return when Redis goes away.
func TestRedisStoppedWhileWaiting(t *testing.T) {
	srv := startRedis(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	holder := ofauthredis.NewDeduper(srv.Client(t))
	ok, err := holder.Reserve(ctx, "evt")
	require.NoError(t, err)
	require.True(t, ok)
	lim := ofauthredis.NewLimiter(srv.Client(t), 60, 1, ofauthredis.WithFailMode(ofauthredis.FailClosed))
	lim.Observe(ctx, "conn", ofauth.RateLimitFeedback{StatusCode: 429, RetryAfter: time.Minute, Received: time.Now()})

	waiter := ofauthredis.NewDeduper(srv.Client(t), ofauthredis.WithPollInterval(20*time.Millisecond))
	reserveErr := make(chan error, 1)
	go func() {
		_, err := waiter.Reserve(ctx, "evt")
		reserveErr <- err
	}()
	// The pause is a minute, the deadline ten seconds: the limiter says
	// so at once rather than wait.
	assert.ErrorIs(t, lim.Wait(ctx, "conn"), context.DeadlineExceeded)

	srv.Stop()
	assert.ErrorIs(t, <-reserveErr, ofauthredis.ErrUnavailable)
	assert.ErrorIs(t, lim.Wait(ctx, "conn"), ofauthredis.ErrUnavailable)
	require.NoError(t, ctx.Err())
}
