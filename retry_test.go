package ofauth

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flaky answers the first n requests with status/body, then 200 {}.
func flaky(n int32, status int, body string, hits *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			writeJSON(w, status, body)
			return
		}
		writeJSON(w, http.StatusOK, `{}`)
	}
}

func TestRetryRules(t *testing.T) {
	cases := []struct {
		method   string
		status   int
		body     string
		failures int32
		wantHits int32
		wantErr  error
	}{
		{"GET", 503, `{"error":"down"}`, 2, 3, nil},
		{"GET", 500, ``, 1, 2, nil},
		{"GET", 502, `<html>bad gateway</html>`, 1, 2, nil},
		{"GET", 504, ``, 1, 2, nil},
		{"GET", 429, `{"type":"RATE_LIMIT_EXCEEDED"}`, 1, 2, nil},
		{"GET", 401, `{"type":"RULES_OUTDATED"}`, 1, 2, nil},
		{"GET", 401, `{"type":"SESSION_EXPIRED"}`, 1, 1, ErrSessionExpired},
		{"GET", 401, `{"type":"UNAUTHORIZED"}`, 1, 1, ErrUnauthorized},
		{"GET", 400, `{"type":"BAD_REQUEST"}`, 1, 1, ErrBadRequest},
		{"GET", 403, ``, 1, 1, ErrForbidden},
		{"GET", 404, ``, 1, 1, ErrNotFound},
		{"GET", 422, ``, 1, 1, ErrBadRequest},
		{"GET", 501, ``, 1, 1, ErrServer},
		{"PUT", 503, ``, 1, 2, nil},
		{"DELETE", 502, ``, 1, 2, nil},
		{"POST", 503, ``, 1, 1, ErrServer},
		{"POST", 500, ``, 1, 1, ErrServer},
		{"PATCH", 502, ``, 1, 1, ErrServer},
		{"POST", 429, `{"type":"RATE_LIMIT_EXCEEDED"}`, 1, 2, nil},
		{"PATCH", 429, ``, 2, 3, nil},
		{"POST", 401, `{"type":"RULES_OUTDATED"}`, 1, 1, ErrRulesOutdated},
		{"GET", 503, ``, 10, 4, ErrServer}, // 1 + 3 retries, then the last response
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+strconv.Itoa(tc.status)+" "+tc.body, func(t *testing.T) {
			c, mux := setup(t)
			var hits atomic.Int32
			mux.HandleFunc(tc.method+" /v2/thing", flaky(tc.failures, tc.status, tc.body, &hits))
			var body any
			if tc.method != "GET" && tc.method != "DELETE" {
				body = map[string]string{"a": "b"}
			}
			err := c.core.do(context.Background(), &request{method: tc.method, route: "/v2/thing", body: body})
			assert.Equal(t, tc.wantHits, hits.Load(), "requests the server saw")
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, int(tc.wantHits), apiErr.Attempts)
		})
	}
}

func TestMaxRetriesZeroDisablesRetries(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", flaky(5, 503, ``, &hits))
	err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing"})
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(1), hits.Load())
}

func TestRetryAfterLongerThanMaxWaitReturnsAtOnce(t *testing.T) {
	c, mux := setup(t) // max wait 5ms
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "120")
		writeJSON(w, 429, `{"error":"slow down","type":"RATE_LIMIT_EXCEEDED"}`)
	})
	start := time.Now()
	err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 120*time.Second, apiErr.RetryAfter)
	assert.ErrorIs(t, err, ErrRateLimitExceeded)
	assert.Equal(t, int32(1), hits.Load())
	assert.Less(t, time.Since(start), 30*time.Second, "must not wait for the server's two minutes")
}

func TestRetryAfterBeyondDeadlineReturnsAtOnce(t *testing.T) {
	c, mux := setup(t, WithRetryWait(time.Millisecond, time.Minute))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-RateLimit-Reset", "30")
		writeJSON(w, 429, `{"type":"RATE_LIMIT_EXCEEDED"}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.core.do(ctx, &request{method: "GET", route: "/v2/thing"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, int32(1), hits.Load())
	assert.InDelta(t, 30, apiErr.RetryAfter.Seconds(), 1)
	assert.NoError(t, ctx.Err(), "returned before the deadline")
}

func TestRetryAfterWithinBoundsIsWaited(t *testing.T) {
	c, mux := setup(t, WithRetryWait(time.Millisecond, 5*time.Second))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "0.03")
			writeJSON(w, 429, `{"type":"RATE_LIMIT_EXCEEDED"}`)
			return
		}
		writeJSON(w, 200, `{}`)
	})
	start := time.Now()
	require.NoError(t, c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing"}))
	assert.Equal(t, int32(2), hits.Load())
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond, "the server's wait was honoured")
}

func TestCancelDuringBackoffEndsWaitAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once the first attempt's 503 is in: the client is then about
	// to wait a minute before the next attempt.
	c, mux := setup(t, WithRetryWait(time.Minute, time.Minute), WithAttemptHook(func(Attempt) { cancel() }))
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"error":"down"}`)
	})
	err := c.core.do(ctx, &request{method: "GET", route: "/v2/thing"})
	require.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrServer, "the last response stays reachable")
	assert.NotContains(t, err.Error(), "\n")
}

func TestDeadlineDuringBackoff(t *testing.T) {
	c, mux := setup(t, WithRetryWait(time.Minute, time.Minute))
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.core.do(ctx, &request{method: "GET", route: "/v2/thing"})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestCancelledContextSendsNothing(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", flaky(0, 200, ``, &hits))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.core.do(ctx, &request{method: "GET", route: "/v2/thing"})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(0), hits.Load())
}

// hijackClose answers the first n requests by closing the connection.
func hijackClose(n int32, hits *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		writeJSON(w, 200, `{"ok":true}`)
	}
}

func TestNetworkErrorRetriedForGETNotForPOST(t *testing.T) {
	c, mux := setup(t)
	var getHits, postHits atomic.Int32
	mux.HandleFunc("GET /v2/thing", hijackClose(2, &getHits))
	mux.HandleFunc("POST /v2/thing", hijackClose(1, &postHits))
	var out struct{ OK bool }
	require.NoError(t, c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing", out: &out}))
	assert.True(t, out.OK)
	assert.Equal(t, int32(3), getHits.Load())

	err := c.core.do(context.Background(), &request{method: "POST", route: "/v2/thing", body: map[string]int{"n": 1}})
	require.Error(t, err)
	assert.Equal(t, int32(1), postHits.Load(), "a POST that may have reached the server is not repeated")
	var apiErr *APIError
	assert.False(t, errors.As(err, &apiErr))
}

func TestDialFailureRetriedEvenForPOST(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every dial is refused
	var attempts atomic.Int32
	c, err := NewClient(testKey, WithBaseURL("http://"+addr), WithRetryWait(time.Millisecond, 2*time.Millisecond),
		WithAttemptHook(func(a Attempt) { attempts.Add(1) }))
	require.NoError(t, err)
	err = c.core.do(context.Background(), &request{method: "POST", route: "/v2/thing", body: map[string]int{"n": 1}})
	var opErr *net.OpError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, int32(4), attempts.Load(), "never sent, so retried")
	assert.NotContains(t, err.Error(), testKey)
}

func TestBodyCutMidwayIsRetriedForGET(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, `{"ok":tr`)
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		writeJSON(w, 200, `{"ok":true}`)
	})
	var out struct{ OK bool }
	require.NoError(t, c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing", out: &out}))
	assert.True(t, out.OK)
	assert.Equal(t, int32(2), hits.Load())
}

func TestOversizedSuccessBodyIsInvalidResponse(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(maxResponseBody+1))
		w.WriteHeader(200)
	})
	err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing", out: new(map[string]any)})
	assert.ErrorIs(t, err, ErrInvalidResponse)
}

func TestOversizedErrorBodyIsTruncated(t *testing.T) {
	c, mux := setup(t)
	big := bytes.Repeat([]byte("x"), 4*maxErrorBody)
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		w.Write(big)
	})
	err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, maxErrorBody)
	assert.LessOrEqual(t, len(apiErr.Error()), 700)
}

func TestJitterStaysWithinBounds(t *testing.T) {
	min, max := 100*time.Millisecond, 2*time.Second
	for attempt := 0; attempt < 40; attempt++ {
		ceiling := max
		if attempt < 5 {
			ceiling = min << attempt
		}
		for i := 0; i < 200; i++ {
			d := jitter(min, max, attempt)
			require.GreaterOrEqual(t, d, min)
			require.LessOrEqual(t, d, ceiling)
		}
	}
	assert.Equal(t, time.Duration(0), jitter(0, 0, 3))
}

func TestBackoffUsesServerWait(t *testing.T) {
	resp := &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {"3"}}}
	assert.Equal(t, 3*time.Second, backoff(time.Millisecond, time.Minute, 0, resp))
	ok := &http.Response{StatusCode: 200, Header: http.Header{"Retry-After": {"3"}}}
	assert.LessOrEqual(t, backoff(time.Millisecond, 2*time.Millisecond, 0, ok), 2*time.Millisecond)
}

// The pool under every other caller survives a failed call: the transport
// go-retryablehttp sees cannot be told to close idle connections.
func TestFailedCallsDoNotFlushTheConnectionPool(t *testing.T) {
	_, ok := any(&callState{}).(interface{ CloseIdleConnections() })
	assert.False(t, ok)

	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/fail" {
			w.WriteHeader(503)
			return
		}
		writeJSON(w, 200, `{}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := NewClient(testKey, WithBaseURL(srv.URL), WithMaxRetries(1), WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.core.do(ctx, &request{method: "GET", route: "/v2/ok"}))
	for i := 0; i < 5; i++ {
		require.Error(t, c.core.do(ctx, &request{method: "GET", route: "/v2/fail"}))
		require.NoError(t, c.core.do(ctx, &request{method: "GET", route: "/v2/ok"}))
	}
	assert.Equal(t, int32(1), conns.Load(), "one keep-alive connection served every call")
}

func TestAttemptHookSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var seen []Attempt
	c, mux := setup(t, WithAttemptHook(func(a Attempt) {
		mu.Lock()
		seen = append(seen, a)
		mu.Unlock()
	}))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/access/chats/{userId}/messages", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "90")
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(int(50-hits.Load())))
		if hits.Add(1) == 1 {
			writeJSON(w, 429, `{"type":"RATE_LIMIT_EXCEEDED"}`)
			return
		}
		writeJSON(w, 200, `{}`)
	})
	err := c.core.do(context.Background(), &request{method: "GET", route: "/v2/access/chats/{userId}/messages", args: []string{"42"}, connID: "conn_1", needsConn: true})
	require.NoError(t, err)
	require.Len(t, seen, 2)
	assert.Equal(t, Attempt{Method: "GET", Route: "/v2/access/chats/{userId}/messages", ConnectionID: "conn_1", Attempt: 1,
		StatusCode: 429, Code: "RATE_LIMIT_EXCEEDED", Duration: seen[0].Duration, RateLimit: RateLimit{Limit: 90, Remaining: 50}}, seen[0])
	assert.Equal(t, 2, seen[1].Attempt)
	assert.Equal(t, 200, seen[1].StatusCode)
	assert.Empty(t, seen[1].Code)
	assert.Positive(t, seen[0].Duration)
}

func TestLowRateLimitBudgetLogsWarning(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	c, mux := setup(t, WithLogger(logger))
	remaining := "50"
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "90")
		w.Header().Set("X-RateLimit-Remaining", remaining)
		writeJSON(w, 200, `{}`)
	})
	a := c.Access.WithConnection("conn_1")
	require.NoError(t, a.Do(context.Background(), "GET", "/self", nil, nil))
	mu.Lock()
	assert.Empty(t, buf.String(), "50 of 90 left is no warning")
	mu.Unlock()
	remaining = "17"
	require.NoError(t, a.Do(context.Background(), "GET", "/self", nil, nil))
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, buf.String(), "rate limit budget below 20%")
	assert.Contains(t, buf.String(), "remaining=17")
	assert.Contains(t, buf.String(), "connection_id=conn_1")
	assert.NotContains(t, buf.String(), testKey)
}

func TestDefaultClientIsSilent(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	assert.Nil(t, c.core.logger)
	assert.Nil(t, (&callState{c: c.core}).retrier().Logger)
	_ = c.core.do(context.Background(), &request{method: "GET", route: "/v2/thing"})
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestParseRateLimitAllocatesNothing pins the canonical header names:
// parseRateLimit runs on every attempt of an observed client.
func TestParseRateLimitAllocatesNothing(t *testing.T) {
	for _, name := range []string{headerRateLimitLimit, headerRateLimitRemaining, headerRateLimitReset} {
		assert.Equal(t, http.CanonicalHeaderKey(name), name)
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", "90")
	h.Set("X-RateLimit-Remaining", "12")
	h.Set("X-RateLimit-Reset", "30")
	var rl RateLimit
	allocs := testing.AllocsPerRun(100, func() { rl = parseRateLimit(h) })
	assert.Zero(t, allocs)
	assert.Equal(t, 90, rl.Limit)
	assert.Equal(t, 12, rl.Remaining)
	assert.False(t, rl.Reset.IsZero())
}
