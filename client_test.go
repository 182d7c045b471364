package ofauth

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientValidation(t *testing.T) {
	_, err := NewClient("")
	assert.ErrorIs(t, err, ErrMissingAPIKey)
	_, err = NewClient("   ")
	assert.ErrorIs(t, err, ErrMissingAPIKey)

	bad := map[string]Option{
		"relative base URL":   WithBaseURL("api.ofauth.com"),
		"ftp base URL":        WithBaseURL("ftp://api.ofauth.com"),
		"unparseable URL":     WithBaseURL("http://[::1"),
		"query in base URL":   WithBaseURL("https://api.ofauth.com/?x=1"),
		"user info in URL":    WithBaseURL("https://u:p@api.ofauth.com"),
		"negative retries":    WithMaxRetries(-1),
		"negative wait":       WithRetryWait(-time.Second, time.Second),
		"max below min":       WithRetryWait(time.Second, time.Millisecond),
		"nil HTTP client":     WithHTTPClient(nil),
		"newline user agent":  WithUserAgent("x\r\nInjected: 1"),
		"zero rate limit":     WithConnectionRateLimit(0, 10),
		"zero burst":          WithConnectionRateLimit(60, 0),
		"empty host base URL": WithBaseURL("https://"),
	}
	for name, opt := range bad {
		t.Run(name, func(t *testing.T) {
			c, err := NewClient(testKey, opt)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalidOption)
			assert.NotContains(t, err.Error(), testKey)
		})
	}
	c, err := NewClient(testKey, nil, WithMaxRetries(0))
	require.NoError(t, err, "a nil option is ignored")
	assert.Equal(t, 0, c.core.retry.maxRetries)
}

func TestDefaults(t *testing.T) {
	c, err := NewClient(testKey)
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.core.baseURL)
	assert.Equal(t, retryPolicy{maxRetries: 3, min: 500 * time.Millisecond, max: 30 * time.Second}, c.core.retry)
	assert.Equal(t, "ofauth-go/"+Version, c.core.userAgent)
	assert.Nil(t, c.core.logger)
	tr := c.core.attempts.Transport.(*http.Transport)
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 64, "sized for concurrent callers")
	for _, s := range []any{c.Account, c.Connections, c.Link, c.Access, c.DynamicRules, c.VaultPlus} {
		assert.NotNil(t, s)
	}
}

func TestBaseURLKeepsPrefixAndIgnoresTrailingSlash(t *testing.T) {
	for _, base := range []string{"https://gw.example.com/ofauth", "https://gw.example.com/ofauth/", " https://gw.example.com/ofauth// "} {
		c, err := NewClient(testKey, WithBaseURL(base))
		require.NoError(t, err)
		assert.Equal(t, "https://gw.example.com/ofauth", c.core.baseURL)
	}
}

func TestRequestHeaders(t *testing.T) {
	c, mux := setup(t, WithUserAgent("myapp/1.2"))
	mux.HandleFunc("POST /v2/link/init", func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		assert.Equal(t, "ofauth-go/"+Version+" myapp/1.2", r.Header.Get("User-Agent"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, []string{testKey}, r.Header.Values("apikey"), "one key header")
		writeJSON(w, 200, `{"url":"https://link.ofauth.com/cs_1","expiresAt":"2025-01-01T00:00:00Z"}`)
	})
	_, err := c.Link.Init(context.Background(), &LinkInitParams{RedirectURL: "https://app.example.com/cb"})
	require.NoError(t, err)
}

func TestPathValuesAreEscapedAndEmptyOnesRejected(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("DELETE /v2/account/connections/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "conn/../x?y", r.PathValue("id"))
		assert.Equal(t, "/v2/account/connections/conn%2F..%2Fx%3Fy", r.URL.EscapedPath())
		w.WriteHeader(204)
	})
	require.NoError(t, c.Connections.Delete(context.Background(), "conn/../x?y"))
	err := c.Connections.Delete(context.Background(), "")
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.ErrorIs(t, c.Connections.Invalidate(context.Background(), " "), ErrInvalidParams)
}

func TestNilContextIsAnError(t *testing.T) {
	c, _ := setup(t)
	//lint:ignore SA1012 a nil context must not panic
	_, err := c.Account.Whoami(nil) //nolint:staticcheck // a nil context must not panic
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"org_1","name":"Org","permissions":[]}`)
	})
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":1,"username":"`+r.Header.Get("x-connection-id")+`"}`)
	})
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			acct, err := c.Account.Whoami(context.Background())
			if assert.NoError(t, err) {
				assert.Equal(t, "org_1", acct.ID)
			}
			conn := fmt.Sprintf("conn_%d", i)
			var out struct{ Username string }
			assert.NoError(t, c.Access.WithConnection(conn).Do(context.Background(), "GET", "/self", nil, &out))
			assert.Equal(t, conn, out.Username)
		}(i)
	}
	wg.Wait()
}

// TestKeyNeverLeaks prints the client, its services and its errors every
// way fmt can, and checks the key is in none of them nor in the logs.
func TestKeyNeverLeaks(t *testing.T) {
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mux := setup(t, WithLogger(logger), WithConnectionID("conn_1"))
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"error":"down"}`)
	})
	_, err := c.Account.Whoami(context.Background())
	require.Error(t, err)
	values := []any{c, *c, c.Account, c.Connections, c.Link, c.Access, *c.Access, c.Access.Self, c.DynamicRules,
		c.VaultPlus, c.Access.WithConnection("x"), err, c.core.send, c.core}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			assert.NotContains(t, fmt.Sprintf(verb, v), testKey, "%s of %T", verb, v)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	assert.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), testKey)
}

func TestSecretParamsPrintRedacted(t *testing.T) {
	p := ImportConnectionParams{Cookie: "auth_id=1; sess=SECRET; fp=x", UserAgent: "UA"}
	u := UpdateImportParams{Cookie: "sess=SECRET", UserAgent: "UA"}
	s := RawSession{UserID: "42", Cookie: "sess=SECRET", XBC: "SECRETBC"}
	for _, v := range []any{p, &p, u, &u, s, &s, LinkCompletedLogin{Session: s}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "SECRET", "%s of %T", verb, v)
		}
	}
	assert.Contains(t, fmt.Sprintf("%+v", p), "UserAgent:UA")
}

// httpmock intercepts the SDK through the http.Client it was given, whether
// it is activated before or after NewClient.
func TestHTTPMockOnTheSDKsClient(t *testing.T) {
	hc := &http.Client{}
	c, err := NewClient(testKey, WithHTTPClient(hc), WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateAndReset()

	httpmock.RegisterResponder("GET", "https://api.ofauth.com/v2/account/whoami",
		func(r *http.Request) (*http.Response, error) {
			assert.Equal(t, testKey, r.Header.Get("apiKey"))
			return httpmock.NewStringResponse(200, `{"id":"org_mock","name":"Mocked","permissions":["a"]}`), nil
		})
	httpmock.RegisterResponder("GET", "https://api.ofauth.com/v2/account/connections",
		httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(502, `bad gateway`),
			httpmock.NewStringResponse(200, `{"list":[{"id":"conn_1","status":"active"}],"hasMore":false}`),
		}))

	acct, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "Mocked", acct.Name)
	page, err := c.Connections.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, ConnectionActive, page.Items[0].Status)
	assert.Equal(t, 3, httpmock.GetTotalCallCount())
}

func TestRedirectsToAnotherHostAreRefused(t *testing.T) {
	var leaked bool
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("apiKey") != ""
	}))
	defer evil.Close()
	c, mux := setup(t)
	target := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+"/steal", http.StatusFound)
	})
	_, err := c.Account.Whoami(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRedirectRefused)
	assert.False(t, leaked)
}

func TestResponseShapes(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/empty", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("GET /v2/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "plain answer")
	})
	mux.HandleFunc("GET /v2/broken", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id": `) })
	ctx := context.Background()

	out := map[string]any{"kept": true}
	require.NoError(t, c.core.do(ctx, &request{method: "GET", route: "/v2/empty", out: &out}))
	assert.Equal(t, map[string]any{"kept": true}, out, "an empty body leaves out alone")

	var raw []byte
	require.NoError(t, c.core.do(ctx, &request{method: "GET", route: "/v2/text", out: &raw}))
	assert.Equal(t, "plain answer", string(raw))

	var acct Account
	err := c.core.do(ctx, &request{method: "GET", route: "/v2/broken", out: &acct})
	assert.ErrorIs(t, err, ErrInvalidResponse)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, `{"id": `, string(de.Body))
}
