package ofauthsql

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
)

// The suite's cases on the table: purges, migration, failures.

func testPurge(t *testing.T, b backend) {
	r := newReplicas(t, b, WithHandledTTL(time.Hour), WithPurgeInterval(-1), WithPurgeBatch(2))
	ctx := context.Background()
	for i := range 5 {
		require.NoError(t, r.d1.Commit(ctx, fmt.Sprintf("msg_%d", i)))
	}
	for i := range 2 {
		ok, err := r.d2.Reserve(ctx, fmt.Sprintf("msg_dead_%d", i))
		require.NoError(t, err)
		require.True(t, ok)
	}
	n, err := r.d1.Purge(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 0, n, "nothing expired yet")
	r.clock.Advance(testReservationTTL)
	n, err = r.d1.Purge(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 2, n, "the expired reservations")
	r.clock.Advance(time.Hour)
	require.NoError(t, r.d1.Commit(ctx, "msg_new"))
	n, err = r.d1.Purge(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 5, n, "the ids past their TTL, in batches")
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+DefaultTable))
}

func testOpportunisticPurge(t *testing.T, b backend) {
	r := newReplicas(t, b, WithHandledTTL(time.Hour), WithPurgeInterval(time.Minute))
	ctx := context.Background()
	require.NoError(t, r.d1.Commit(ctx, "msg_a"))
	require.NoError(t, r.d1.Commit(ctx, "msg_b"))
	r.clock.Advance(2 * time.Hour)
	require.NoError(t, r.d1.Commit(ctx, "msg_c"))
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+DefaultTable), "the Commit purged expired rows")
	r.clock.Advance(2 * time.Hour)
	require.NoError(t, r.d2.Commit(ctx, "msg_d")) // replica 2 purges on its own schedule
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+DefaultTable))
}

func testMigrate(t *testing.T, b backend) {
	db1, db2 := b.open(t)
	ctx := context.Background()
	d1 := NewDeduper(db1, WithTable("custom_dedupe"))
	d2 := NewDeduper(db2, WithTable("custom_dedupe"))
	_, err := d1.Reserve(ctx, "msg_1")
	assert.ErrorIs(t, err, ErrUnavailable, "no table before Migrate")
	_, err = db1.ExecContext(ctx, "SELECT 1 FROM custom_dedupe")
	require.Error(t, err, "Reserve must not create the table")

	errs := make(chan error, 2)
	for _, d := range []*Deduper{d1, d2} {
		go func() { errs <- d.Migrate(ctx) }()
	}
	require.NoError(t, recv(t, errs))
	require.NoError(t, recv(t, errs))
	require.NoError(t, d1.Migrate(ctx), "Migrate again")
	ok, err := d1.Reserve(ctx, "msg_1")
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = d2.Reserve(context.WithoutCancel(ctx), "msg_2")
	require.NoError(t, err)
	assert.True(t, ok)
}

func testClosedDB(t *testing.T, b backend) {
	r := newReplicas(t, b)
	ctx := context.Background()
	ok, err := r.d1.Reserve(ctx, "msg_closed")
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, r.db1.Close())
	ok, err = r.d1.Reserve(ctx, "msg_other")
	assert.False(t, ok)
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, r.d1.Commit(ctx, "msg_closed"), ErrUnavailable)

	var runs atomic.Int32
	fn := func(context.Context, *ofauth.WebhookEvent) error { runs.Add(1); return nil }
	h1, _ := r.handlers(fn, fn)
	assert.Equal(t, http.StatusServiceUnavailable, deliver(ctx, t, h1, r.secret, "msg_x").Code)
	assert.EqualValues(t, 0, runs.Load(), "fail closed: the handler does not run")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = r.d2.Reserve(cancelled, "msg_y")
	assert.ErrorIs(t, err, context.Canceled)
}
