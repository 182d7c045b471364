package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth/ofauthtest"
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

// The shared test harness of the service tests: client setup (setup,
// accessFor, fakeLinked), the wire check of a request (assertHeaders,
// assertAccessRequest, assertBody, handleAccess, runWireCases) and the walk
// check of an iterator (runWalkCases, testOffsetWalk).

// accessFor returns a test client's Access service bound to conn, and the
// mux of its fake API.
func accessFor(t *testing.T, conn string, opts ...Option) (*AccessService, *http.ServeMux) {
	t.Helper()
	c, mux := setup(t, opts...)
	return c.Access.WithConnection(conn), mux
}

// fakeLinked starts ofauthtest without a rate limit (the tests' calls
// outnumber its default burst), connects a creator through its Link flow
// and returns a client without retries, whose transport is wrap's (nil:
// a plain one) around a transport of its own, and the connection id.
func fakeLinked(t *testing.T, ref string, wrap func(http.RoundTripper) http.RoundTripper) (*Client, string) {
	t.Helper()
	srv := ofauthtest.NewServer(ofauthtest.WithRateLimit(0, 0))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	var rt http.RoundTripper = transport
	if wrap != nil {
		rt = wrap(transport)
	}
	c, err := NewClient(srv.APIKey, WithBaseURL(srv.URL), WithMaxRetries(0), WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sess, err := c.Link.Init(ctx, &LinkInitParams{ClientReferenceID: ref, RedirectURL: "https://app.example/callback"})
	require.NoError(t, err)
	_, id, err := srv.CompleteLink(sess.URL)
	require.NoError(t, err)
	return c, id
}

// assertAccessRequest checks the headers of an Access request, its
// connection and its exact query string (nil: none).
func assertAccessRequest(t *testing.T, r *http.Request, conn string, query url.Values) {
	t.Helper()
	assertHeaders(t, r)
	assert.Equal(t, conn, r.Header.Get("x-connection-id"))
	if query == nil {
		query = url.Values{}
	}
	assert.Equal(t, query, r.URL.Query())
}

// assertBody checks a request's exact JSON body and its Content-Type; ""
// wants neither.
func assertBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	assert.NoError(t, err)
	if want == "" {
		assert.Empty(t, string(b))
		assert.Empty(t, r.Header.Get("Content-Type"))
		return
	}
	assert.JSONEq(t, want, string(b))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// wireConn is the connection id of the wire tests.
const wireConn = "conn_wire"

// wireCase is one call of a typed Access method and what must reach the
// wire for it.
type wireCase struct {
	name   string
	method string
	path   string     // the escaped path below /v2/access
	query  url.Values // the exact query; nil: none
	body   string     // the exact JSON body; "": none
	status int        // the answer's status; 0: 200
	reply  string     // the answer's body
	call   func(t *testing.T, a *AccessService)
}

// runWireCases runs each case against a server that checks the request
// and answers with the case's reply.
func runWireCases(t *testing.T, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, mux := accessFor(t, wireConn)
			var mu sync.Mutex
			hits := 0
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hits++
				mu.Unlock()
				assertAccessRequest(t, r, wireConn, tc.query)
				assert.Equal(t, tc.method, r.Method)
				assert.Equal(t, "/v2/access"+tc.path, r.URL.EscapedPath())
				assertBody(t, r, tc.body)
				status := tc.status
				if status == 0 {
					status = http.StatusOK
				}
				writeJSON(w, status, tc.reply)
			})
			tc.call(t, a)
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, 1, hits, "requests sent")
		})
	}
}

// walkCase drives an All method over a list served in pages.
type walkCase struct {
	name    string
	path    string            // below /v2/access
	key     string            // the cursor's query key: "offset" or "marker"
	fixed   url.Values        // query values every page request must carry
	pages   map[string]string // answer by the cursor value sent ("" when absent)
	walk    func(a *AccessService, max int) ([]string, error)
	want    []string // the items of a full walk
	cursors []string // the cursor values a full walk sends
}

// runWalkCases walks each list fully, then again breaking after the first
// item, which must send a single request.
func runWalkCases(t *testing.T, cases []walkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, mux := accessFor(t, wireConn)
			var mu sync.Mutex
			var sent []string
			mux.HandleFunc("GET /v2/access"+tc.path, func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, wireConn, r.Header.Get("x-connection-id"))
				q := r.URL.Query()
				cur := q.Get(tc.key)
				q.Del(tc.key)
				want := tc.fixed
				if want == nil {
					want = url.Values{}
				}
				assert.Equal(t, want, q)
				mu.Lock()
				sent = append(sent, cur)
				mu.Unlock()
				body, ok := tc.pages[cur]
				if !ok {
					writeJSON(w, http.StatusBadRequest, `{"message":"unexpected cursor `+cur+`"}`)
					return
				}
				writeJSON(w, http.StatusOK, body)
			})

			got, err := tc.walk(a, 0)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			mu.Lock()
			assert.Equal(t, tc.cursors, sent)
			sent = nil
			mu.Unlock()

			got, err = tc.walk(a, 1)
			require.NoError(t, err)
			assert.Equal(t, tc.want[:1], got)
			mu.Lock()
			assert.Len(t, sent, 1, "breaking early stops the requests")
			mu.Unlock()
		})
	}
}

// take collects an id of each item of seq, stopping after max items (0:
// all of them) or at the first error.
func take[T any](seq iter.Seq2[*T, error], max int, id func(*T) string) ([]string, error) {
	var out []string
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, id(v))
		if len(out) == max {
			break
		}
	}
	return out, nil
}

// handleAccess answers pattern with resp after checking the common
// headers, the connection, and whatever check asserts.
func handleAccess(t *testing.T, mux *http.ServeMux, conn, pattern, resp string, check func(r *http.Request)) {
	t.Helper()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		assert.Equal(t, conn, r.Header.Get("x-connection-id"))
		if check != nil {
			check(r)
		}
		writeJSON(w, http.StatusOK, resp)
	})
}

// assertNoBody checks a request carries no body.
func assertNoBody(t *testing.T, r *http.Request) {
	t.Helper()
	assertBody(t, r, "")
}

// testOffsetWalk checks that walk, asked for pages of 2, requests the
// offsets 0 (left out), 2 and 4 of path, sends limit=2 each time, yields
// the ids 1 to 5 in order, and stops requesting when the caller breaks.
// The pages use key as the envelope's list key; "" sends bare arrays.
func testOffsetWalk[T any](t *testing.T, path, key string, walk func(a *AccessService) iter.Seq2[*T, error], id func(*T) int64) {
	t.Helper()
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	var mu sync.Mutex
	var offsets []string
	mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, promoStatsConn, r.Header.Get("x-connection-id"))
		assert.Equal(t, "2", r.URL.Query().Get("limit"))
		off := r.URL.Query().Get("offset")
		mu.Lock()
		offsets = append(offsets, off)
		mu.Unlock()
		ids, more := map[string]string{"": "1,2", "2": "3,4", "4": "5"}[off], off != "4"
		var items []string
		for _, n := range strings.Split(ids, ",") {
			items = append(items, `{"id":`+n+`}`)
		}
		list := "[" + strings.Join(items, ",") + "]"
		if key == "" {
			writeJSON(w, http.StatusOK, list)
			return
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"hasMore":%t,%q:%s}`, more, key, list))
	})

	var got []int64
	for item, err := range walk(a) {
		require.NoError(t, err)
		got = append(got, id(item))
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, got)
	assert.Equal(t, []string{"", "2", "4"}, offsets)

	offsets = nil
	for item, err := range walk(a) {
		require.NoError(t, err)
		assert.Equal(t, int64(1), id(item))
		break
	}
	assert.Equal(t, []string{""}, offsets, "breaking early stops the requests")
}

// pick returns p when set, else a nil pointer of its type.
func pick[P any](set bool, p *P) *P {
	if set {
		return p
	}
	return nil
}

// assertNoBodyFn is assertNoBody as a handler check.
func assertNoBodyFn(t *testing.T) func(*http.Request) {
	return func(r *http.Request) { assertNoBody(t, r) }
}

// callLog records what a test server saw, safely across goroutines.
type callLog struct {
	mu  sync.Mutex
	got []string
}

func (l *callLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, s)
}

func (l *callLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.got...)
}
