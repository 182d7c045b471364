package ofauthredis_test

import (
	"context"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeduperReserveCommitRelease(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.Client(t)
	a := ofauthredis.NewDeduper(rdb, ofauthredis.WithKeyPrefix("svc:"))
	b := ofauthredis.NewDeduper(srv.Client(t), ofauthredis.WithKeyPrefix("svc:"))
	ctx := context.Background()

	ok, err := a.Reserve(ctx, "evt_1")
	require.NoError(t, err)
	require.True(t, ok)
	val, err := rdb.Get(ctx, "svc:dedupe:evt_1").Result()
	require.NoError(t, err)
	assert.Contains(t, val, "p:", "a reservation under the prefix")
	ttl, err := rdb.PTTL(ctx, "svc:dedupe:evt_1").Result()
	require.NoError(t, err)
	assert.InDelta(t, float64(ofauthredis.DefaultReservationTTL), float64(ttl), float64(time.Second))

	// Another replica waits while a holds the event: with a short
	// deadline it gives up with the context's error.
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	_, err = b.Reserve(short, "evt_1")
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// Released: the next delivery, on b, holds it.
	require.NoError(t, a.Release(ctx, "evt_1"))
	ok, err = b.Reserve(ctx, "evt_1")
	require.NoError(t, err)
	require.True(t, ok)
	// a no longer holds it: its Release must not drop b's reservation.
	require.NoError(t, a.Release(ctx, "evt_1"))
	assert.Equal(t, int64(1), rdb.Exists(ctx, "svc:dedupe:evt_1").Val())

	// A waiter on a is released by b's commit, and sees it handled.
	done := make(chan bool, 1)
	go func() {
		ok, err := a.Reserve(ctx, "evt_1")
		assert.NoError(t, err)
		done <- ok
	}()
	require.NoError(t, b.Commit(ctx, "evt_1"))
	assert.False(t, <-done)
	ttl = rdb.PTTL(ctx, "svc:dedupe:evt_1").Val()
	assert.Greater(t, ttl, 23*time.Hour, "handled ids are remembered for the SDK's default")

	// Releasing a handled id does not forget it.
	require.NoError(t, b.Release(ctx, "evt_1"))
	ok, err = a.Reserve(ctx, "evt_1")
	require.NoError(t, err)
	assert.False(t, ok)

	// Committing an id never reserved records it too; a nil context is
	// accepted.
	//lint:ignore SA1012 a nil context must not panic
	require.NoError(t, a.Commit(nil, "evt_2")) //nolint:staticcheck // a nil context must not panic
	//lint:ignore SA1012 a nil context must not panic
	ok, err = b.Reserve(nil, "evt_2") //nolint:staticcheck // a nil context must not panic
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestDeduperHandledTTL(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.Client(t)
	d := ofauthredis.NewDeduper(rdb, ofauthredis.WithHandledTTL(150*time.Millisecond))
	ctx := context.Background()
	ok, err := d.Reserve(ctx, "evt")
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, d.Commit(ctx, "evt"))
	ok, err = d.Reserve(ctx, "evt")
	require.NoError(t, err)
	require.False(t, ok)
	// Forgotten once the TTL ends on Redis's clock.
	require.Eventually(t, func() bool { return rdb.Exists(ctx, "ofauth:dedupe:evt").Val() == 0 },
		5*time.Second, 10*time.Millisecond)
	ok, err = d.Reserve(ctx, "evt")
	require.NoError(t, err)
	assert.True(t, ok)
}
