package ofauth

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// recordingLimiter wraps a ConnectionLimiter and records what the client
// asked and told it.
type recordingLimiter struct {
	inner    ConnectionLimiter // nil: Wait returns waitErr
	waitErr  error
	waiting  chan struct{} // when non-nil, receives once per Wait before it blocks
	observes chan struct{} // when non-nil, receives once per Observe, if there is room

	mu       sync.Mutex
	waits    []string
	observed []RateLimitFeedback
}

func (l *recordingLimiter) Wait(ctx context.Context, connID string) error {
	l.mu.Lock()
	l.waits = append(l.waits, connID)
	l.mu.Unlock()
	if l.waiting != nil {
		l.waiting <- struct{}{}
	}
	if l.inner == nil {
		return l.waitErr
	}
	return l.inner.Wait(ctx, connID)
}

func (l *recordingLimiter) Observe(ctx context.Context, connID string, fb RateLimitFeedback) {
	l.mu.Lock()
	l.observed = append(l.observed, fb)
	l.mu.Unlock()
	if l.inner != nil {
		l.inner.Observe(ctx, connID, fb)
	}
	if l.observes != nil {
		select {
		case l.observes <- struct{}{}:
		default:
		}
	}
}

func (l *recordingLimiter) counts() (waits, observed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.waits), len(l.observed)
}

// drained returns an in-process limiter whose bucket for connID is empty
// and refills once a minute.
func drained(t *testing.T, connID string) *connLimiter {
	t.Helper()
	l := newConnLimiter(rate.Limit(1.0/60), 1)
	b, _ := l.bucket(connID)
	require.True(t, b.Allow())
	return l
}

func TestLimiterWaitPastDeadlineMatchesContextAndIsNotRetried(t *testing.T) {
	lim := &recordingLimiter{inner: drained(t, "conn_a")}
	c, mux := setup(t, WithConnectionLimiter(lim), WithMaxRetries(3))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	err := c.Access.WithConnection("conn_a").Do(ctx, "GET", "/self", nil, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second, "a wait that cannot finish in time returns at once")
	assert.Equal(t, int32(0), hits.Load(), "no request reaches the server")
	waits, observed := lim.counts()
	assert.Equal(t, 1, waits, "no retry follows the limiter's refusal")
	assert.Equal(t, 0, observed)
}

func TestLimiterWaitCancelledMatchesContextAndIsNotRetried(t *testing.T) {
	lim := &recordingLimiter{inner: drained(t, "conn_a"), waiting: make(chan struct{}, 4)}
	c, mux := setup(t, WithConnectionLimiter(lim))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{}`)
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Access.WithConnection("conn_a").Do(ctx, "GET", "/self", nil, nil) }()
	<-lim.waiting
	cancel()
	err := <-done
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(0), hits.Load())
	waits, _ := lim.counts()
	assert.Equal(t, 1, waits)
}

func TestLimiterErrorEndsTheCallWithoutRetry(t *testing.T) {
	refused := errors.New("budget store refused")
	lim := &recordingLimiter{waitErr: refused}
	c, mux := setup(t, WithConnectionLimiter(lim))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, 200, `{}`)
	})
	err := c.Access.WithConnection("conn_a").Do(context.Background(), "GET", "/self", nil, nil)
	assert.ErrorIs(t, err, refused)
	assert.Contains(t, err.Error(), "conn_a")
	assert.Equal(t, int32(0), hits.Load())
	waits, _ := lim.counts()
	assert.Equal(t, 1, waits)
}

func TestLimiterAskedBeforeEachAttemptAndToldEachResponse(t *testing.T) {
	lim := &recordingLimiter{}
	c, mux := setup(t, WithConnectionLimiter(lim))
	var calls atomic.Int32
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "60")
		if calls.Add(1) == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("Retry-After", "0.001")
			writeJSON(w, 429, `{"error":"slow down"}`)
			return
		}
		w.Header().Set("X-RateLimit-Remaining", "58")
		writeJSON(w, 200, `{}`)
	})
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })

	require.NoError(t, c.Access.WithConnection("conn_a").Do(context.Background(), "GET", "/self", nil, nil))
	_, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)

	lim.mu.Lock()
	defer lim.mu.Unlock()
	assert.Equal(t, []string{"conn_a", "conn_a"}, lim.waits, "one wait per attempt; none without a connection")
	require.Len(t, lim.observed, 2)
	first, second := lim.observed[0], lim.observed[1]
	assert.Equal(t, 429, first.StatusCode)
	assert.Equal(t, time.Millisecond, first.RetryAfter)
	assert.Equal(t, 60, first.RateLimit.Limit)
	assert.Equal(t, 0, first.RateLimit.Remaining)
	assert.False(t, first.Received.IsZero())
	assert.Equal(t, 200, second.StatusCode)
	assert.Equal(t, 58, second.RateLimit.Remaining)
	assert.Zero(t, second.RetryAfter)
}

func TestWithConnectionLimiterNilTurnsPacingOff(t *testing.T) {
	var typedNil *connLimiter
	for _, l := range []ConnectionLimiter{nil, typedNil} {
		c, mux := setup(t, WithConnectionRateLimit(1, 1), WithConnectionLimiter(l))
		mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
		for i := 0; i < 3; i++ {
			require.NoError(t, c.Access.WithConnection("conn_a").Do(context.Background(), "GET", "/self", nil, nil))
		}
	}
}

func TestRateLimitFeedbackPause(t *testing.T) {
	now := time.Now()
	unset := RateLimit{Limit: -1, Remaining: -1}
	for name, tc := range map[string]struct {
		fb   RateLimitFeedback
		want time.Duration
	}{
		"429 with Retry-After":     {RateLimitFeedback{StatusCode: 429, RetryAfter: 2 * time.Second, RateLimit: unset, Received: now}, 2 * time.Second},
		"429 without a wait":       {RateLimitFeedback{StatusCode: 429, RateLimit: unset, Received: now}, 0},
		"budget spent is no pause": {RateLimitFeedback{StatusCode: 200, RateLimit: RateLimit{Limit: 60, Remaining: 0, Reset: now.Add(90 * time.Second)}, Received: now}, 0},
		"capped":                   {RateLimitFeedback{StatusCode: 429, RetryAfter: 100 * time.Hour, Received: now}, MaxServerPause},
		"503 is not a rate signal": {RateLimitFeedback{StatusCode: 503, RetryAfter: time.Second, RateLimit: unset, Received: now}, 0},
	} {
		assert.Equal(t, tc.want, tc.fb.Pause(), name)
	}
}

// TestConnectionRateLimitHoldsAllCallersAfter429: one caller's 429 with
// Retry-After holds every other caller of the connection until it ends, so
// 32 goroutines do not each collect their own 429.
func TestConnectionRateLimitHoldsAllCallersAfter429(t *testing.T) {
	const retryAfter = 300 * time.Millisecond
	lim := &recordingLimiter{inner: newConnLimiter(rate.Limit(1000), 100), observes: make(chan struct{}, 1)}
	c, mux := setup(t, WithConnectionLimiter(lim), WithRetryWait(time.Millisecond, time.Second))
	var mu sync.Mutex
	var resetAt time.Time // zero until the first request
	var early, limited, total int
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		now := time.Now()
		total++
		if resetAt.IsZero() {
			resetAt = now.Add(retryAfter)
		}
		if now.Before(resetAt) { // the server's bucket is empty until its reset
			limited++
			if limited > 1 {
				early++
			}
			mu.Unlock()
			w.Header().Set("Retry-After", strconv.FormatFloat(time.Until(resetAt).Seconds(), 'f', 3, 64))
			writeJSON(w, 429, `{"error":"Too many requests"}`)
			return
		}
		mu.Unlock()
		writeJSON(w, 200, `{}`)
	})
	a := c.Access.WithConnection("conn_a")
	ctx := context.Background()
	var wg sync.WaitGroup
	call := func() {
		defer wg.Done()
		assert.NoError(t, a.Do(ctx, "GET", "/self", nil, nil))
	}
	// The first caller finds the 429; once the client has seen it, 32
	// more callers start on the same connection while the server's bucket
	// is still empty.
	wg.Add(1)
	go call()
	<-lim.observes
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go call()
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1, limited, "exactly one 429")
	assert.Equal(t, 0, early)
	assert.Equal(t, 34, total, "the first call twice, then 32 calls once each")
}
