package ofauth

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mixedFailures answers with a fixed rotation of successes and failures:
// 200s, 503 and 500 (retried), 429 with and without Retry-After, and 404
// (not retried), each with a body the client must read.
func mixedFailures(_ *faultServer, n int, w http.ResponseWriter, _ *http.Request) {
	switch n % 10 {
	case 0, 1, 2, 3:
		answerOK(w)
	case 4, 5:
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"Network error","type":"NETWORK_ERROR","requestId":"req_503"}`)
	case 6:
		w.Header().Set("Retry-After", "0")
		writeJSON(w, http.StatusTooManyRequests, `{"error":"Too many requests","type":"RATE_LIMIT_EXCEEDED"}`)
	case 7:
		writeJSON(w, http.StatusTooManyRequests, `{"message":"slow down","code":"RATE_LIMIT_EXCEEDED","details":{"bucket":"conn"}}`)
	case 8:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("<html><body><h1>500 Internal Server Error</h1>" + string(make([]byte, 2048)) + "</body></html>"))
	case 9:
		writeJSON(w, http.StatusNotFound, `{"error":"Route not found","type":"ROUTE_NOT_FOUND"}`)
	}
}

// TestManyFailingCallsKeepConnectionsBounded makes 10,000 calls from 32
// goroutines against a server that fails most attempts, through the SDK's
// default transport. The connections ever opened and still open stay
// within twice the concurrency, every failure is a typed *APIError (no
// transport errors from exhausted sockets), the hook and the server agree
// on the attempts, and the goroutines return to their baseline once the
// server is gone.
func TestManyFailingCallsKeepConnectionsBounded(t *testing.T) {
	const (
		workers = 32
		calls   = 10_000
		bound   = 2 * workers
	)
	baseline := runtime.NumGoroutine()

	fs := newFaultServer(t, false, mixedFailures)
	var attempts atomic.Int64
	c, err := NewClient(testKey, WithBaseURL(fs.URL), WithRetryWait(0, time.Millisecond),
		WithAttemptHook(func(Attempt) { attempts.Add(1) }))
	require.NoError(t, err)

	var next atomic.Int64
	var ok, apiErrs, other atomic.Int64
	var firstOther error
	var once sync.Once
	var wg sync.WaitGroup
	// Only a guard against a hang: on a loaded 2-core machine under -race
	// the 10,000 calls alone take close to a minute.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > calls {
					return
				}
				var err error
				if i%4 == 0 {
					_, err = c.Link.Init(ctx, &LinkInitParams{RedirectURL: "https://app.example.com/cb"})
				} else {
					_, err = c.Account.Whoami(ctx)
				}
				var apiErr *APIError
				switch {
				case err == nil:
					ok.Add(1)
				case errors.As(err, &apiErr):
					apiErrs.Add(1)
				default:
					other.Add(1)
					once.Do(func() { firstOther = err })
				}
			}
		}()
	}
	wg.Wait()

	require.Zero(t, other.Load(), "only typed API errors; first other: %v", firstOther)
	assert.Equal(t, int64(calls), ok.Load()+apiErrs.Load())
	assert.Positive(t, ok.Load())
	assert.Positive(t, apiErrs.Load())
	assert.Equal(t, int64(fs.hits.Load()), attempts.Load(), "every attempt the hook saw reached the server, and no other")
	opened, closed := int(fs.opened.Load()), int(fs.closed.Load())
	t.Logf("%d calls, %d attempts, %d connections opened, %d still open", calls, attempts.Load(), opened, opened-closed)
	assert.LessOrEqual(t, opened, bound, "connections ever opened")
	assert.LessOrEqual(t, opened-closed, bound, "connections still open")

	fs.Close() // closes the idle keep-alive connections from the server side
	// Poll on this goroutine: a helper goroutine would count itself.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines, baseline %d:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}
