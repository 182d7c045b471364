package ofauthredis_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLimiterInvalidParameters(t *testing.T) {
	srv := startRedis(t)
	for _, tc := range []struct {
		perMinute float64
		burst     int
	}{{0, 1}, {-1, 1}, {60, 0}, {math.NaN(), 1}, {math.Inf(1), 1}} {
		l := ofauthredis.NewLimiter(srv.Client(t), tc.perMinute, tc.burst)
		assert.ErrorIs(t, l.Wait(context.Background(), "c"), ofauth.ErrInvalidOption, "%v/%d", tc.perMinute, tc.burst)
	}
}

func TestLimiterBurstThenWait(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.Client(t)
	l := ofauthredis.NewLimiter(rdb, 1, 3, ofauthredis.WithKeyPrefix("p:")) // a token a minute
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		require.NoError(t, l.Wait(ctx, "conn"), "the burst goes at once")
	}
	assert.Equal(t, int64(1), rdb.Exists(ctx, "p:limit:conn").Val())

	// The next slot is a minute away: a shorter deadline fails at once
	// with the context's error.
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	err := l.Wait(short, "conn")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)

	// Other connections have their own budget.
	require.NoError(t, l.Wait(ctx, "other"))

	// A cancelled context ends a wait.
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	assert.ErrorIs(t, l.Wait(cctx, "conn"), context.Canceled)
}

func TestLimiterPauseHoldsOtherReplicas(t *testing.T) {
	srv := startRedis(t)
	const interval = 50 * time.Millisecond
	a := ofauthredis.NewLimiter(srv.Client(t), 1200, 10)
	b := ofauthredis.NewLimiter(srv.Client(t), 1200, 10)
	ctx := context.Background()
	require.NoError(t, b.Wait(ctx, "conn"))

	const pause = 300 * time.Millisecond
	received := time.Now()
	a.Observe(ctx, "conn", ofauth.RateLimitFeedback{StatusCode: 429, RetryAfter: pause, Received: received,
		RateLimit: ofauth.RateLimit{Limit: -1, Remaining: -1}})
	// A shorter pause does not shorten it.
	a.Observe(ctx, "conn", ofauth.RateLimitFeedback{StatusCode: 429, RetryAfter: time.Millisecond, Received: time.Now()})
	// Nor does a response without a pause.
	a.Observe(ctx, "conn", ofauth.RateLimitFeedback{StatusCode: 200, RateLimit: ofauth.RateLimit{Limit: 60, Remaining: 10}, Received: time.Now()})

	short, cancel := context.WithTimeout(ctx, pause/3)
	assert.ErrorIs(t, b.Wait(short, "conn"), context.DeadlineExceeded, "a wait past the deadline fails at once")
	cancel()
	// b waits out a's pause, then resumes one request per interval rather
	// than in a burst.
	for k := 0; k < 4; k++ {
		require.NoError(t, b.Wait(ctx, "conn"))
		earliest := pause + time.Duration(k)*interval - 2*time.Millisecond
		assert.GreaterOrEqual(t, time.Since(received), earliest, "request %d", k)
	}
	require.NoError(t, b.Wait(ctx, "other"), "other connections are not paused")
}
