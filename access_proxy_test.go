package ofauth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProxyRouteNormalisation(t *testing.T) {
	for in, want := range map[string]struct {
		route string
		query url.Values
	}{
		"/users/me":            {route: "/v2/access/proxy/users/me"},
		"users/me":             {route: "/v2/access/proxy/users/me"},
		"/api2/v2/users/me":    {route: "/v2/access/proxy/users/me"},
		"api2/v2/users/me":     {route: "/v2/access/proxy/users/me"},
		"  /api2/v2/users/me ": {route: "/v2/access/proxy/users/me"},
		"/api2/v2/api2/v2/x":   {route: "/v2/access/proxy/api2/v2/x"},
		"/api2/v2x/users":      {route: "/v2/access/proxy/api2/v2x/users"},
		"/api2/v3/users":       {route: "/v2/access/proxy/api2/v3/users"},
		"/subscriptions/subscribers?limit=10&offset=0": {route: "/v2/access/proxy/subscriptions/subscribers",
			query: url.Values{"limit": {"10"}, "offset": {"0"}}},
	} {
		route, q, err := proxyRoute(in)
		require.NoError(t, err, in)
		assert.Equal(t, want.route, route, in)
		if want.query == nil {
			want.query = url.Values{}
		}
		assert.Equal(t, want.query, q, in)
	}
}

func TestProxyRouteRejects(t *testing.T) {
	for _, in := range []string{
		"", "/", "api2/v2", "/api2/v2/", "api2/v2?x=1", "/users/../self", "users/./me", "/users/%2e%2e/x", "/users/%2E/x",
		"/users/%zz", "https://onlyfans.com/api2/v2/users/me", "/users/{id}", "/users/me#frag",
	} {
		_, _, err := proxyRoute(in)
		assert.ErrorIs(t, err, ErrInvalidParams, in)
	}
}

func TestProxyRequest(t *testing.T) {
	a, mux := contentAccess(t)
	mux.HandleFunc("POST /v2/access/proxy/messages/queue", func(w http.ResponseWriter, r *http.Request) {
		assertContentRequest(t, r, url.Values{"a": {"1", "2"}, "b": {"3"}})
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, map[string]any{"text": "Hello!", "lockedText": false}, readJSON(t, r))
		writeJSON(w, 200, `{"id": 77, "queue": true}`)
	})
	query := url.Values{"a": {"2"}, "b": {"3"}}
	var out struct {
		ID    int64 `json:"id"`
		Queue bool  `json:"queue"`
	}
	err := a.Proxy(context.Background(), "post", "/api2/v2/messages/queue?a=1", query,
		map[string]any{"text": "Hello!", "lockedText": false}, &out)
	require.NoError(t, err)
	assert.Equal(t, int64(77), out.ID)
	assert.True(t, out.Queue)
	assert.Equal(t, url.Values{"a": {"2"}, "b": {"3"}}, query, "the caller's query is untouched")
}

func TestProxyTextAnswer(t *testing.T) {
	a, mux := contentAccess(t)
	mux.HandleFunc("GET /v2/access/proxy/users/me/avatar", func(w http.ResponseWriter, r *http.Request) {
		assertContentRequest(t, r, nil)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "not json")
	})
	var raw []byte
	require.NoError(t, a.Proxy(context.Background(), "GET", "users/me/avatar", nil, nil, &raw))
	assert.Equal(t, "not json", string(raw))

	var msg json.RawMessage
	require.NoError(t, a.Proxy(context.Background(), "GET", "users/me/avatar", nil, nil, &msg))
	assert.JSONEq(t, `"not json"`, string(msg))

	require.NoError(t, a.Proxy(context.Background(), "GET", "users/me/avatar", nil, nil, nil))
}

func TestProxyErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()
	assert.ErrorIs(t, c.Access.Proxy(ctx, "GET", "/users/me", nil, nil, nil), ErrNoConnection)
	a := c.Access.WithConnection("conn_1")
	assert.ErrorIs(t, a.Proxy(ctx, "TRACE", "/users/me", nil, nil, nil), ErrInvalidParams)
	assert.ErrorIs(t, a.Proxy(ctx, "GET", "/users/../me", nil, nil, nil), ErrInvalidParams)
}

func TestProxyErrorResponse(t *testing.T) {
	a, mux := contentAccess(t)
	mux.HandleFunc("GET /v2/access/proxy/users/me", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error": "Session expired", "code": "SESSION_EXPIRED"}`)
	})
	err := a.Proxy(context.Background(), "GET", "/api2/v2/users/me", nil, nil, nil)
	assert.True(t, NeedsReauth(err))
}
