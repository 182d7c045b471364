package ofauth

// The behaviours of go-retryablehttp that lifecycle.go relies on, each
// exercised against the required version directly, so that an upgrade
// that changes one fails here rather than in a user's retries.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pinLog records the order in which go-retryablehttp does things.
type pinLog struct {
	mu     sync.Mutex
	events []string
}

func (l *pinLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, fmt.Sprintf(format, args...))
}

func (l *pinLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

// pinBody is a response body that logs its reads to EOF and its close.
type pinBody struct {
	name string
	r    io.Reader
	log  *pinLog
}

func (b *pinBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if errors.Is(err, io.EOF) {
		b.log.add("%s read to EOF", b.name)
	}
	return n, err
}

func (b *pinBody) Close() error {
	b.log.add("%s closed", b.name)
	return nil
}

// pinTransport answers attempt n (from 1) with answer(n, request).
type pinTransport struct {
	mu       sync.Mutex
	n        int
	answer   func(n int, r *http.Request) (*http.Response, error)
	idleShut int // CloseIdleConnections calls
}

func (t *pinTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.n++
	n := t.n
	t.mu.Unlock()
	return t.answer(n, r)
}

func (t *pinTransport) CloseIdleConnections() {
	t.mu.Lock()
	t.idleShut++
	t.mu.Unlock()
}

func (t *pinTransport) attempts() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// respond returns a response with status and a logging body named "body n".
func respond(log *pinLog, n, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{},
		Body:       &pinBody{name: fmt.Sprintf("body %d", n), r: strings.NewReader(body), log: log},
	}
}

// pinClient is a retryablehttp.Client built the way callState.retrier
// builds one: a literal, not NewClient, with a nil Logger.
func pinClient(tr http.RoundTripper) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:   &http.Client{Transport: tr},
		RetryWaitMin: time.Nanosecond,
		RetryWaitMax: time.Nanosecond,
		RetryMax:     3,
		CheckRetry: func(context.Context, *http.Response, error) (bool, error) {
			return false, nil
		},
		Backoff: func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
	}
}

type pinKey struct{}

// pinDo runs rc.Do; a response it returns is closed when the test ends.
func pinDo(t *testing.T, rc *retryablehttp.Client, req *retryablehttp.Request) (*http.Response, error) {
	t.Helper()
	resp, err := rc.Do(req)
	if resp != nil {
		t.Cleanup(func() { resp.Body.Close() })
	}
	return resp, err
}

func pinRequest(t *testing.T, ctx context.Context, body any) *retryablehttp.Request {
	t.Helper()
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPut, "http://pin.invalid/x", body)
	require.NoError(t, err)
	return req
}

// CheckRetry runs once after every attempt, with the request's context;
// it gets the response and a nil error for any HTTP status, and a nil
// response and the transport's error for a failed round trip.
func TestPinCheckRetrySeesEveryAttempt(t *testing.T) {
	log := &pinLog{}
	netErr := errors.New("connection reset")
	tr := &pinTransport{answer: func(n int, _ *http.Request) (*http.Response, error) {
		switch n {
		case 1:
			return nil, netErr
		case 2:
			return respond(log, n, 503, "down"), nil
		}
		return respond(log, n, 200, "ok"), nil
	}}
	rc := pinClient(tr)
	ctx := context.WithValue(context.Background(), pinKey{}, "call")
	rc.CheckRetry = func(cctx context.Context, resp *http.Response, err error) (bool, error) {
		assert.Equal(t, "call", cctx.Value(pinKey{}), "CheckRetry gets the request's context")
		if resp == nil {
			log.add("check: no response, err=%v", err)
			return true, nil
		}
		log.add("check: status %d, err=%v", resp.StatusCode, err)
		return resp.StatusCode >= 500, nil
	}
	resp, err := pinDo(t, rc, pinRequest(t, ctx, nil))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 3, tr.attempts())
	var checks []string
	for _, e := range log.list() {
		if strings.HasPrefix(e, "check:") {
			checks = append(checks, e)
		}
	}
	assert.Equal(t, []string{
		"check: no response, err=Put \"http://pin.invalid/x\": connection reset",
		"check: status 503, err=<nil>",
		"check: status 200, err=<nil>",
	}, checks)
}

// When CheckRetry stops on a response without an error, Do returns that
// very response, with the Body CheckRetry left in it, unread by Do.
func TestPinDoReturnsTheResponseCheckRetryLeft(t *testing.T) {
	log := &pinLog{}
	tr := &pinTransport{answer: func(n int, _ *http.Request) (*http.Response, error) {
		return respond(log, n, 200, "original"), nil
	}}
	rc := pinClient(tr)
	var seen *http.Response
	replaced := &pinBody{name: "in memory", r: strings.NewReader("kept"), log: log}
	rc.CheckRetry = func(_ context.Context, resp *http.Response, _ error) (bool, error) {
		seen = resp
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		resp.Body = replaced
		return false, nil
	}
	rc.ErrorHandler = func(*http.Response, error, int) (*http.Response, error) {
		t.Error("ErrorHandler must not run on success")
		return nil, nil
	}
	resp, err := pinDo(t, rc, pinRequest(t, context.Background(), nil)) //nolint:bodyclose // pinDo closes it
	require.NoError(t, err)
	assert.Same(t, seen, resp)
	assert.Same(t, replaced, resp.Body)
	assert.Equal(t, []string{"body 1 read to EOF", "body 1 closed"}, log.list(), "Do neither reads nor closes the body it hands back")
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "kept", string(b))
}

// Before a retry Do reads the body CheckRetry left to its end and closes
// it, then asks Backoff (attempt numbers from 0, the failed attempt's
// response, the client's bounds) for the wait, then rewinds the request
// body; nothing is read after a retry is decided but that body.
func TestPinRetryOrderDrainBackoffRewind(t *testing.T) {
	log := &pinLog{}
	tr := &pinTransport{answer: func(n int, r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		log.add("attempt %d sends %q", n, b)
		if n == 2 {
			return nil, errors.New("reset")
		}
		if n < 4 {
			return respond(log, n, 503, "busy"), nil
		}
		return respond(log, n, 200, "ok"), nil
	}}
	rc := pinClient(tr)
	rc.RetryWaitMin, rc.RetryWaitMax = 7*time.Millisecond, 9*time.Millisecond
	rc.RetryMax = 5
	rc.CheckRetry = func(_ context.Context, resp *http.Response, err error) (bool, error) {
		if resp != nil {
			log.add("check %d", resp.StatusCode)
			return resp.StatusCode != 200, nil
		}
		log.add("check error")
		return true, nil
	}
	rc.Backoff = func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
		assert.Equal(t, 7*time.Millisecond, min)
		assert.Equal(t, 9*time.Millisecond, max)
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		log.add("backoff %d after status %d", attempt, status)
		return 0
	}
	opens := 0
	body := retryablehttp.ReaderFunc(func() (io.Reader, error) {
		opens++
		log.add("open %d", opens)
		return strings.NewReader(fmt.Sprintf("body #%d", opens)), nil
	})
	req := pinRequest(t, context.Background(), body)
	built := opens
	resp, err := pinDo(t, rc, req)
	require.NoError(t, err)
	resp.Body.Close()

	var want []string
	for i := 1; i <= built; i++ {
		want = append(want, fmt.Sprintf("open %d", i))
	}
	open := built
	next := func() string { open++; return fmt.Sprintf("open %d", open) }
	sends := func(n int) string { return fmt.Sprintf("attempt %d sends %q", n, fmt.Sprintf("body #%d", open)) }
	want = append(want, next())
	want = append(want, sends(1), "check 503", "body 1 read to EOF", "body 1 closed", "backoff 0 after status 503", next())
	want = append(want, sends(2), "check error", "backoff 1 after status 0", next())
	want = append(want, sends(3), "check 503", "body 3 read to EOF", "body 3 closed", "backoff 2 after status 503", next())
	want = append(want, sends(4), "check 200", "body 4 closed")
	assert.Equal(t, want, log.list())
}

// A ContentLength set on the request after it is built, and its headers,
// go out on every attempt; every attempt's request carries the context
// the request was built with.
func TestPinAttemptsKeepLengthHeadersAndContext(t *testing.T) {
	type seen struct {
		length int64
		header string
		ctx    any
	}
	var got []seen
	tr := &pinTransport{answer: func(n int, r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		got = append(got, seen{r.ContentLength, r.Header.Get("X-Pin"), r.Context().Value(pinKey{})})
		if n < 3 {
			return nil, errors.New("reset")
		}
		return respond(&pinLog{}, n, 200, ""), nil
	}}
	rc := pinClient(tr)
	rc.CheckRetry = func(_ context.Context, resp *http.Response, _ error) (bool, error) { return resp == nil, nil }
	ctx := context.WithValue(context.Background(), pinKey{}, "call")
	req := pinRequest(t, ctx, retryablehttp.ReaderFunc(func() (io.Reader, error) { return io.NopCloser(strings.NewReader("12345")), nil }))
	req.ContentLength = 5
	req.Header.Set("X-Pin", "yes")
	resp, err := pinDo(t, rc, req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, []seen{{5, "yes", "call"}, {5, "yes", "call"}, {5, "yes", "call"}}, got)
}

// An error reopening the request body for a retry ends Do at once with
// that very error, without ErrorHandler and without another attempt.
func TestPinRewindErrorEndsDo(t *testing.T) {
	log := &pinLog{}
	tr := &pinTransport{answer: func(n int, r *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, r.Body)
		return respond(log, n, 503, ""), nil
	}}
	rc := pinClient(tr)
	rc.CheckRetry = func(context.Context, *http.Response, error) (bool, error) { return true, nil }
	rc.ErrorHandler = func(*http.Response, error, int) (*http.Response, error) {
		t.Error("ErrorHandler must not run when the body cannot be reopened")
		return nil, nil
	}
	errGone := errors.New("reader cannot be rewound")
	sb := &streamBody{open: func() (io.Reader, error) {
		if tr.attempts() > 0 {
			return nil, errGone
		}
		return strings.NewReader("part"), nil
	}}
	req := pinRequest(t, context.Background(), retryablehttp.ReaderFunc(sb.attempt))
	sb.built = true
	_, err := pinDo(t, rc, req) //nolint:bodyclose // pinDo closes it
	assert.Same(t, errGone, err)
	assert.Equal(t, 1, tr.attempts())
}

// RetryMax n allows n retries: n+1 attempts while CheckRetry asks for
// more, then ErrorHandler gets the last response (its body left for it,
// unread) with a nil error and the attempt count, and Do returns what it
// returns. RetryMax 0 is one attempt.
func TestPinRetryMaxThenErrorHandler(t *testing.T) {
	for _, max := range []int{0, 1, 4} {
		t.Run(fmt.Sprint(max), func(t *testing.T) {
			log := &pinLog{}
			tr := &pinTransport{answer: func(n int, _ *http.Request) (*http.Response, error) {
				return respond(log, n, 503, ""), nil
			}}
			rc := pinClient(tr)
			rc.RetryMax = max
			rc.CheckRetry = func(context.Context, *http.Response, error) (bool, error) { return true, nil }
			var handled *http.Response
			rc.ErrorHandler = func(resp *http.Response, err error, attempts int) (*http.Response, error) {
				assert.NoError(t, err)
				assert.Equal(t, max+1, attempts)
				handled = resp
				return resp, nil
			}
			resp, err := pinDo(t, rc, pinRequest(t, context.Background(), nil)) //nolint:bodyclose // pinDo closes it
			require.NoError(t, err)
			assert.Same(t, handled, resp)
			assert.Equal(t, max+1, tr.attempts())
			last := fmt.Sprintf("body %d", max+1)
			for _, e := range log.list() {
				assert.NotContains(t, e, last, "the last body is the ErrorHandler's")
			}
		})
	}
}

// With a transport error on the last attempt, whether the budget is spent
// or CheckRetry stops without an error of its own, ErrorHandler gets a nil
// response and the transport's error.
func TestPinErrorHandlerGetsTheTransportError(t *testing.T) {
	for _, retry := range []bool{true, false} {
		t.Run(fmt.Sprintf("retry=%v", retry), func(t *testing.T) {
			netErr := errors.New("refused")
			tr := &pinTransport{answer: func(int, *http.Request) (*http.Response, error) { return nil, netErr }}
			rc := pinClient(tr)
			rc.RetryMax = 1
			rc.CheckRetry = func(context.Context, *http.Response, error) (bool, error) { return retry, nil }
			wantAttempts := 1
			if retry {
				wantAttempts = 2
			}
			handled := false
			rc.ErrorHandler = func(resp *http.Response, err error, attempts int) (*http.Response, error) {
				handled = true
				assert.Nil(t, resp)
				assert.ErrorIs(t, err, netErr)
				assert.Equal(t, wantAttempts, attempts)
				return nil, err
			}
			_, err := pinDo(t, rc, pinRequest(t, context.Background(), nil)) //nolint:bodyclose // pinDo closes it
			assert.ErrorIs(t, err, netErr)
			assert.True(t, handled)
		})
	}
}

// When CheckRetry stops with an error, ErrorHandler gets that error and
// the response, its body not drained, and Do returns what it returns;
// Do also asks the http.Client to close its idle connections.
func TestPinCheckRetryErrorGoesToErrorHandler(t *testing.T) {
	log := &pinLog{}
	tr := &pinTransport{answer: func(n int, _ *http.Request) (*http.Response, error) {
		return respond(log, n, 500, ""), nil
	}}
	rc := pinClient(tr)
	stop := errors.New("stop")
	rc.CheckRetry = func(context.Context, *http.Response, error) (bool, error) { return false, stop }
	rc.ErrorHandler = func(resp *http.Response, err error, attempts int) (*http.Response, error) {
		require.NotNil(t, resp)
		assert.Same(t, stop, err)
		assert.Equal(t, 1, attempts)
		assert.Empty(t, log.list(), "the body reaches ErrorHandler untouched")
		resp.Body.Close()
		return nil, err
	}
	resp, err := pinDo(t, rc, pinRequest(t, context.Background(), nil)) //nolint:bodyclose // pinDo closes it
	assert.Nil(t, resp)
	assert.Same(t, stop, err)
	assert.Equal(t, 1, tr.idleShut, "a failed call closes the idle connections of the transport, when it can")
}

// A context that ends during the wait before a retry ends Do with the
// context's error as is, without ErrorHandler.
func TestPinContextEndsTheWait(t *testing.T) {
	tr := &pinTransport{answer: func(n int, _ *http.Request) (*http.Response, error) {
		return respond(&pinLog{}, n, 503, ""), nil
	}}
	rc := pinClient(tr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rc.CheckRetry = func(context.Context, *http.Response, error) (bool, error) { return true, nil }
	rc.Backoff = func(time.Duration, time.Duration, int, *http.Response) time.Duration {
		cancel() // the wait starts with the context already done
		return time.Hour
	}
	rc.ErrorHandler = func(*http.Response, error, int) (*http.Response, error) {
		t.Error("ErrorHandler must not run when the context ends")
		return nil, nil
	}
	resp, err := pinDo(t, rc, pinRequest(t, ctx, nil)) //nolint:bodyclose // pinDo closes it
	assert.Nil(t, resp)
	assert.Same(t, context.Canceled, err)
	assert.Equal(t, 1, tr.attempts())
}

// A []byte body is resent whole on every attempt.
func TestPinByteBodyResent(t *testing.T) {
	var bodies []string
	tr := &pinTransport{answer: func(n int, r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n < 3 {
			return nil, errors.New("reset")
		}
		return respond(&pinLog{}, n, 200, ""), nil
	}}
	rc := pinClient(tr)
	rc.CheckRetry = func(_ context.Context, resp *http.Response, _ error) (bool, error) { return resp == nil, nil }
	req := pinRequest(t, context.Background(), []byte(`{"a":1}`))
	assert.EqualValues(t, 7, req.ContentLength)
	resp, err := pinDo(t, rc, req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, []string{`{"a":1}`, `{"a":1}`, `{"a":1}`}, bodies)
}

// A streamed body is opened by attempts only, once each, whether or not
// go-retryablehttp opens the body while it builds the request.
func TestPinStreamBodyOpensOncePerAttempt(t *testing.T) {
	var bodies []string
	tr := &pinTransport{answer: func(n int, r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n < 3 {
			return nil, errors.New("reset")
		}
		return respond(&pinLog{}, n, 200, ""), nil
	}}
	rc := pinClient(tr)
	rc.CheckRetry = func(_ context.Context, resp *http.Response, _ error) (bool, error) { return resp == nil, nil }
	opens := 0
	sb := &streamBody{open: func() (io.Reader, error) {
		opens++
		return strings.NewReader(fmt.Sprintf("stream #%d", opens)), nil
	}}
	req := pinRequest(t, context.Background(), retryablehttp.ReaderFunc(sb.attempt))
	sb.built = true
	assert.Zero(t, opens, "building the request opens no stream")
	resp, err := pinDo(t, rc, req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, []string{"stream #1", "stream #2", "stream #3"}, bodies)
}
