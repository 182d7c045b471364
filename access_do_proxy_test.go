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

// The OnlyFans proxy is reached through Do, the one raw escape hatch.

func TestDoProxyWithQueryOption(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/proxy/messages/queue", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"a": {"1", "2"}, "b": {"3"}})
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, map[string]any{"text": "Hello!", "lockedText": false}, readJSON(t, r))
		writeJSON(w, 200, `{"id": 77, "queue": true}`)
	})
	query := url.Values{"a": {"2"}, "b": {"3"}}
	var out struct {
		ID    int64 `json:"id"`
		Queue bool  `json:"queue"`
	}
	err := a.Do(context.Background(), "post", "/proxy/messages/queue?a=1",
		map[string]any{"text": "Hello!", "lockedText": false}, &out, WithQuery(query))
	require.NoError(t, err)
	assert.Equal(t, int64(77), out.ID)
	assert.True(t, out.Queue)
	assert.Equal(t, url.Values{"a": {"2"}, "b": {"3"}}, query, "the caller's query is untouched")
}

func TestWithQueryOnTypedCall(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/subscribers", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"limit": {"5"}, "extra": {"x"}})
		writeJSON(w, 200, `{"list": [], "hasMore": false}`)
	})
	_, err := a.Subscribers.List(context.Background(), &SubscriberListParams{Limit: 5}, WithQuery(url.Values{"extra": {"x"}}))
	require.NoError(t, err)
}

func TestWithQueryRejectsEmptyKey(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	a := c.Access.WithConnection("conn_1")
	err := a.Do(context.Background(), "GET", "/self", nil, nil, WithQuery(url.Values{"": {"x"}}))
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestDoProxyTextAnswer(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/proxy/users/me/avatar", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "not json")
	})
	var raw []byte
	require.NoError(t, a.Do(context.Background(), "GET", "proxy/users/me/avatar", nil, &raw))
	assert.Equal(t, "not json", string(raw))

	var msg json.RawMessage
	require.NoError(t, a.Do(context.Background(), "GET", "proxy/users/me/avatar", nil, &msg))
	assert.JSONEq(t, `"not json"`, string(msg))

	require.NoError(t, a.Do(context.Background(), "GET", "proxy/users/me/avatar", nil, nil))
}

func TestDoProxyErrors(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	ctx := context.Background()
	assert.ErrorIs(t, c.Access.Do(ctx, "GET", "/proxy/users/me", nil, nil), ErrNoConnection)
	a := c.Access.WithConnection("conn_1")
	assert.ErrorIs(t, a.Do(ctx, "", "/proxy/users/me", nil, nil), ErrInvalidParams)
	for _, p := range []string{"/proxy/users/../me", "/proxy/users/%2e%2e/x", "/proxy/users/%zz", "/proxy/users/{id}", "/proxy/users/me#frag"} {
		assert.ErrorIs(t, a.Do(ctx, "GET", p, nil, nil), ErrInvalidParams, p)
	}
}

func TestDoProxyErrorResponse(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/proxy/users/me", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error": "Session expired", "code": "SESSION_EXPIRED"}`)
	})
	err := a.Do(context.Background(), "GET", "/proxy/users/me", nil, nil)
	assert.True(t, NeedsReauth(err))
}
