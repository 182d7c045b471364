package ofauth

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// CallFromContext works in the user's own transport too, with no hook
// set: every attempt's request context carries the call's identity.
func TestCallFromContextInTheUsersTransport(t *testing.T) {
	var mu sync.Mutex
	var seen []CallInfo
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		info, ok := CallFromContext(r.Context())
		assert.True(t, ok)
		mu.Lock()
		seen = append(seen, info)
		n := len(seen)
		mu.Unlock()
		status := http.StatusServiceUnavailable
		if n == 2 {
			status = http.StatusOK
		}
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
	})
	c, err := NewClient(testKey, WithBaseURL("https://api.example.test:8443"), WithConnectionID("conn_7"),
		WithHTTPClient(&http.Client{Transport: rt}), WithRetryWait(0, 0))
	require.NoError(t, err)
	require.NoError(t, c.core.do(context.Background(), &request{method: http.MethodGet, route: "/v2/access/users/{userId}", args: []string{"42"}, connID: "conn_7"}))
	want := CallInfo{Method: http.MethodGet, Route: "/v2/access/users/{userId}", Host: "api.example.test", Port: 8443, ConnectionID: "conn_7"}
	assert.Equal(t, []CallInfo{want, want}, seen, "one per attempt")
}

// Each call judges its attempts with its own state: concurrent calls with
// different retry budgets and outcomes do not see each other's attempts.
func TestConcurrentCallsKeepTheirOwnState(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(2))
	mux.HandleFunc("GET /v2/fail", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, `{"message":"down"}`)
	})
	mux.HandleFunc("GET /v2/ok", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"ok":true}`)
	})
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			var resp Response
			err := c.core.do(context.Background(), &request{method: http.MethodGet, route: "/v2/fail", opts: []CallOption{WithResponseInto(&resp), WithCallMaxRetries(i % 3)}})
			var ae *APIError
			if assert.ErrorAs(t, err, &ae) {
				assert.Equal(t, i%3+1, ae.Attempts)
			}
			assert.Equal(t, i%3+1, resp.Attempts)
			assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		}()
		go func() {
			defer wg.Done()
			var resp Response
			var out struct{ OK bool }
			assert.NoError(t, c.core.do(context.Background(), &request{method: http.MethodGet, route: "/v2/ok", out: &out, opts: []CallOption{WithResponseInto(&resp)}}))
			assert.True(t, out.OK)
			assert.Equal(t, 1, resp.Attempts)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		}()
	}
	wg.Wait()
}
