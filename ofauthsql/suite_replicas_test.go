package ofauthsql

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
)

// The suite's cases on replicas sharing one database: deliveries, waits
// and expiry.

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
	r := newReplicas(t, b, WithHandledTTL(time.Hour))
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

func testConcurrentTakeover(t *testing.T, b backend) {
	r := newReplicas(t, b)
	ctx := context.Background()
	ok, err := r.d1.Reserve(ctx, "msg_takeover")
	require.NoError(t, err)
	require.True(t, ok)
	r.clock.Advance(testReservationTTL) // its holder died

	// Both replicas race to take the expired reservation over: the
	// conditional update lets exactly one of them win.
	const n = 20
	var claims, duplicates atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := r.d1
			if i%2 == 1 {
				d = r.d2
			}
			<-start
			ok, err := d.Reserve(ctx, "msg_takeover")
			switch {
			case err != nil:
				t.Error(err)
			case ok:
				claims.Add(1)
				assert.NoError(t, d.Commit(ctx, "msg_takeover"))
			default:
				duplicates.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.EqualValues(t, 1, claims.Load())
	assert.EqualValues(t, n-1, duplicates.Load())
}
