package ofauthtest_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// attempts records the SDK's attempts.
type attempts struct {
	mu   sync.Mutex
	list []ofauth.Attempt
}

func (a *attempts) hook(x ofauth.Attempt) {
	a.mu.Lock()
	a.list = append(a.list, x)
	a.mu.Unlock()
}

func (a *attempts) statuses() []int {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []int
	for _, x := range a.list {
		out = append(out, x.StatusCode)
	}
	return out
}

func TestRateLimitedCallIsRetriedAfterRetryAfter(t *testing.T) {
	s := start(t)
	var seen attempts
	c := client(t, s, ofauth.WithRetryWait(time.Millisecond, 5*time.Second), ofauth.WithAttemptHook(seen.hook))
	conn := s.AddConnection("")
	s.RateLimitNext(1, time.Second)

	begin := time.Now()
	var me self
	require.NoError(t, c.Access.WithConnection(conn.ID).Do(ctx(t), http.MethodGet, "/self", nil, &me))
	assert.GreaterOrEqual(t, time.Since(begin), 900*time.Millisecond, "the SDK waited for Retry-After")
	assert.Equal(t, []int{429, 200}, seen.statuses())
	assert.Equal(t, "RATE_LIMIT_EXCEEDED", seen.list[0].Code)
	assert.Equal(t, 0, seen.list[0].RateLimit.Remaining)
	assert.NotEmpty(t, me.Username)
}

func TestRateLimitLongerThanTheClientWaits(t *testing.T) {
	s := start(t)
	c := client(t, s) // waits at most 20ms
	conn := s.AddConnection("")
	s.RateLimitNext(1, 30*time.Second)
	err := c.Access.WithConnection(conn.ID).Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrRateLimitExceeded)
	assert.Equal(t, 30*time.Second, apiError(t, err).RetryAfter)
}

func TestServerErrorsAreRetried(t *testing.T) {
	s := start(t)
	var seen attempts
	c := client(t, s, ofauth.WithAttemptHook(seen.hook))
	s.FailNext(2, http.StatusServiceUnavailable)
	_, err := c.Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, []int{503, 503, 200}, seen.statuses())
	assert.Equal(t, "NETWORK_ERROR", seen.list[0].Code)

	// A POST that reached the server is not retried on 5xx.
	s.FailNext(1, http.StatusInternalServerError)
	_, err = c.Link.Init(ctx(t), nil)
	require.ErrorIs(t, err, ofauth.ErrServer)
	assert.Equal(t, 1, apiError(t, err).Attempts)
	_, err = c.Link.Init(ctx(t), nil)
	require.NoError(t, err, "the fault was used up")

	// When retries run out the caller gets the last typed error.
	s.FailNext(10, http.StatusBadGateway)
	_, err = c.Account.Whoami(ctx(t))
	require.ErrorIs(t, err, ofauth.ErrServer)
	ae := apiError(t, err)
	assert.Equal(t, http.StatusBadGateway, ae.StatusCode)
	assert.Equal(t, "PROXY_ERROR", ae.Code)
	assert.Equal(t, 4, ae.Attempts)
}

func TestFaultMatching(t *testing.T) {
	s := start(t)
	c := client(t, s, ofauth.WithMaxRetries(0))
	a := s.AddConnection("")
	b := s.AddConnection("")
	s.Inject(ofauthtest.Fault{Method: "GET", Path: "/v2/access/subscribers", ConnectionID: b.ID, Status: 401, Code: "SESSION_EXPIRED", Times: 2})
	s.Inject(ofauthtest.Fault{Path: "/v2/account/*", Status: 403, Message: "not for you"})

	require.NoError(t, c.Access.WithConnection(a.ID).Do(ctx(t), http.MethodGet, "/subscribers", nil, nil), "other connection")
	require.NoError(t, c.Access.WithConnection(b.ID).Do(ctx(t), http.MethodGet, "/self", nil, nil), "other path")
	for i := 0; i < 2; i++ {
		err := c.Access.WithConnection(b.ID).Do(ctx(t), http.MethodGet, "/subscribers", nil, nil)
		require.ErrorIs(t, err, ofauth.ErrSessionExpired)
		assert.Equal(t, "refresh_session", apiError(t, err).ActionRequired)
	}
	require.NoError(t, c.Access.WithConnection(b.ID).Do(ctx(t), http.MethodGet, "/subscribers", nil, nil), "used up")

	_, err := c.Connections.List(ctx(t), nil)
	require.ErrorIs(t, err, ofauth.ErrForbidden)
	assert.Equal(t, "not for you", apiError(t, err).Message)
	_, err = c.Connections.List(ctx(t), nil)
	require.NoError(t, err)

	// A rules refresh is a retryable 401.
	s.Inject(ofauthtest.Fault{Status: 401, Code: "RULES_OUTDATED"})
	_, err = client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
}

func TestFaultDelay(t *testing.T) {
	s := start(t)
	c := client(t, s)
	s.Inject(ofauthtest.Fault{Path: "/v2/account/whoami", Delay: 80 * time.Millisecond})
	begin := time.Now()
	_, err := c.Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(begin), 80*time.Millisecond)

	// A slow answer past the client's timeout is a timeout, and is retried.
	s.Inject(ofauthtest.Fault{Path: "/v2/account/whoami", Delay: time.Second})
	fast := client(t, s, ofauth.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	begin = time.Now()
	_, err = fast.Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.Less(t, time.Since(begin), time.Second)
}
