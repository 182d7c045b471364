package ofauthredis_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/stretchr/testify/require"
)

// logBuffer is a concurrency-safe slog destination for asserting on logs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) Logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// arrivals is a fake Access API that records when each request arrived and
// answers 429 with Retry-After to every request before resetAt.
type arrivals struct {
	mu        sync.Mutex
	times     []time.Time
	limited   int
	resetAt   time.Time
	pauseNext time.Duration // when set, the next request starts a server pause this long
	requests  int
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	now := time.Now()
	a.requests++
	if a.pauseNext > 0 {
		a.resetAt = now.Add(a.pauseNext)
		a.pauseNext = 0
	}
	if now.Before(a.resetAt) {
		a.limited++
		ra := a.resetAt.Sub(now)
		a.mu.Unlock()
		w.Header().Set("Retry-After", strconv.FormatFloat(ra.Seconds(), 'f', 3, 64))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":"Too many requests"}`))
		return
	}
	a.times = append(a.times, now)
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{}`))
}

// snapshot returns the arrival times of the answered requests, sorted.
func (a *arrivals) snapshot() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]time.Time(nil), a.times...)
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// newAPIClient returns an ofauth client for srv paced by l.
func newAPIClient(t *testing.T, url string, l ofauth.ConnectionLimiter) *ofauth.Client {
	t.Helper()
	c, err := ofauth.NewClient("sk_test_replicas", ofauth.WithBaseURL(url),
		ofauth.WithConnectionLimiter(l), ofauth.WithRetryWait(time.Millisecond, 5*time.Second))
	require.NoError(t, err)
	return c
}

// webhook is a signed event ready to be delivered many times.
type webhook struct {
	secret, id string
	body       []byte
}

func newWebhook(secret, id string) webhook {
	return webhook{secret: secret, id: id, body: []byte(`{"type":"connection.updated","data":{"connection":{"id":"conn_1","status":"active"}}}`)}
}

// deliver sends the event to h and returns the status code.
func (w webhook) deliver(t *testing.T, ctx context.Context, h http.Handler) int {
	t.Helper()
	r, err := ofauthtest.NewSignedRequest(w.secret, w.id, time.Now(), w.body)
	if err != nil {
		t.Error(err)
		return 0
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r.WithContext(ctx))
	return rec.Code
}
