package ofauthsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// backend opens two handles to one fresh database: what two replicas of a
// service have.
type backend struct {
	name string
	open func(t *testing.T) (*sql.DB, *sql.DB)
}

func sqliteBackend() backend {
	return backend{name: "sqlite", open: func(t *testing.T) (*sql.DB, *sql.DB) {
		path := tempPath(t, "dedupe.db")
		return openSQLite(t, path), openSQLite(t, path)
	}}
}

func postgresBackend(srv *pgServer) backend {
	return backend{name: "postgres", open: func(t *testing.T) (*sql.DB, *sql.DB) {
		name := srv.CreateSchema(t)
		return srv.OpenDB(t, name), srv.OpenDB(t, name)
	}}
}

const testReservationTTL = time.Minute

// replicas are two Dedupers on two handles to one database, sharing a
// fake clock, with the table migrated.
type replicas struct {
	db1, db2 *sql.DB
	d1, d2   *Deduper
	clock    *fakeClock
	secret   string
	v        *ofauth.WebhookVerifier
}

func newReplicas(t *testing.T, b backend, opts ...Option) *replicas {
	t.Helper()
	r := &replicas{clock: newFakeClock(), secret: ofauthtest.NewWebhookSecret()}
	r.db1, r.db2 = b.open(t)
	all := append([]Option{
		WithClock(r.clock.Now),
		WithReservationTTL(testReservationTTL),
		WithPollInterval(time.Millisecond, 20*time.Millisecond),
	}, opts...)
	r.d1, r.d2 = NewDeduper(r.db1, all...), NewDeduper(r.db2, all...)
	require.NoError(t, r.d1.Migrate(context.Background()))
	var err error
	r.v, err = ofauth.NewWebhookVerifier(r.secret)
	require.NoError(t, err)
	return r
}

// handlers returns the webhook handlers of the two replicas.
func (r *replicas) handlers(fn1, fn2 ofauth.WebhookFunc) (http.Handler, http.Handler) {
	return r.v.Handler(fn1, ofauth.WithDeduper(r.d1)), r.v.Handler(fn2, ofauth.WithDeduper(r.d2))
}

// state returns the state of id's row, "" when there is none.
func (r *replicas) state(t *testing.T, id string) string {
	t.Helper()
	q := "SELECT state FROM " + r.d1.cfg.table + " WHERE id = $1"
	if r.d1.Dialect() == DialectSQLite {
		q = strings.ReplaceAll(q, "$", "?")
	}
	var state string
	err := r.db1.QueryRowContext(context.Background(), q, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	require.NoError(t, err)
	return state
}

func (r *replicas) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	require.NoError(t, r.db1.QueryRowContext(context.Background(), query).Scan(&n))
	return n
}

// runSuite runs the behaviour every backend must have.
func runSuite(t *testing.T, b backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b backend)
	}{
		{"ConcurrentDeliveriesAcrossReplicasRunOnce", testConcurrentDeliveries},
		{"RedeliveryAfterFailureRunsAgain", testRedeliveryAfterFailure},
		{"DeadHolderExpires", testDeadHolderExpires},
		{"WaiterSeesCommitOrRelease", testWaiterSeesCommitOrRelease},
		{"StaleHolderCannotEndNewClaim", testStaleHolder},
		{"HandledIDForgottenAfterTTL", testTTL},
		{"InboxCommitsWithSideEffect", testInboxCommit},
		{"InboxRollbackRunsAgain", testInboxRollback},
		{"CommitTxRefusesWhenNotHolder", testCommitTxNotHolder},
		{"Purge", testPurge},
		{"OpportunisticPurge", testOpportunisticPurge},
		{"MigrateIsExplicitAndIdempotent", testMigrate},
		{"ClosedDatabaseFailsClosed", testClosedDB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, b) })
	}
}

func testConcurrentDeliveries(t *testing.T, b backend) {
	r := newReplicas(t, b)
	var waiting atomic.Int32
	r.d1.waiting = func(string) { waiting.Add(1) }
	r.d2.waiting = r.d1.waiting
	var runs atomic.Int32
	release := make(chan struct{})
	fn := func(context.Context, *ofauth.WebhookEvent) error {
		if runs.Add(1) == 1 {
			<-release // the first run holds the event while the others arrive
		}
		return nil
	}
	var once sync.Once
	releaseOnce := func() { once.Do(func() { close(release) }) }
	defer releaseOnce() // also when an assertion below stops the test
	h1, h2 := r.handlers(fn, fn)
	const n = 20
	answers := make([]int, n)
	duplicates := atomic.Int32{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := h1
			if i%2 == 1 {
				h = h2
			}
			w := deliver(context.Background(), t, h, r.secret, "msg_concurrent")
			answers[i] = w.Code
			if strings.Contains(w.Body.String(), `"duplicate":true`) {
				duplicates.Add(1)
			}
		}()
	}
	// Every other delivery waits on both replicas while one runs.
	waitFor(t, "19 deliveries to wait for the holder", func() bool { return waiting.Load() == n-1 || runs.Load() > 1 })
	assert.EqualValues(t, 1, runs.Load())
	releaseOnce()
	wg.Wait()
	assert.EqualValues(t, 1, runs.Load(), "the handler ran more than once")
	for i, code := range answers {
		assert.Equal(t, http.StatusOK, code, "delivery %d", i)
	}
	assert.EqualValues(t, n-1, duplicates.Load())
	assert.Equal(t, stateHandled, r.state(t, "msg_concurrent"))
}

func testRedeliveryAfterFailure(t *testing.T, b backend) {
	r := newReplicas(t, b)
	var runs atomic.Int32
	fn := func(context.Context, *ofauth.WebhookEvent) error {
		if runs.Add(1) == 1 {
			return errors.New("downstream failed")
		}
		return nil
	}
	h1, h2 := r.handlers(fn, fn)
	ctx := context.Background()
	assert.Equal(t, http.StatusInternalServerError, deliver(ctx, t, h1, r.secret, "msg_fail").Code)
	assert.Equal(t, "", r.state(t, "msg_fail"), "a failed delivery must leave no record")
	w := deliver(ctx, t, h2, r.secret, "msg_fail")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "duplicate")
	w = deliver(ctx, t, h1, r.secret, "msg_fail")
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"duplicate":true`)
	assert.EqualValues(t, 2, runs.Load())
}

func testDeadHolderExpires(t *testing.T, b backend) {
	r := newReplicas(t, b)
	var waiting atomic.Int32
	r.d2.waiting = func(string) { waiting.Add(1) }
	var runs atomic.Int32
	fn := func(context.Context, *ofauth.WebhookEvent) error { runs.Add(1); return nil }
	_, h2 := r.handlers(fn, fn)
	ctx := context.Background()

	// Replica 1 claimed the event and died: no Commit, no Release.
	claimed, err := r.d1.Reserve(ctx, "msg_dead")
	require.NoError(t, err)
	require.True(t, claimed)

	// While the reservation lasts, a redelivery waits and gives up with
	// its request.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	assert.Equal(t, http.StatusServiceUnavailable, deliver(short, t, h2, r.secret, "msg_dead").Code)
	assert.EqualValues(t, 0, runs.Load())

	// A redelivery that waits takes the event over once it expires.
	done := make(chan int)
	go func() { done <- deliver(ctx, t, h2, r.secret, "msg_dead").Code }()
	waitFor(t, "the redelivery to wait", func() bool { return waiting.Load() == 2 })
	r.clock.Advance(testReservationTTL)
	assert.Equal(t, http.StatusOK, recv(t, done))
	assert.EqualValues(t, 1, runs.Load())
	assert.Equal(t, stateHandled, r.state(t, "msg_dead"))
}

func testWaiterSeesCommitOrRelease(t *testing.T, b backend) {
	r := newReplicas(t, b)
	waiting := make(chan string, 4)
	r.d2.waiting = func(id string) { waiting <- id }
	ctx := context.Background()
	type result struct {
		ok  bool
		err error
	}
	reserve := func(id string) chan result {
		ch := make(chan result, 1)
		go func() {
			ok, err := r.d2.Reserve(ctx, id)
			ch <- result{ok, err}
		}()
		return ch
	}

	ok, err := r.d1.Reserve(ctx, "msg_commit")
	require.NoError(t, err)
	require.True(t, ok)
	res := reserve("msg_commit")
	assert.Equal(t, "msg_commit", recv(t, waiting))
	require.NoError(t, r.d1.Commit(ctx, "msg_commit"))
	assert.Equal(t, result{false, nil}, recv(t, res), "a committed id is a duplicate")

	ok, err = r.d1.Reserve(ctx, "msg_release")
	require.NoError(t, err)
	require.True(t, ok)
	res = reserve("msg_release")
	assert.Equal(t, "msg_release", recv(t, waiting))
	require.NoError(t, r.d1.Release(ctx, "msg_release"))
	assert.Equal(t, result{true, nil}, recv(t, res), "a released id is claimed by the waiter")
	assert.Equal(t, stateReserved, r.state(t, "msg_release"))

	// A waiter gives up with its context.
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	ok, err = r.d1.Reserve(short, "msg_release")
	assert.False(t, ok)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrUnavailable)
}

func testStaleHolder(t *testing.T, b backend) {
	r := newReplicas(t, b)
	ctx := context.Background()
	ok, err := r.d1.Reserve(ctx, "msg_stale")
	require.NoError(t, err)
	require.True(t, ok)
	r.clock.Advance(testReservationTTL + time.Millisecond)
	ok, err = r.d2.Reserve(ctx, "msg_stale")
	require.NoError(t, err)
	require.True(t, ok, "an expired reservation is taken over")

	// The first holder comes back late: its Release must not end the
	// second holder's claim.
	require.NoError(t, r.d1.Release(ctx, "msg_stale"))
	assert.Equal(t, stateReserved, r.state(t, "msg_stale"))
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err = r.d1.Reserve(short, "msg_stale")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	require.NoError(t, r.d2.Commit(ctx, "msg_stale"))
	ok, err = r.d1.Reserve(ctx, "msg_stale")
	require.NoError(t, err)
	assert.False(t, ok)
}

func testTTL(t *testing.T, b backend) {
	r := newReplicas(t, b, WithTTL(time.Hour))
	ctx := context.Background()
	ok, err := r.d1.Reserve(ctx, "msg_ttl")
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, r.d1.Commit(ctx, "msg_ttl"))
	r.clock.Advance(time.Hour - time.Millisecond)
	ok, err = r.d2.Reserve(ctx, "msg_ttl")
	require.NoError(t, err)
	assert.False(t, ok, "remembered within the TTL")
	r.clock.Advance(time.Millisecond)
	ok, err = r.d2.Reserve(ctx, "msg_ttl")
	require.NoError(t, err)
	assert.True(t, ok, "forgotten after the TTL")
	// Commit is idempotent, and Release after it keeps the record.
	require.NoError(t, r.d2.Commit(ctx, "msg_ttl"))
	require.NoError(t, r.d2.Commit(ctx, "msg_ttl"))
	require.NoError(t, r.d2.Release(ctx, "msg_ttl"))
	assert.Equal(t, stateHandled, r.state(t, "msg_ttl"))
}

// effects makes a table the inbox tests' handlers write their side effect
// to, and returns its name.
func effects(t *testing.T, r *replicas) string {
	t.Helper()
	name := fmt.Sprintf("effects_%d", dbSeq.Add(1))
	_, err := r.db1.ExecContext(context.Background(), "CREATE TABLE "+name+" (event_id TEXT NOT NULL)")
	require.NoError(t, err)
	return name
}

func insertEffect(ctx context.Context, d *Deduper, tx *sql.Tx, table, id string) error {
	q := "INSERT INTO " + table + " (event_id) VALUES ($1)"
	if d.Dialect() == DialectSQLite {
		q = strings.ReplaceAll(q, "$", "?")
	}
	_, err := tx.ExecContext(ctx, q, id)
	return err
}

func testInboxCommit(t *testing.T, b backend) {
	r := newReplicas(t, b)
	table := effects(t, r)
	var runs atomic.Int32
	h1, h2 := r.handlers(
		r.d1.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			runs.Add(1)
			return insertEffect(ctx, r.d1, tx, table, e.ID)
		}),
		r.d2.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			runs.Add(1)
			return insertEffect(ctx, r.d2, tx, table, e.ID)
		}))
	var wg sync.WaitGroup
	codes := make([]int, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := h1
			if i%2 == 1 {
				h = h2
			}
			codes[i] = deliver(context.Background(), t, h, r.secret, "msg_inbox").Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		assert.Equal(t, http.StatusOK, code, "delivery %d", i)
	}
	assert.EqualValues(t, 1, runs.Load())
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+table))
	assert.Equal(t, stateHandled, r.state(t, "msg_inbox"))
}

func testInboxRollback(t *testing.T, b backend) {
	r := newReplicas(t, b)
	table := effects(t, r)
	var runs atomic.Int32
	fn := func(d *Deduper) ofauth.WebhookFunc {
		return d.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			if err := insertEffect(ctx, d, tx, table, e.ID); err != nil {
				return err
			}
			if runs.Add(1) == 1 {
				return errors.New("failed after writing") // rolls the write back
			}
			return nil
		})
	}
	h1, h2 := r.handlers(fn(r.d1), fn(r.d2))
	ctx := context.Background()
	assert.Equal(t, http.StatusInternalServerError, deliver(ctx, t, h1, r.secret, "msg_rollback").Code)
	assert.Equal(t, 0, r.count(t, "SELECT count(*) FROM "+table), "the side effect was rolled back")
	assert.Equal(t, "", r.state(t, "msg_rollback"), "the id was not recorded")
	assert.Equal(t, http.StatusOK, deliver(ctx, t, h2, r.secret, "msg_rollback").Code)
	assert.Equal(t, http.StatusOK, deliver(ctx, t, h1, r.secret, "msg_rollback").Code)
	assert.EqualValues(t, 2, runs.Load())
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+table))

	// CommitTx in a transaction that rolls back records nothing.
	tx, err := r.db1.BeginTx(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, r.d1.CommitTx(ctx, tx, "msg_tx"))
	require.NoError(t, tx.Rollback())
	assert.Equal(t, "", r.state(t, "msg_tx"))
	ok, err := r.d2.Reserve(ctx, "msg_tx")
	require.NoError(t, err)
	assert.True(t, ok)
}

func testCommitTxNotHolder(t *testing.T, b backend) {
	r := newReplicas(t, b)
	ctx := context.Background()
	commitTx := func(d *Deduper, db *sql.DB, id string) error {
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		if err := d.CommitTx(ctx, tx, id); err != nil {
			require.NoError(t, tx.Rollback())
			return err
		}
		return tx.Commit()
	}

	// Held by replica 1: replica 2 may not record it.
	ok, err := r.d1.Reserve(ctx, "msg_held")
	require.NoError(t, err)
	require.True(t, ok)
	assert.ErrorIs(t, commitTx(r.d2, r.db2, "msg_held"), ErrDuplicate)

	// Replica 1 overran its reservation and replica 2 took over: replica
	// 1's late side effect is refused, replica 2's is recorded.
	r.clock.Advance(testReservationTTL)
	ok, err = r.d2.Reserve(ctx, "msg_held")
	require.NoError(t, err)
	require.True(t, ok)
	assert.ErrorIs(t, commitTx(r.d1, r.db1, "msg_held"), ErrDuplicate)
	require.NoError(t, commitTx(r.d2, r.db2, "msg_held"))
	assert.ErrorIs(t, commitTx(r.d1, r.db1, "msg_held"), ErrDuplicate, "already handled")
	require.NoError(t, r.d2.Commit(ctx, "msg_held"), "Commit after CommitTx")

	// A free id is recorded without a reservation.
	require.NoError(t, commitTx(r.d1, r.db1, "msg_free"))
	ok, err = r.d2.Reserve(ctx, "msg_free")
	require.NoError(t, err)
	assert.False(t, ok)

	tx, err := r.db1.BeginTx(ctx, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, r.d1.CommitTx(ctx, tx, ""), ErrEmptyID)
	assert.ErrorIs(t, r.d1.CommitTx(ctx, nil, "x"), ErrConfig)
	require.NoError(t, tx.Rollback())
}

func testPurge(t *testing.T, b backend) {
	r := newReplicas(t, b, WithTTL(time.Hour), WithPurgeInterval(-1), WithPurgeBatch(2))
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
	r := newReplicas(t, b, WithTTL(time.Hour), WithPurgeInterval(time.Minute))
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
