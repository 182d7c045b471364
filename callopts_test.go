package ofauth

import (
	"context"
	"errors"
	"iter"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryEndpointAppliesCallOptions walks the spec's operations: each
// SDK method must send a WithHeader header and fill a WithResponseInto
// target, with a nil CallOption among them ignored.
func TestEveryEndpointAppliesCallOptions(t *testing.T) {
	require.NotEmpty(t, specOperations)
	for _, op := range specOperations {
		t.Run(op.Method+" "+op.Path, func(t *testing.T) {
			call, ok := endpointCalls[op.GoMethod]
			require.True(t, ok, "no call registered for %s", op.GoMethod)
			var mu sync.Mutex
			var tags []string
			client, mux := setup(t, WithMaxRetries(0))
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				tags = append(tags, r.Header.Get("X-Call-Tag"))
				mu.Unlock()
				w.Header().Set("X-Request-Id", "req-"+op.OperationID)
				w.Header().Set("X-RateLimit-Limit", "100")
				w.Header().Set("X-RateLimit-Remaining", "99")
				writeJSON(w, http.StatusOK, `{}`)
			})
			resp := Response{StatusCode: -1, Attempts: -1}
			_ = call(context.Background(), client, op, nil, WithHeader("X-Call-Tag", op.OperationID), WithResponseInto(&resp))
			mu.Lock()
			defer mu.Unlock()
			require.Equal(t, []string{op.OperationID}, tags, "%s did not send the WithHeader header", op.GoMethod)
			assert.Equal(t, http.StatusOK, resp.StatusCode, "%s did not fill WithResponseInto", op.GoMethod)
			assert.Equal(t, 1, resp.Attempts)
			assert.Equal(t, "req-"+op.OperationID, resp.RequestID)
			assert.Equal(t, RateLimit{Limit: 100, Remaining: 99}, resp.RateLimit)
		})
	}
}

// services returns every service of a client bound to a connection, by
// name, for the reflective checks below.
func services(c *Client) map[string]any {
	a := c.Access.WithConnection(coverageConnection)
	out := map[string]any{
		"Account": c.Account, "Connections": c.Connections, "Link": c.Link, "Access": a,
		"DynamicRules": c.DynamicRules, "VaultPlus": c.VaultPlus.WithConnection(coverageConnection),
	}
	av := reflect.ValueOf(a).Elem()
	for i := 0; i < av.NumField(); i++ {
		if f := av.Type().Field(i); f.IsExported() {
			out["Access."+f.Name] = av.Field(i).Interface()
		}
	}
	return out
}

var (
	ctxType      = reflect.TypeOf((*context.Context)(nil)).Elem()
	callOptsType = reflect.TypeOf([]CallOption(nil))
)

// TestEveryServiceMethodTakesCallOptions checks the rule of the package
// doc: every exported method that calls the API (it takes a context) ends
// with opts ...CallOption.
func TestEveryServiceMethodTakesCallOptions(t *testing.T) {
	c, err := NewClient(testKey)
	require.NoError(t, err)
	n := 0
	for name, svc := range services(c) {
		typ := reflect.TypeOf(svc)
		for i := 0; i < typ.NumMethod(); i++ {
			m := typ.Method(i)
			ft := m.Type // receiver first
			if ft.NumIn() < 2 || ft.In(1) != ctxType {
				continue
			}
			n++
			assert.True(t, ft.IsVariadic() && ft.In(ft.NumIn()-1) == callOptsType,
				"%s.%s does not end with opts ...CallOption", name, m.Name)
		}
	}
	assert.Greater(t, n, 130, "service methods checked")
}

// TestEveryIteratorAppliesCallOptions calls every All… iterator with
// placeholder arguments: the first page's request must carry the header,
// and the response target must describe it.
func TestEveryIteratorAppliesCallOptions(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var mu sync.Mutex
	seen := map[string]int{}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Header.Get("X-Call-Tag")]++
		mu.Unlock()
		w.Header().Set("X-Request-Id", "req-"+r.Header.Get("X-Call-Tag"))
		writeJSON(w, http.StatusOK, `{"list":[],"hasMore":false}`)
	})
	seq2 := reflect.TypeOf((iter.Seq2[int, error])(nil)).Kind()
	n := 0
	for name, svc := range services(c) {
		v := reflect.ValueOf(svc)
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			ft := m.Type
			if !strings.Contains(m.Name, "All") || ft.NumOut() != 1 || ft.Out(0).Kind() != seq2 {
				continue
			}
			n++
			tag := name + "." + m.Name
			var resp Response
			args := []reflect.Value{reflect.ValueOf(context.Background())}
			for j := 2; j < ft.NumIn()-1; j++ { // placeholders between ctx and opts
				args = append(args, placeholder(ft.In(j)))
			}
			args = append(args, reflect.ValueOf(WithHeader("X-Call-Tag", tag)), reflect.ValueOf(WithResponseInto(&resp)))
			seq := v.Method(i).Call(args)[0]
			yieldType := seq.Type().In(0)
			stop := reflect.MakeFunc(yieldType, func([]reflect.Value) []reflect.Value { return []reflect.Value{reflect.ValueOf(false)} })
			seq.Call([]reflect.Value{stop})
			mu.Lock()
			assert.Equal(t, 1, seen[tag], "%s: requests carrying its header", tag)
			mu.Unlock()
			assert.Equal(t, http.StatusOK, resp.StatusCode, tag)
			assert.Equal(t, "req-"+tag, resp.RequestID, tag)
		}
	}
	assert.GreaterOrEqual(t, n, 30, "iterators checked")
}

// placeholder is a valid argument of type t for an iterator: an id or a
// nil params pointer.
func placeholder(t reflect.Type) reflect.Value {
	switch t.Kind() {
	case reflect.String:
		return reflect.ValueOf("7").Convert(t)
	case reflect.Int64, reflect.Int:
		return reflect.ValueOf(7).Convert(t)
	}
	return reflect.Zero(t)
}

func TestWithResponseIntoAfterRetriedSuccess(t *testing.T) {
	var hits atomic.Int32
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("X-Request-Id", "req-first")
			writeJSON(w, http.StatusServiceUnavailable, `{"error":"busy"}`)
			return
		}
		w.Header().Set("X-Request-Id", "req-second")
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "41")
		writeJSON(w, http.StatusOK, `{"id":"org_1","name":"Acme"}`)
	})
	var resp Response
	me, err := c.Account.Whoami(context.Background(), WithResponseInto(&resp))
	require.NoError(t, err)
	assert.Equal(t, "Acme", me.Name)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "req-second", resp.RequestID)
	assert.Equal(t, "req-second", resp.Header.Get("X-Request-Id"))
	assert.Equal(t, 60, resp.RateLimit.Limit)
	assert.Equal(t, 41, resp.RateLimit.Remaining)
	assert.Equal(t, 2, resp.Attempts)
	assert.Positive(t, resp.Duration)
}

func TestWithResponseIntoOnAPIError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"error":"no such thing","type":"NOT_FOUND","requestId":"req-404"}`)
	})
	resp := Response{RequestID: "stale"}
	_, err := c.Account.Whoami(context.Background(), WithResponseInto(&resp))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, apiErr.StatusCode, resp.StatusCode)
	assert.Equal(t, apiErr.RequestID, resp.RequestID)
	assert.Equal(t, "req-404", resp.RequestID)
	assert.Equal(t, 1, resp.Attempts)
	assert.Positive(t, resp.Duration)
}

func TestWithResponseIntoOnTransportFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now: every dial is refused
	c, err := NewClient(testKey, WithBaseURL("http://"+addr), WithRetryWait(time.Millisecond, 2*time.Millisecond), WithMaxRetries(2))
	require.NoError(t, err)
	resp := Response{StatusCode: 200, Header: http.Header{"X": {"stale"}}}
	_, err = c.Account.Whoami(context.Background(), WithResponseInto(&resp))
	require.Error(t, err)
	assert.Equal(t, 0, resp.StatusCode)
	assert.Nil(t, resp.Header)
	assert.Equal(t, 3, resp.Attempts, "dial failures are retried")
	assert.Equal(t, RateLimit{Limit: -1, Remaining: -1}, resp.RateLimit)
}

func TestWithResponseIntoBeforeAnyRequest(t *testing.T) {
	c, err := NewClient(testKey)
	require.NoError(t, err)
	resp := Response{StatusCode: 200, Attempts: 9, RequestID: "stale"}
	_, err = c.Access.Self.Get(context.Background(), WithResponseInto(&resp))
	require.ErrorIs(t, err, ErrNoConnection)
	assert.Equal(t, 0, resp.StatusCode)
	assert.Equal(t, 0, resp.Attempts)
	assert.Empty(t, resp.RequestID)
}

func TestWithResponseIntoIteratorReportsLastPage(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		offset := r.URL.Query().Get("offset")
		w.Header().Set("X-Request-Id", "page-"+offset)
		if offset == "" {
			writeJSON(w, http.StatusOK, `{"list":[{"id":"conn_1"}],"hasMore":true}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"list":[{"id":"conn_2"}],"hasMore":false}`)
	})
	var resp Response
	var ids []string
	for conn, err := range c.Connections.All(context.Background(), nil, WithResponseInto(&resp)) {
		require.NoError(t, err)
		ids = append(ids, conn.ID)
	}
	assert.Equal(t, []string{"conn_1", "conn_2"}, ids)
	assert.Equal(t, "page-1", resp.RequestID)
}

func TestWithHeaderIsSent(t *testing.T) {
	c, mux := setup(t)
	var got http.Header
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, http.StatusOK, `{"id":"org_1"}`)
	})
	_, err := c.Account.Whoami(context.Background(), WithHeader("X-Trace", "abc"), WithHeader("x-trace", "def"), WithHeader("Accept-Language", "fr"))
	require.NoError(t, err)
	assert.Equal(t, []string{"abc", "def"}, got.Values("X-Trace"))
	assert.Equal(t, "fr", got.Get("Accept-Language"))
	assertHeaders(t, &http.Request{Header: got})
}

func TestWithHeaderRefusesClientHeaders(t *testing.T) {
	var hits atomic.Int32
	c, mux := setup(t, WithConnectionID("conn_1"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusOK, `{}`)
	})
	for _, h := range [][2]string{
		{"apiKey", "other"}, {"APIKEY", "other"}, {"x-connection-id", "conn_2"}, {"X-Connection-ID", "conn_2"},
		{"Content-Type", "text/plain"}, {"user-agent", "evil"}, {"Host", "example.com"},
		{"Content-Length", "1"}, {"Transfer-Encoding", "chunked"},
		{"X-Trace", "a\r\nX-Injected: 1"}, {"X-Trace", "a\nb"}, {"X Trace", "a"}, {"", "a"}, {"X-Trace:", "a"},
	} {
		var resp Response
		_, err := c.Access.Self.Get(context.Background(), WithHeader(h[0], h[1]), WithResponseInto(&resp))
		require.ErrorIs(t, err, ErrInvalidParams, "%q", h)
		assert.Equal(t, 0, resp.Attempts)
		assert.NotContains(t, err.Error(), testKey)
	}
	assert.Zero(t, hits.Load(), "a refused header sends nothing")
}

func TestWithCallMaxRetries(t *testing.T) {
	var hits atomic.Int32
	c, mux := setup(t, WithMaxRetries(3))
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"busy"}`)
	})
	ctx := context.Background()

	var resp Response
	_, err := c.Account.Whoami(ctx, WithCallMaxRetries(0), WithResponseInto(&resp))
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(1), hits.Load(), "WithCallMaxRetries(0): one attempt")
	assert.Equal(t, 1, resp.Attempts)

	hits.Store(0)
	_, err = c.Account.Whoami(ctx)
	require.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(4), hits.Load(), "the client's default still applies without the option")

	hits.Store(0)
	_, err = c.Account.Whoami(ctx, WithCallMaxRetries(5), WithResponseInto(&resp))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, int32(6), hits.Load(), "a call may allow more retries than the client")
	assert.Equal(t, 6, resp.Attempts)
	assert.Equal(t, 6, apiErr.Attempts)

	hits.Store(0)
	_, err = c.Account.Whoami(ctx, WithCallMaxRetries(-1))
	require.ErrorIs(t, err, ErrInvalidParams)
	assert.Zero(t, hits.Load())
}

func TestWithCallTimeoutEndsStalledCall(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		select { // stall until the client gives up
		case <-r.Context().Done():
		case <-release:
		}
	})
	var resp Response
	start := time.Now()
	_, err := c.Account.Whoami(context.Background(), WithCallTimeout(50*time.Millisecond), WithResponseInto(&resp))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 10*time.Second, "hang guard")
	assert.Equal(t, 1, resp.Attempts)
	assert.Equal(t, 0, resp.StatusCode)

	for _, d := range []time.Duration{0, -time.Second} {
		_, err = c.Account.Whoami(context.Background(), WithCallTimeout(d))
		require.ErrorIs(t, err, ErrInvalidParams)
	}
}

// TestCallOptionsSharedAcrossGoroutines reuses the same CallOption values
// in 32 concurrent calls, each with its own Response (run with -race).
func TestCallOptionsSharedAcrossGoroutines(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Shared") != "yes" {
			writeJSON(w, http.StatusBadRequest, `{"error":"missing header"}`)
			return
		}
		w.Header().Set("X-Request-Id", "req-"+r.Header.Get("X-Seq"))
		writeJSON(w, http.StatusOK, `{"id":"org_1"}`)
	})
	shared := []CallOption{WithHeader("X-Shared", "yes"), WithCallMaxRetries(1), WithCallTimeout(time.Minute)}
	const n = 32
	resps := make([]Response, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opts := append(append([]CallOption(nil), shared...), WithHeader("X-Seq", strconv.Itoa(i)), WithResponseInto(&resps[i]))
			_, errs[i] = c.Account.Whoami(context.Background(), opts...)
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, "req-"+strconv.Itoa(i), resps[i].RequestID)
		assert.Equal(t, 1, resps[i].Attempts)
	}
}

func TestCallOptionErrorsAreTyped(t *testing.T) {
	for _, o := range []CallOption{WithHeader("apiKey", "x"), WithCallMaxRetries(-1), WithCallTimeout(0)} {
		_, err := applyCallOptions([]CallOption{o})
		require.ErrorIs(t, err, ErrInvalidParams)
		assert.False(t, errors.Is(err, ErrServer))
	}
	s, err := applyCallOptions([]CallOption{nil, nil})
	require.NoError(t, err)
	assert.Equal(t, &callSettings{}, s, "nil options change nothing")
}

// TestWithResponseIntoOnMethodRefusal: a call its method refuses before
// any request still leaves the target describing it, not an earlier call.
func TestWithResponseIntoOnMethodRefusal(t *testing.T) {
	c, err := NewClient(testKey, WithConnectionID("conn_1"))
	require.NoError(t, err)
	a := c.Access
	ctx := context.Background()
	for name, call := range map[string]func(CallOption) error{
		"SetCustomName": func(o CallOption) error { return a.Subscribers.SetCustomName(ctx, 1, " ", o) },
		"Upload": func(o CallOption) error {
			_, err := a.Uploads.Upload(ctx, nil, 1, &UploadParams{Filename: "a.jpg", ContentType: "image/jpeg"}, o)
			return err
		},
		"Do": func(o CallOption) error { return a.Do(ctx, "GET", "/../x", nil, nil, o) },
		"UserLists.Create": func(o CallOption) error {
			_, err := a.UserLists.Create(ctx, "", o)
			return err
		},
	} {
		resp := Response{StatusCode: 200, Attempts: 3, RequestID: "stale", Header: http.Header{}}
		err := call(WithResponseInto(&resp))
		require.ErrorIs(t, err, ErrInvalidParams, name)
		assert.Equal(t, Response{RateLimit: RateLimit{Limit: -1, Remaining: -1}}, resp, name)
	}
}
