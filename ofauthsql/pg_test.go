package ofauthsql

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
)

// TestPostgresStoppedMidTest stops the server while deliveries wait and
// run: dedupe fails closed, nothing panics, and every call returns within
// its context.
func TestPostgresStoppedMidTest(t *testing.T) {
	srv := startPostgres(t)
	r := newReplicas(t, postgresBackend(srv))
	var waiting atomic.Int32
	r.d2.waiting = func(string) { waiting.Add(1) }
	var runs atomic.Int32
	fn := func(context.Context, *ofauth.WebhookEvent) error { runs.Add(1); return nil }
	h1, h2 := r.handlers(fn, fn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	assert.Equal(t, http.StatusOK, deliver(ctx, t, h1, r.secret, "msg_before").Code)
	held, err := r.d1.Reserve(ctx, "msg_held")
	require.NoError(t, err)
	require.True(t, held)

	// Deliveries waiting for the held event when the server goes away.
	const n = 4
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- deliver(ctx, t, h2, r.secret, "msg_held").Code
		}()
	}
	waitFor(t, "deliveries to wait", func() bool { return waiting.Load() == n })
	srv.Stop(t)
	wg.Wait()
	close(codes)
	for code := range codes {
		assert.Equal(t, http.StatusServiceUnavailable, code)
	}
	require.NoError(t, ctx.Err(), "calls must end with the server, not with the context")

	// Fresh deliveries are refused, not run.
	assert.Equal(t, http.StatusServiceUnavailable, deliver(ctx, t, h1, r.secret, "msg_after").Code)
	assert.Equal(t, http.StatusServiceUnavailable, deliver(ctx, t, h2, r.secret, "msg_before").Code)
	assert.EqualValues(t, 1, runs.Load())
	ok, err := r.d1.Reserve(ctx, "msg_after")
	assert.False(t, ok)
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, r.d1.Commit(ctx, "msg_held"), ErrUnavailable)
	_, err = r.d1.Purge(ctx)
	assert.ErrorIs(t, err, ErrUnavailable)

	// A call given a short context returns by its deadline.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	start := time.Now()
	_, err = r.d2.Reserve(short, "msg_x")
	assert.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
}

// TestPostgresErrorHidesPassword checks that a connection string's
// password never reaches an error.
func TestPostgresErrorHidesPassword(t *testing.T) {
	port := freePort(t) // nothing listens there any more
	db, err := sql.Open("pgx", "postgres://app:hunter2-secret@127.0.0.1:"+strconv.Itoa(port)+"/x?sslmode=disable&connect_timeout=5")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	d := NewDeduper(db)
	ctx := context.Background()
	_, err = d.Reserve(ctx, "id")
	require.ErrorIs(t, err, ErrUnavailable)
	assert.NotContains(t, err.Error(), "hunter2")
	err = d.Migrate(ctx)
	require.ErrorIs(t, err, ErrUnavailable)
	assert.NotContains(t, err.Error(), "hunter2")
}

// testPostgresSchemaTable keeps the table in a schema of its own.
func testPostgresSchemaTable(t *testing.T, srv *pgServer) {
	db := srv.OpenDB(t, srv.CreateSchema(t))
	ctx := context.Background()
	_, err := db.ExecContext(ctx, "CREATE SCHEMA app")
	require.NoError(t, err)
	d := NewDeduper(db, WithTable("app.webhook_ids"))
	require.NoError(t, d.Migrate(ctx))
	require.NoError(t, d.Migrate(ctx))
	ok, err := d.Reserve(ctx, "id")
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, d.Commit(ctx, "id"))
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM app.webhook_ids WHERE state = 'handled'").Scan(&n))
	assert.Equal(t, 1, n)
}
