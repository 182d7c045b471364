package ofauth

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type hookKey struct{}

// hookLog records what every hook saw, in order.
type hookLog struct {
	mu      sync.Mutex
	events  []string
	results []CallResult
	tries   []Attempt
	trips   []string // the call marker each attempt's transport saw
}

func (l *hookLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, s)
}

func (l *hookLog) hooks(name string) Hooks {
	return Hooks{
		Call: func(ctx context.Context, c CallInfo) (context.Context, func(CallResult)) {
			l.add(name + " start " + c.Method + " " + c.Route)
			return context.WithValue(ctx, hookKey{}, name), func(r CallResult) {
				l.add(name + " end")
				l.mu.Lock()
				l.results = append(l.results, r)
				l.mu.Unlock()
			}
		},
		Attempt: func(ctx context.Context, a Attempt) {
			marker, _ := ctx.Value(hookKey{}).(string)
			l.add(name + " attempt " + marker)
			l.mu.Lock()
			l.tries = append(l.tries, a)
			l.mu.Unlock()
		},
		Transport: func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				marker, _ := r.Context().Value(hookKey{}).(string)
				info, ok := CallFromContext(r.Context())
				l.mu.Lock()
				l.trips = append(l.trips, name+" "+marker+" "+info.Route+" "+map[bool]string{true: "ok", false: "none"}[ok])
				l.mu.Unlock()
				return next.RoundTrip(r)
			})
		},
	}
}

func TestHooksSeeEveryCallAndAttempt(t *testing.T) {
	var log hookLog
	var plain []Attempt
	var plainMu sync.Mutex
	n := 0
	c, mux := setup(t,
		WithAttemptHook(func(a Attempt) { plainMu.Lock(); plain = append(plain, a); plainMu.Unlock() }),
		WithHooks(log.hooks("a")),
		WithHooks(log.hooks("b")),
	)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("X-Request-Id", "req_first")
			writeJSON(w, http.StatusServiceUnavailable, `{"error":"busy","code":"UNAVAILABLE"}`)
			return
		}
		w.Header().Set("X-Request-Id", "req_second")
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", "19")
		writeJSON(w, http.StatusOK, `{"id":"org_1","name":"Org"}`)
	})
	_, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)

	// Both Call hooks nest (b inside a) and end innermost first; every
	// attempt hook, the plain one included, sees both attempts with the
	// innermost context.
	assert.Equal(t, []string{
		"a start GET /v2/account/whoami", "b start GET /v2/account/whoami",
		"a attempt b", "b attempt b",
		"a attempt b", "b attempt b",
		"b end", "a end",
	}, log.events)
	require.Len(t, plain, 2)
	assert.Equal(t, "req_first", plain[0].RequestID)
	assert.Equal(t, 503, plain[0].StatusCode)
	assert.Equal(t, "UNAVAILABLE", plain[0].Code)
	assert.Equal(t, "req_second", plain[1].RequestID)
	assert.True(t, plain[1].RateLimit.Low(), "19 of 100 left is under %d%%", RateLimitLowPercent)

	// Transport wrappers: a innermost, b outermost; each attempt sees the
	// call's context and route.
	assert.Equal(t, []string{
		"b b /v2/account/whoami ok", "a b /v2/account/whoami ok",
		"b b /v2/account/whoami ok", "a b /v2/account/whoami ok",
	}, log.trips)

	require.Len(t, log.results, 2)
	r := log.results[0]
	assert.Equal(t, "GET", r.Method)
	assert.Equal(t, "/v2/account/whoami", r.Route)
	assert.Equal(t, "127.0.0.1", r.Host)
	assert.Positive(t, r.Port)
	assert.Equal(t, 200, r.StatusCode)
	assert.Equal(t, 2, r.Attempts)
	assert.Equal(t, "req_second", r.RequestID)
	assert.Equal(t, 19, r.RateLimit.Remaining)
	assert.Empty(t, r.Code)
	assert.NoError(t, r.Err)
	assert.Positive(t, r.Duration)
}

func TestCallHookReportsFailures(t *testing.T) {
	var log hookLog
	c, mux := setup(t, WithHooks(log.hooks("h")), WithMaxRetries(0))
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error":"Session expired","type":"SESSION_EXPIRED","requestId":"req_exp"}`)
	})
	_, err := c.Access.WithConnection("conn_secret").Self.Get(context.Background())
	require.ErrorIs(t, err, ErrSessionExpired)

	// A call that fails before sending is reported too, without attempts.
	_, err = c.Access.Self.Get(context.Background())
	require.ErrorIs(t, err, ErrNoConnection)

	require.Len(t, log.results, 2)
	r := log.results[0]
	assert.Equal(t, 401, r.StatusCode)
	assert.Equal(t, CodeSessionExpired, r.Code)
	assert.Equal(t, "req_exp", r.RequestID)
	assert.Equal(t, 1, r.Attempts)
	assert.Equal(t, "conn_secret", r.ConnectionID)
	assert.ErrorIs(t, r.Err, ErrSessionExpired)

	r = log.results[1]
	assert.Equal(t, "/v2/access/self", r.Route)
	assert.Zero(t, r.Attempts)
	assert.Zero(t, r.StatusCode)
	assert.ErrorIs(t, r.Err, ErrNoConnection)
}

func TestCallHookMayKeepTheContext(t *testing.T) {
	ended := false
	c, mux := setup(t, WithHooks(Hooks{Call: func(ctx context.Context, _ CallInfo) (context.Context, func(CallResult)) {
		return nil, func(CallResult) { ended = true } // nil: the caller's context is kept
	}}))
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"id":"org_1"}`)
	})
	_, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.True(t, ended)
	_, ok := CallFromContext(context.Background())
	assert.False(t, ok)
}

func TestHostPort(t *testing.T) {
	for base, want := range map[string]struct {
		host string
		port int
	}{
		"https://api.ofauth.com":          {"api.ofauth.com", 443},
		"http://127.0.0.1:8080/gw/ofauth": {"127.0.0.1", 8080},
		"http://[::1]":                    {"::1", 80},
	} {
		host, port := hostPort(base)
		assert.Equal(t, want.host, host, base)
		assert.Equal(t, want.port, port, base)
	}
}

func TestRateLimitLow(t *testing.T) {
	for _, tc := range []struct {
		limit, remaining int
		low              bool
	}{
		{100, 19, true}, {100, 20, false}, {100, 0, true}, {-1, 0, false}, {100, -1, false}, {0, 0, false},
		{1 << 62, 1, true},
	} {
		rl := RateLimit{Limit: tc.limit, Remaining: tc.remaining}
		assert.Equal(t, tc.low, rl.Low(), "%+v", tc)
	}
}

func TestNilHooksAreIgnored(t *testing.T) {
	c, mux := setup(t, WithHooks(Hooks{}), WithAttemptHook(nil))
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"id":"org_1"}`)
	})
	_, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.Nil(t, c.core.onCall)
	assert.Nil(t, c.core.onAttempt)
}

// The raw paths of Do and Proxy reach hooks and logs as bounded templates;
// errors keep the path the caller gave.
func TestRawPathsReachHooksAsTemplates(t *testing.T) {
	var log hookLog
	c, mux := setup(t, WithHooks(log.hooks("h")), WithConnectionID("conn_1"), WithMaxRetries(0))
	mux.HandleFunc("/v2/access/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"error":"nope"}`)
	})
	err := c.Access.Do(context.Background(), "GET", "/users/12345", nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "/v2/access/users/12345", apiErr.Route)
	err = c.Access.Do(context.Background(), "GET", "/proxy/users/678", nil, nil)
	require.Error(t, err)

	require.Len(t, log.results, 2)
	assert.Equal(t, "/v2/access/{path}", log.results[0].Route)
	assert.Equal(t, "/v2/access/proxy/{path}", log.results[1].Route)
	require.Len(t, log.tries, 2)
	assert.Equal(t, "/v2/access/{path}", log.tries[0].Route)
	assert.Equal(t, "/v2/access/proxy/{path}", log.tries[1].Route)
	assert.Equal(t, []string{"h h /v2/access/{path} ok", "h h /v2/access/proxy/{path} ok"}, log.trips)
}
