package ofauth

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testKey is the API key of every test client; tests assert it never
// leaks.
const testKey = "sk_sandbox_test_9f8e7d6c5b4a"

// basePath is where setup mounts the fake API, so that a request that
// drops the base URL's path prefix gets a 404 and fails its test.
const basePath = "/gw/ofauth"

// setup starts a server with the API mounted under basePath and returns a
// client for it with fast retries, and the mux to register handlers on
// (patterns without the prefix, e.g. "GET /v2/account/whoami").
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	outer := http.NewServeMux()
	outer.Handle(basePath+"/", http.StripPrefix(basePath, mux))
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)
	all := append([]Option{
		WithBaseURL(srv.URL + basePath + "/"),
		WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := NewClient(testKey, all...)
	require.NoError(t, err)
	return c, mux
}

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		_, _ = io.WriteString(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(v) // fixtures always encode; a write error means the client left
}

// readJSON decodes a request body into a map.
func readJSON(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.NewDecoder(r.Body).Decode(&m))
	return m
}

// assertHeaders checks the headers every request carries.
func assertHeaders(t *testing.T, r *http.Request) {
	t.Helper()
	assert.Equal(t, testKey, r.Header.Get("apiKey"))
	assert.Contains(t, r.Header.Get("User-Agent"), "ofauth-go/"+Version)
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
}
