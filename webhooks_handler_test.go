package ofauth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// handlerSecret signs every delivery of these tests; the verifier's clock
// is real, so deliveries are signed now.
const handlerSecret = "whsec_aGFuZGxlci10ZXN0LWtleS1mb3Itb2ZhdXRoLXNkaw=="

func handlerVerifier(t *testing.T, opts ...ofauth.WebhookOption) *ofauth.WebhookVerifier {
	t.Helper()
	v, err := ofauth.NewWebhookVerifier(handlerSecret, opts...)
	require.NoError(t, err)
	return v
}

func signedRequest(t *testing.T, id, body string) *http.Request {
	t.Helper()
	r, err := ofauthtest.NewSignedRequest(handlerSecret, id, time.Now(), []byte(body))
	require.NoError(t, err)
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// errorBody decodes the handler's JSON error answer.
func errorBody(t *testing.T, w *httptest.ResponseRecorder) (msg, code string) {
	t.Helper()
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	var b struct{ Error, Code string }
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &b), w.Body.String())
	return b.Error, b.Code
}

// counter is a handler function that counts its calls.
type counter struct {
	calls atomic.Int32
	err   error
	last  atomic.Pointer[ofauth.WebhookEvent]
}

func (c *counter) fn(_ context.Context, e *ofauth.WebhookEvent) error {
	c.calls.Add(1)
	c.last.Store(e)
	return c.err
}

func TestWebhookHandlerSuccess(t *testing.T) {
	var c counter
	h := ofauth.NewWebhookHandler(handlerVerifier(t), c.fn)
	w := serve(h, signedRequest(t, "msg_ok", s1Body))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"received":true}`, w.Body.String())
	require.Equal(t, int32(1), c.calls.Load())
	assert.Equal(t, "msg_ok", c.last.Load().ID)
	assert.Equal(t, ofauth.EventConnectionCreated, c.last.Load().Type)
}

func TestWebhookHandlerRejections(t *testing.T) {
	stale, err := ofauthtest.NewSignedRequest(handlerSecret, "msg_old", time.Now().Add(-time.Hour), []byte(s1Body))
	require.NoError(t, err)
	future, err := ofauthtest.NewSignedRequest(handlerSecret, "msg_future", time.Now().Add(time.Hour), []byte(s1Body))
	require.NoError(t, err)
	wrongSecret, err := ofauthtest.NewSignedRequest(s1Secret, "msg_wrong", time.Now(), []byte(s1Body))
	require.NoError(t, err)
	tampered := signedRequest(t, "msg_tampered", s1Body)
	changed := strings.Replace(s1Body, "janedoe", "janedoe2", 1)
	tampered.Body = io.NopCloser(strings.NewReader(changed))
	tampered.ContentLength = int64(len(changed))
	unsigned := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(s1Body))
	get := signedRequest(t, "msg_get", s1Body)
	get.Method = http.MethodGet
	big := `{"type":"x","pad":"` + strings.Repeat("a", 200) + `"}`

	cases := []struct {
		name   string
		h      http.Handler
		r      *http.Request
		status int
		code   string
	}{
		{"GET", nil, get, http.StatusMethodNotAllowed, "method_not_allowed"},
		{"unsigned", nil, unsigned, http.StatusUnauthorized, "missing_headers"},
		{"wrong secret", nil, wrongSecret, http.StatusUnauthorized, "invalid_signature"},
		{"tampered", nil, tampered, http.StatusUnauthorized, "invalid_signature"},
		{"stale", nil, stale, http.StatusUnauthorized, "invalid_timestamp"},
		{"from the future", nil, future, http.StatusUnauthorized, "invalid_timestamp"},
		{"not an object", nil, signedRequest(t, "msg_array", `[1,2]`), http.StatusBadRequest, "invalid_payload"},
		{"too large", ofauth.NewWebhookHandler(handlerVerifier(t, ofauth.WithMaxBodyBytes(100)), (&counter{}).fn),
			signedRequest(t, "msg_big", big), http.StatusRequestEntityTooLarge, "payload_too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c counter
			h := tc.h
			if h == nil {
				h = ofauth.NewWebhookHandler(handlerVerifier(t), c.fn)
			}
			w := serve(h, tc.r)
			assert.Equal(t, tc.status, w.Code)
			msg, code := errorBody(t, w)
			assert.Equal(t, tc.code, code)
			assert.NotEmpty(t, msg)
			assertNoLeak(t, w.Body.String(), handlerSecret, strings.TrimPrefix(handlerSecret, "whsec_"), "handler-test-key-for-ofauth-sdk")
			assert.Zero(t, c.calls.Load(), "fn is not called")
		})
	}
	w := serve(ofauth.NewWebhookHandler(handlerVerifier(t), (&counter{}).fn), get)
	assert.Equal(t, http.MethodPost, w.Header().Get("Allow"))
}

func TestWebhookHandlerFailureIs500AndRedelivered(t *testing.T) {
	c := counter{err: errors.New("database down: dsn=postgres://user:pw@db")}
	var hooked []error
	h := handlerVerifier(t).Handler(c.fn, ofauth.WithErrorHook(func(r *http.Request, e *ofauth.WebhookEvent, err error) {
		assert.NotNil(t, r)
		assert.Equal(t, "msg_fail", e.ID)
		hooked = append(hooked, err)
	}))
	w := serve(h, signedRequest(t, "msg_fail", s1Body))
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	_, code := errorBody(t, w)
	assert.Equal(t, "handler_failed", code)
	assert.NotContains(t, w.Body.String(), "postgres", "fn's error stays out of the answer")
	require.Len(t, hooked, 1)
	assert.ErrorIs(t, hooked[0], c.err)

	// The failed event was not recorded: its redelivery runs fn again and
	// can succeed.
	c.err = nil
	w = serve(h, signedRequest(t, "msg_fail", s1Body))
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, int32(2), c.calls.Load())
}

func TestWebhookHandlerRedeliveryAfterSuccess(t *testing.T) {
	var c counter
	h := ofauth.NewWebhookHandler(handlerVerifier(t), c.fn)
	require.Equal(t, http.StatusOK, serve(h, signedRequest(t, "msg_once", s1Body)).Code)

	// A redelivery is signed anew, with a later timestamp, and the same id.
	r, err := ofauthtest.NewSignedRequest(handlerSecret, "msg_once", time.Now().Add(time.Second), []byte(s1Body))
	require.NoError(t, err)
	w := serve(h, r)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.JSONEq(t, `{"received":true,"duplicate":true}`, w.Body.String())
	assert.Equal(t, int32(1), c.calls.Load())

	// Another id runs.
	require.Equal(t, http.StatusOK, serve(h, signedRequest(t, "msg_other", s1Body)).Code)
	assert.Equal(t, int32(2), c.calls.Load())

	// A forged duplicate is rejected before dedupe: it cannot mask a real event.
	forged := signedRequest(t, "msg_once", s1Body)
	forged.Header.Set("svix-signature", "v1,"+strings.Repeat("A", 43)+"=")
	assert.Equal(t, http.StatusUnauthorized, serve(h, forged).Code)
}

func TestWebhookHandlerWithoutDedupe(t *testing.T) {
	var c counter
	h := handlerVerifier(t).Handler(c.fn, ofauth.WithoutDedupe())
	for i := 0; i < 3; i++ {
		require.Equal(t, http.StatusOK, serve(h, signedRequest(t, "msg_same", s1Body)).Code)
	}
	assert.Equal(t, int32(3), c.calls.Load())
}

// reserveSignal wraps a deduper and signals every Reserve as it starts,
// so a test knows a duplicate has reached the deduper.
type reserveSignal struct {
	ofauth.WebhookDeduper
	entered chan string
}

func newReserveSignal(n int) *reserveSignal {
	return &reserveSignal{WebhookDeduper: ofauth.NewMemoryDeduper(100, time.Hour), entered: make(chan string, n)}
}

func (d *reserveSignal) Reserve(ctx context.Context, id string) (bool, error) {
	d.entered <- id
	return d.WebhookDeduper.Reserve(ctx, id)
}

// await waits for n Reserve calls.
func (d *reserveSignal) await(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case <-d.entered:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d deliveries reached the deduper", i, n)
		}
	}
}

func TestWebhookHandlerConcurrentDuplicatesRunOnce(t *testing.T) {
	const n = 8
	release := make(chan struct{})
	started := make(chan struct{}, n)
	var calls atomic.Int32
	dedupe := newReserveSignal(n)
	h := handlerVerifier(t).Handler(func(ctx context.Context, e *ofauth.WebhookEvent) error {
		calls.Add(1)
		started <- struct{}{}
		<-release
		return nil
	}, ofauth.WithDeduper(dedupe))
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		r := signedRequest(t, "msg_concurrent", s1Body)
		go func() {
			defer wg.Done()
			codes <- serve(h, r).Code
		}()
	}
	<-started
	dedupe.await(t, n) // the first holds the claim; the duplicates reach the deduper
	close(release)
	wg.Wait()
	close(codes)
	assert.Equal(t, int32(1), calls.Load())
	for code := range codes {
		assert.Equal(t, http.StatusOK, code, "duplicates wait for the first outcome")
	}
}

func TestWebhookHandlerConcurrentDuplicateAfterFailure(t *testing.T) {
	first := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	dedupe := newReserveSignal(3)
	h := handlerVerifier(t).Handler(func(ctx context.Context, e *ofauth.WebhookEvent) error {
		if calls.Add(1) == 1 {
			close(first)
			<-release
			return errors.New("first attempt fails")
		}
		return nil
	}, ofauth.WithDeduper(dedupe))
	var wg sync.WaitGroup
	var codes [2]int
	wg.Add(1)
	go func() {
		defer wg.Done()
		codes[0] = serve(h, signedRequest(t, "msg_retry", s1Body)).Code
	}()
	<-first
	wg.Add(1)
	go func() {
		defer wg.Done()
		codes[1] = serve(h, signedRequest(t, "msg_retry", s1Body)).Code
	}()
	dedupe.await(t, 2) // the first's claim and the duplicate's wait for it
	close(release)
	wg.Wait()
	assert.Equal(t, [2]int{http.StatusInternalServerError, http.StatusOK}, codes)
	assert.Equal(t, int32(2), calls.Load(), "the waiting duplicate runs fn once the first fails")
}

func TestWebhookHandlerPanicReleasesClaim(t *testing.T) {
	var calls atomic.Int32
	h := ofauth.NewWebhookHandler(handlerVerifier(t), func(ctx context.Context, e *ofauth.WebhookEvent) error {
		if calls.Add(1) == 1 {
			panic("bug")
		}
		return nil
	})
	func() {
		defer func() { assert.Equal(t, "bug", recover()) }()
		serve(h, signedRequest(t, "msg_panic", s1Body))
	}()
	assert.Equal(t, http.StatusOK, serve(h, signedRequest(t, "msg_panic", s1Body)).Code)
	assert.Equal(t, int32(2), calls.Load())
}

// recordingDeduper is a WebhookDeduper that logs calls and can fail.
type recordingDeduper struct {
	mu         sync.Mutex
	calls      []string
	reserveErr error
	done       map[string]bool
}

func (d *recordingDeduper) log(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, s)
}

func (d *recordingDeduper) Reserve(ctx context.Context, id string) (bool, error) {
	d.log("reserve " + id)
	if d.reserveErr != nil {
		return false, d.reserveErr
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.done[id], nil
}

func (d *recordingDeduper) Commit(ctx context.Context, id string) error {
	if ctx.Err() != nil {
		d.log("commit with a dead context")
	}
	d.log("commit " + id)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.done == nil {
		d.done = map[string]bool{}
	}
	d.done[id] = true
	return nil
}

func (d *recordingDeduper) Release(ctx context.Context, id string) error {
	d.log("release " + id)
	return nil
}

func TestWebhookHandlerCustomDeduper(t *testing.T) {
	d := &recordingDeduper{}
	c := counter{}
	h := handlerVerifier(t).Handler(c.fn, ofauth.WithDeduper(d))
	require.Equal(t, http.StatusOK, serve(h, signedRequest(t, "m1", s1Body)).Code)
	require.Equal(t, http.StatusOK, serve(h, signedRequest(t, "m1", s1Body)).Code)
	c.err = errors.New("boom")
	require.Equal(t, http.StatusInternalServerError, serve(h, signedRequest(t, "m2", s1Body)).Code)
	assert.Equal(t, []string{"reserve m1", "commit m1", "reserve m1", "reserve m2", "release m2"}, d.calls)
	assert.Equal(t, int32(2), c.calls.Load())

	// WithDeduper(nil) keeps the in-memory default.
	c = counter{}
	h = handlerVerifier(t).Handler(c.fn, ofauth.WithDeduper(nil))
	serve(h, signedRequest(t, "m1", s1Body))
	serve(h, signedRequest(t, "m1", s1Body))
	assert.Equal(t, int32(1), c.calls.Load())
}

func TestWebhookHandlerDeduperUnavailable(t *testing.T) {
	d := &recordingDeduper{reserveErr: errors.New("redis: connection refused")}
	var c counter
	var hooked error
	h := handlerVerifier(t).Handler(c.fn, ofauth.WithDeduper(d), ofauth.WithErrorHook(func(_ *http.Request, _ *ofauth.WebhookEvent, err error) { hooked = err }))
	w := serve(h, signedRequest(t, "m1", s1Body))
	assert.Equal(t, http.StatusServiceUnavailable, w.Code, "5xx: OFAuth delivers again later")
	assert.NotContains(t, w.Body.String(), "redis")
	assert.Zero(t, c.calls.Load())
	assert.ErrorIs(t, hooked, d.reserveErr)
}

func TestWebhookHandlerMisconfigured(t *testing.T) {
	for name, h := range map[string]http.Handler{
		"nil verifier": ofauth.NewWebhookHandler(nil, (&counter{}).fn),
		"nil fn":       ofauth.NewWebhookHandler(handlerVerifier(t), nil),
	} {
		w := serve(h, signedRequest(t, "m1", s1Body))
		assert.Equal(t, http.StatusInternalServerError, w.Code, name)
	}
}

func TestWebhookHandlerErrorHookOnRejection(t *testing.T) {
	var hooked []error
	h := handlerVerifier(t).Handler((&counter{}).fn, ofauth.WithErrorHook(func(_ *http.Request, e *ofauth.WebhookEvent, err error) {
		assert.Nil(t, e)
		hooked = append(hooked, err)
	}))
	serve(h, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")))
	require.Len(t, hooked, 1)
	assert.ErrorIs(t, hooked[0], ofauth.ErrWebhookMissingHeaders)
}

func TestWebhookHandlerErrorHooksAddUp(t *testing.T) {
	var order []string
	hook := func(name string) func(*http.Request, *ofauth.WebhookEvent, error) {
		return func(*http.Request, *ofauth.WebhookEvent, error) { order = append(order, name) }
	}
	h := handlerVerifier(t).Handler((&counter{}).fn,
		ofauth.WithErrorHook(hook("first")), ofauth.WithErrorHook(nil), ofauth.WithErrorHook(hook("second")))
	serve(h, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")))
	assert.Equal(t, []string{"first", "second"}, order)
}

func TestWebhookHandlerPrintsNoSecret(t *testing.T) {
	h := handlerVerifier(t).Handler((&counter{}).fn)
	text := fmt.Sprintf("%v %+v %#v", h, h, h)
	assertNoLeak(t, text, handlerSecret, strings.TrimPrefix(handlerSecret, "whsec_"), "handler-test-key-for-ofauth-sdk",
		fmt.Sprintf("%v", []byte("handler-test-key-for-ofauth-sdk")))
}

func TestWebhookHandlerOverHTTP(t *testing.T) {
	var c counter
	srv := httptest.NewServer(ofauth.NewWebhookHandler(handlerVerifier(t), c.fn))
	defer srv.Close()
	h, err := ofauthtest.SignSvix(handlerSecret, "msg_http", time.Now(), []byte(o1Body))
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(o1Body))
	require.NoError(t, err)
	req.Header = h
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, int32(1), c.calls.Load())
	conn, err := c.last.Load().Connection()
	require.NoError(t, err)
	assert.Equal(t, "of_user_456", conn.Connection.UserData.ID)
}

func TestWebhookRouter(t *testing.T) {
	var got []string
	record := func(name string) ofauth.WebhookFunc {
		return func(_ context.Context, e *ofauth.WebhookEvent) error {
			got = append(got, name+":"+e.Type)
			return nil
		}
	}
	boom := errors.New("boom")
	m := ofauth.NewWebhookRouter().
		On(ofauth.EventConnectionCreated, record("created")).
		On("connection.*", record("connection")).
		On("realtime.*", record("realtime")).
		On("realtime.chat_*", record("chat")).
		On(ofauth.EventRulesUpdated, func(context.Context, *ofauth.WebhookEvent) error { return boom })

	for _, typ := range []string{"connection.created", "connection.expired", "realtime.chat_message.received", "realtime.system_messages.updated", "brand.new", ""} {
		require.NoError(t, m.Handle(context.Background(), &ofauth.WebhookEvent{Type: typ}))
	}
	assert.Equal(t, []string{"created:connection.created", "connection:connection.expired",
		"chat:realtime.chat_message.received", "realtime:realtime.system_messages.updated"}, got,
		"exact beats patterns, longer patterns beat shorter; unknown types are ignored")
	assert.ErrorIs(t, m.Handle(context.Background(), &ofauth.WebhookEvent{Type: ofauth.EventRulesUpdated}), boom)

	got = nil
	m.Default(record("default")).On(ofauth.EventConnectionCreated, nil).On("realtime.*", nil)
	for _, typ := range []string{"connection.created", "realtime.x", "brand.new"} {
		require.NoError(t, m.Handle(context.Background(), &ofauth.WebhookEvent{Type: typ}))
	}
	assert.Equal(t, []string{"connection:connection.created", "default:realtime.x", "default:brand.new"}, got)
	assert.NoError(t, m.Handle(context.Background(), nil))

	var zero ofauth.WebhookRouter
	assert.NoError(t, zero.Handle(context.Background(), &ofauth.WebhookEvent{Type: "x"}))
	zero.On("x", record("zero"))
	assert.NoError(t, zero.Handle(context.Background(), &ofauth.WebhookEvent{Type: "x"}))
	assert.Equal(t, "zero:x", got[len(got)-1])
}

func TestWebhookRouterAsHandlerFunc(t *testing.T) {
	var created, fallback atomic.Int32
	m := ofauth.NewWebhookRouter().
		On(ofauth.EventConnectionCreated, func(_ context.Context, e *ofauth.WebhookEvent) error {
			c, err := e.Connection()
			if err != nil {
				return err
			}
			assert.Equal(t, "conn_abc123", c.Connection.ID)
			created.Add(1)
			return nil
		}).
		Default(func(context.Context, *ofauth.WebhookEvent) error { fallback.Add(1); return nil })
	h := ofauth.NewWebhookHandler(handlerVerifier(t), m.Handle)
	assert.Equal(t, http.StatusOK, serve(h, signedRequest(t, "r1", s1Body)).Code)
	assert.Equal(t, http.StatusOK, serve(h, signedRequest(t, "r2", `{"type":"brand.new","data":{}}`)).Code)
	assert.Equal(t, int32(1), created.Load())
	assert.Equal(t, int32(1), fallback.Load())
}

func TestWebhookRouterConcurrentUse(t *testing.T) {
	m := ofauth.NewWebhookRouter()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				m.On(fmt.Sprint("t", j%5), func(context.Context, *ofauth.WebhookEvent) error { return nil })
				m.On(fmt.Sprint("p", j%3, "*"), func(context.Context, *ofauth.WebhookEvent) error { return nil })
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				assert.NoError(t, m.Handle(context.Background(), &ofauth.WebhookEvent{Type: fmt.Sprint("p", j%3, "x")}))
			}
		}()
	}
	wg.Wait()
}
