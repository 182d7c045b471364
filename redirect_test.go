package ofauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sink is a loopback server that records every request it gets, so a test
// can assert it never saw the key or the connection id.
type sink struct {
	*httptest.Server
	mu   sync.Mutex
	hits []http.Header
}

func newSink(t *testing.T, tls bool) *sink {
	t.Helper()
	s := &sink{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.Header.Clone())
		s.mu.Unlock()
		writeJSON(w, 200, `{"id":"stolen"}`)
	})
	if tls {
		s.Server = httptest.NewTLSServer(h)
	} else {
		s.Server = httptest.NewServer(h)
	}
	t.Cleanup(s.Close)
	return s
}

// assertUntouched checks the sink got no request, and so neither the key
// nor the connection id.
func (s *sink) assertUntouched(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.hits {
		assert.Empty(t, h.Get("apiKey"), "the key reached another origin")
		assert.Empty(t, h.Get("x-connection-id"), "the connection id reached another origin")
	}
	assert.Empty(t, s.hits, "the redirect was followed")
}

// redirector is an API server that answers every request with a redirect
// to target (plus the request's path).
func redirector(t *testing.T, tls bool, status int, target func() string) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target()+r.URL.Path, status)
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

// assertRefused checks err is the typed redirect refusal with reason,
// after a single attempt, and says nothing of the key.
func assertRefused(t *testing.T, err error, reason string, attempts int) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRedirectRefused)
	var re *RedirectError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, reason, re.Reason)
	assert.Contains(t, err.Error(), reason)
	assert.NotContains(t, err.Error(), testKey)
	assert.Equal(t, 1, attempts, "a refused redirect is not retried")
}

// countAttempts returns an option counting attempts through the hook.
func countAttempts(n *atomic.Int32) Option {
	return WithAttemptHook(func(Attempt) { n.Add(1) })
}

func TestRedirectToAnotherPortOnSameHostIsRefused(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		evil := newSink(t, false)
		api := redirector(t, false, status, func() string { return evil.URL })
		require.Equal(t, hostOf(t, api.URL), hostOf(t, evil.URL), "same host, another port")
		var attempts atomic.Int32
		c, err := NewClient(testKey, WithBaseURL(api.URL), WithConnectionID("conn_secret"),
			WithRetryWait(time.Millisecond, time.Millisecond), countAttempts(&attempts))
		require.NoError(t, err)

		_, err = c.Access.Self.Get(context.Background())
		assertRefused(t, err, RedirectOtherOrigin, int(attempts.Load()))
		_, err = c.Link.Init(context.Background(), &LinkInitParams{RedirectURL: "https://app.example.com/cb"})
		assert.ErrorIs(t, err, ErrRedirectRefused, "POST %d", status)
		evil.assertUntouched(t)
	}
}

func TestRedirectDowngradingSchemeIsRefused(t *testing.T) {
	plain := newSink(t, false)
	api := redirector(t, true, http.StatusFound, func() string { return plain.URL })
	var attempts atomic.Int32
	c, err := NewClient(testKey, WithBaseURL(api.URL), WithHTTPClient(api.Client()),
		WithConnectionID("conn_secret"), WithRetryWait(time.Millisecond, time.Millisecond), countAttempts(&attempts))
	require.NoError(t, err)

	_, err = c.Access.Self.Get(context.Background())
	assertRefused(t, err, RedirectDowngrade, int(attempts.Load()))
	plain.assertUntouched(t)
}

// A user's own CheckRedirect, however permissive, runs after the SDK's
// same-origin check and cannot weaken it.
func TestUserCheckRedirectCannotWeakenTheOriginRule(t *testing.T) {
	evil := newSink(t, true)
	api := redirector(t, true, http.StatusTemporaryRedirect, func() string { return evil.URL })
	var userCalls atomic.Int32
	hc := api.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error {
		userCalls.Add(1)
		return nil // follow anything
	}
	var attempts atomic.Int32
	c, err := NewClient(testKey, WithBaseURL(api.URL), WithHTTPClient(hc), WithConnectionID("conn_secret"),
		WithRetryWait(time.Millisecond, time.Millisecond), countAttempts(&attempts))
	require.NoError(t, err)

	_, err = c.Access.Self.Get(context.Background())
	assertRefused(t, err, RedirectOtherOrigin, int(attempts.Load()))
	evil.assertUntouched(t)
	assert.Zero(t, userCalls.Load(), "the SDK's check runs first")
}

// Same-origin redirects are still followed, and a user's CheckRedirect is
// consulted for them.
func TestSameOriginRedirectIsFollowedAndUserCheckConsulted(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v2/account/whoami2", http.StatusFound)
	})
	mux.HandleFunc("GET /v2/account/whoami2", func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		writeJSON(w, 200, `{"id":"org_1"}`)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	var userCalls atomic.Int32
	hc := srv.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error {
		userCalls.Add(1)
		return nil
	}
	c, err := NewClient(testKey, WithBaseURL(srv.URL), WithHTTPClient(hc))
	require.NoError(t, err)
	acct, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "org_1", acct.ID)
	assert.Equal(t, int32(1), userCalls.Load())

	// The user's refusal is honoured too.
	errNo := errors.New("no redirects here")
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return errNo }
	var attempts atomic.Int32
	c, err = NewClient(testKey, WithBaseURL(srv.URL), WithHTTPClient(hc), countAttempts(&attempts))
	require.NoError(t, err)
	_, err = c.Account.Whoami(context.Background())
	assert.ErrorIs(t, err, errNo)
	assert.Equal(t, int32(1), attempts.Load(), "the user's refusal is not retried")
}

// A Location that echoes the key reaches neither the error nor the log.
func TestRefusedRedirectErrorHoldsOnlyOrigins(t *testing.T) {
	evil := newSink(t, false)
	api := redirector(t, false, http.StatusFound, func() string { return evil.URL + "/?apiKey=" + testKey + "&x=" })
	var logged strings.Builder
	var attemptErr error
	c, err := NewClient(testKey, WithBaseURL(api.URL), WithAttemptHook(func(a Attempt) { attemptErr = a.Err }))
	require.NoError(t, err)
	_, err = c.Account.Whoami(context.Background())
	require.ErrorIs(t, err, ErrRedirectRefused)
	logged.WriteString(err.Error())
	require.Error(t, attemptErr)
	logged.WriteString(attemptErr.Error())
	assert.NotContains(t, logged.String(), testKey)
	assert.NotContains(t, logged.String(), "apiKey")
	evil.assertUntouched(t)
}

// A Location whose host echoes the key, in any case, does not put it in
// the RedirectError's origins.
func TestRefusedRedirectToAKeyHostShowsNoKey(t *testing.T) {
	for _, host := range []string{testKey + ".example", strings.ToUpper(testKey) + ".example"} {
		api := redirector(t, false, http.StatusFound, func() string { return "http://" + host })
		var attemptErr error
		c, err := NewClient(testKey, WithBaseURL(api.URL), WithAttemptHook(func(a Attempt) { attemptErr = a.Err }))
		require.NoError(t, err)
		_, err = c.Account.Whoami(context.Background())
		var re *RedirectError
		require.ErrorAs(t, err, &re)
		require.Error(t, attemptErr)
		for _, s := range []string{err.Error(), attemptErr.Error(), re.To, fmt.Sprintf("%+v", re)} {
			assert.NotContains(t, strings.ToLower(s), strings.ToLower(testKey), host)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		reason   string // "" when followed
	}{
		{"https://api.ofauth.com/v2/x", "https://api.ofauth.com/v2/y", ""},
		{"https://api.ofauth.com/v2/x", "https://api.ofauth.com:443/v2/y", ""},
		{"https://API.ofauth.com:443/v2/x", "https://api.OFAUTH.com/v2/y", ""},
		{"http://127.0.0.1/x", "http://127.0.0.1:80/y", ""},
		{"http://[::1]:8080/x", "http://[::1]:8080/y", ""},
		{"https://api.ofauth.com/x", "http://api.ofauth.com/x", RedirectDowngrade},
		{"https://api.ofauth.com/x", "http://api.ofauth.com:443/x", RedirectDowngrade},
		{"http://api.ofauth.com/x", "https://api.ofauth.com/x", RedirectOtherOrigin},
		{"https://api.ofauth.com/x", "https://api.ofauth.com:8443/x", RedirectOtherOrigin},
		{"http://127.0.0.1:1000/x", "http://127.0.0.1:1001/x", RedirectOtherOrigin},
		{"https://api.ofauth.com/x", "https://evil.example/x", RedirectOtherOrigin},
		{"http://[::1]:8080/x", "http://[::1]:8081/x", RedirectOtherOrigin},
	} {
		from, to := mustParse(t, tc.from), mustParse(t, tc.to)
		err := checkSameOrigin(&http.Request{URL: to}, []*http.Request{{URL: from}})
		if tc.reason == "" {
			assert.NoError(t, err, "%s -> %s", tc.from, tc.to)
			continue
		}
		var re *RedirectError
		if assert.ErrorAs(t, err, &re, "%s -> %s", tc.from, tc.to) {
			assert.Equal(t, tc.reason, re.Reason, "%s -> %s", tc.from, tc.to)
		}
	}
}

func TestRedirectChainIsBounded(t *testing.T) {
	u := mustParse(t, "https://api.ofauth.com/x")
	via := []*http.Request{{URL: u}}
	for len(via) < maxRedirects {
		require.NoError(t, checkSameOrigin(&http.Request{URL: u}, via))
		via = append(via, &http.Request{URL: u})
	}
	require.NoError(t, checkSameOrigin(&http.Request{URL: u}, via))
	via = append(via, &http.Request{URL: u})
	var re *RedirectError
	require.ErrorAs(t, checkSameOrigin(&http.Request{URL: u}, via), &re)
	assert.Equal(t, RedirectTooMany, re.Reason)
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func hostOf(t *testing.T, s string) string {
	t.Helper()
	return mustParse(t, s).Hostname()
}
