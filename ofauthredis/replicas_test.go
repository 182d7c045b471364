package ofauthredis_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signalLimiter passes calls through and signals each Observe that asked
// for a pause.
type signalLimiter struct {
	ofauth.ConnectionLimiter
	paused chan struct{}
}

func (s signalLimiter) Observe(ctx context.Context, id string, fb ofauth.RateLimitFeedback) {
	s.ConnectionLimiter.Observe(ctx, id, fb)
	if fb.Pause() > 0 {
		select {
		case s.paused <- struct{}{}:
		default:
		}
	}
}

// TestReplicasShareOneBudget: two clients, each with its own Limiter and
// Redis connection (two replicas), 16 goroutines each on one connection:
// the server sees the combined traffic within one budget plus its burst,
// and after one 429 with Retry-After no replica sends until it ends.
func TestReplicasShareOneBudget(t *testing.T) {
	const (
		perMinute = 1200 // one request every 50ms
		interval  = 50 * time.Millisecond
		burst     = 5
		replicas  = 2
		perClient = 16
		conn      = "conn_shared"
	)
	srv := startRedis(t)
	api := &arrivals{}
	hs := httptest.NewServer(api)
	t.Cleanup(hs.Close)

	var clients []*ofauth.Client
	var limiters []signalLimiter
	for i := 0; i < replicas; i++ {
		l := signalLimiter{ofauthredis.NewLimiter(srv.Client(t), perMinute, burst), make(chan struct{}, 1)}
		limiters = append(limiters, l)
		clients = append(clients, newAPIClient(t, hs.URL, l))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	storm := func() {
		var wg sync.WaitGroup
		for _, c := range clients {
			a := c.Access.WithConnection(conn)
			for g := 0; g < perClient; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					assert.NoError(t, a.Do(ctx, "GET", "/self", nil, nil))
				}()
			}
		}
		wg.Wait()
	}

	// 1. The combined rate.
	storm()
	times := api.snapshot()
	require.Len(t, times, replicas*perClient)
	assertWithinBudget(t, times, interval, burst)
	// One budget needs (32-5)*50ms from the first arrival to the last; two
	// separate budgets would need less than half of that. Three quarters
	// leave room for a loaded machine's delays.
	minSpan := time.Duration(len(times)-burst) * interval * 3 / 4
	assert.GreaterOrEqual(t, times[len(times)-1].Sub(times[0]), minSpan, "the replicas shared one budget")

	// 2. The server's pause: the first replica's next request gets a 429
	// with Retry-After; once it has seen it, every replica starts sending.
	const retryAfter = 800 * time.Millisecond
	api.mu.Lock()
	api.pauseNext = retryAfter
	api.mu.Unlock()
	first := make(chan error, 1)
	go func() { first <- clients[0].Access.WithConnection(conn).Do(ctx, "GET", "/self", nil, nil) }()
	<-limiters[0].paused
	api.mu.Lock()
	resetAt := api.resetAt
	api.mu.Unlock()
	storm()
	require.NoError(t, <-first, "the 429's caller waits it out and succeeds")

	api.mu.Lock()
	defer api.mu.Unlock()
	assert.Equal(t, 1, api.limited, "one 429 for all replicas")
	after := 0
	for _, at := range api.times[replicas*perClient:] {
		after++
		assert.False(t, at.Before(resetAt), "a request arrived %v before the pause ended", resetAt.Sub(at))
	}
	assert.Equal(t, replicas*perClient+1, after)
}

// assertWithinBudget checks that no span of arrivals holds more requests
// than the burst plus one per interval, with two requests of slack for the
// time between a grant in Redis and its arrival (two separate budgets
// would send twice the burst at once).
func assertWithinBudget(t *testing.T, times []time.Time, interval time.Duration, burst int) {
	t.Helper()
	for i := range times {
		for j := i; j < len(times); j++ {
			n := j - i + 1
			allowed := burst + int(times[j].Sub(times[i])/interval) + 2
			if n > allowed {
				t.Errorf("%d requests within %v; the budget allows %d", n, times[j].Sub(times[i]), allowed)
				return
			}
		}
	}
}

// TestReplicasHandleAnEventOnce: two webhook handlers (two replicas) on
// one Redis, each with its own Deduper.
func TestReplicasHandleAnEventOnce(t *testing.T) {
	srv := startRedis(t)
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	const reservationTTL = 300 * time.Millisecond

	var mu sync.Mutex
	runs := map[string]int{}
	failNext := map[string]bool{}
	entered := make(chan string, 64)
	gate := map[string]chan struct{}{}
	fn := func(ctx context.Context, e *ofauth.WebhookEvent) error {
		mu.Lock()
		runs[e.ID]++
		fail := failNext[e.ID]
		failNext[e.ID] = false
		g := gate[e.ID]
		mu.Unlock()
		entered <- e.ID
		if g != nil {
			<-g
		}
		if fail {
			return errors.New("side effect failed")
		}
		return nil
	}
	var handlers []http.Handler
	for i := 0; i < 2; i++ {
		d := ofauthredis.NewDeduper(srv.Client(t), ofauthredis.WithReservationTTL(reservationTTL),
			ofauthredis.WithPollInterval(20*time.Millisecond))
		handlers = append(handlers, v.Handler(fn, ofauth.WithDeduper(d)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("20 concurrent deliveries run fn once", func(t *testing.T) {
		ev := newWebhook(secret, "msg_concurrent")
		g := make(chan struct{})
		mu.Lock()
		gate[ev.id] = g
		mu.Unlock()
		var wg sync.WaitGroup
		codes := make([]int, 20)
		arrived := make(chan struct{}, len(codes))
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				arrived <- struct{}{}
				codes[i] = ev.deliver(t, ctx, handlers[i%2])
			}()
		}
		// One delivery holds the event inside fn while all the others are
		// in flight; then fn finishes.
		<-entered
		for range codes {
			<-arrived
		}
		close(g)
		wg.Wait()
		for i, c := range codes {
			assert.Equal(t, http.StatusOK, c, "delivery %d", i)
		}
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, 1, runs[ev.id])
	})

	t.Run("a failure lets a redelivery run fn again", func(t *testing.T) {
		ev := newWebhook(secret, "msg_fails_once")
		mu.Lock()
		failNext[ev.id] = true
		mu.Unlock()
		assert.Equal(t, http.StatusInternalServerError, ev.deliver(t, ctx, handlers[0]))
		assert.Equal(t, http.StatusOK, ev.deliver(t, ctx, handlers[1]), "the redelivery lands on the other replica")
		assert.Equal(t, http.StatusOK, ev.deliver(t, ctx, handlers[0]))
		drain(entered)
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, 2, runs[ev.id])
	})

	t.Run("a dead holder's reservation expires", func(t *testing.T) {
		ev := newWebhook(secret, "msg_holder_dies")
		// A replica reserves the event and dies before it commits: its
		// process, and its Redis connection, are gone.
		deadRDB := srv.Client(t)
		dead := ofauthredis.NewDeduper(deadRDB, ofauthredis.WithReservationTTL(reservationTTL))
		reservedAt := time.Now()
		ok, err := dead.Reserve(ctx, ev.id)
		require.NoError(t, err)
		require.True(t, ok)
		require.NoError(t, deadRDB.Close())

		// A redelivery with a short deadline gives up while the
		// reservation stands: 503, so OFAuth delivers again.
		short, cancelShort := context.WithTimeout(ctx, reservationTTL/10)
		assert.Equal(t, http.StatusServiceUnavailable, ev.deliver(t, short, handlers[0]))
		cancelShort()
		// The next one waits for the reservation to expire and runs fn.
		assert.Equal(t, http.StatusOK, ev.deliver(t, ctx, handlers[1]))
		assert.GreaterOrEqual(t, time.Since(reservedAt), reservationTTL-5*time.Millisecond, "not before the reservation expired")
		assert.Equal(t, http.StatusOK, ev.deliver(t, ctx, handlers[0]))
		drain(entered)
		mu.Lock()
		defer mu.Unlock()
		assert.Equal(t, 1, runs[ev.id])
	})
}

func drain(c chan string) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
