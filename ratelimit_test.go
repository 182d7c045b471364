package ofauth

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

func TestConnectionRateLimitPacesPerConnection(t *testing.T) {
	// 600/min = one token every 100ms, burst 2.
	c, mux := setup(t, WithConnectionRateLimit(600, 2))
	var mu sync.Mutex
	times := map[string][]time.Time{}
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		id := r.Header.Get("x-connection-id")
		times[id] = append(times[id], time.Now())
		mu.Unlock()
		writeJSON(w, 200, `{}`)
	})
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	for _, conn := range []string{"conn_a", "conn_b"} {
		a := c.Access.WithConnection(conn)
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, a.Do(ctx, "GET", "/self", nil, nil))
			}()
		}
	}
	wg.Wait()
	for _, conn := range []string{"conn_a", "conn_b"} {
		require.Len(t, times[conn], 4)
		// Burst of 2 at once, then two more tokens 100ms apart: the fourth
		// request cannot start before ~200ms.
		last := times[conn][3]
		assert.GreaterOrEqual(t, last.Sub(start), 180*time.Millisecond, conn)
	}
}

func TestConnectionRateLimitHonoursContext(t *testing.T) {
	c, mux := setup(t, WithConnectionRateLimit(1, 1))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{}`)
	})
	a := c.Access.WithConnection("conn_a")
	require.NoError(t, a.Do(context.Background(), "GET", "/self", nil, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := a.Do(ctx, "GET", "/self", nil, nil)
	assert.Error(t, err, "the next token is a minute away")
	assert.Equal(t, int32(1), hits.Load())
}

func TestRequestsWithoutConnectionAreNotPaced(t *testing.T) {
	c, mux := setup(t, WithConnectionRateLimit(1, 1))
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	for i := 0; i < 5; i++ {
		_, err := c.Account.Whoami(context.Background())
		require.NoError(t, err)
	}
}

func TestConnLimiterDropsOnlyIdleBuckets(t *testing.T) {
	l := newConnLimiter(rate.Every(time.Hour), 1)
	busy, _ := l.bucket("busy")
	require.True(t, busy.Allow(), "busy has spent its token")
	l.Observe(context.Background(), "paused", RateLimitFeedback{StatusCode: 429, RetryAfter: time.Hour})
	for i := 0; len(l.buckets) < maxIdleBuckets; i++ {
		l.bucket(string(rune('a'+i%26)) + time.Duration(i).String())
	}
	l.bucket("one-more")
	assert.Contains(t, l.buckets, "busy", "a bucket with state survives")
	assert.Contains(t, l.buckets, "paused", "a paused connection survives")
	assert.LessOrEqual(t, len(l.buckets), 4)
	var nilLimiter *connLimiter
	assert.NoError(t, nilLimiter.Wait(context.Background(), "x"))
	nilLimiter.Observe(context.Background(), "x", RateLimitFeedback{StatusCode: 429, RetryAfter: time.Second})
}

// TestConnectionRateLimitResumesAtTheRateAfterAPause: after a server pause
// the bucket restarts with one token, so callers resume one per interval
// rather than in a burst into the server's barely refilled budget.
func TestConnectionRateLimitResumesAtTheRateAfterAPause(t *testing.T) {
	const interval = 50 * time.Millisecond
	l := newConnLimiter(rate.Every(interval), 10)
	received := time.Now()
	const pause = 200 * time.Millisecond
	l.Observe(context.Background(), "conn", RateLimitFeedback{StatusCode: 429, RetryAfter: pause, Received: received})
	until := received.Add(pause)
	var mu sync.Mutex
	var grants []time.Time
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, l.Wait(context.Background(), "conn"))
			mu.Lock()
			grants = append(grants, time.Now())
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(grants, func(i, j int) bool { return grants[i].Before(grants[j]) })
	for k, g := range grants {
		earliest := until.Add(time.Duration(k)*interval - time.Millisecond)
		assert.False(t, g.Before(earliest), "grant %d came %v early", k, earliest.Sub(g))
	}
}
