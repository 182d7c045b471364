package ofauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// okBody decodes as an Account (GET /v2/account/whoami) and as a
// LinkSession (POST /v2/link/init).
const okBody = `{"id":"org_1","name":"Org","permissions":["a"],"url":"https://link.ofauth.com/cs_1","expiresAt":"2030-01-01T00:00:00Z"}`

func answerOK(w http.ResponseWriter) { writeJSON(w, http.StatusOK, okBody) }

// firstN runs fault for the first k requests, then answers 200.
func firstN(k int, fault faultHandler) faultHandler {
	return func(fs *faultServer, n int, w http.ResponseWriter, r *http.Request) {
		if n <= k {
			fault(fs, n, w, r)
			return
		}
		answerOK(w)
	}
}

// always runs fault for every request.
func always(fault faultHandler) faultHandler { return firstN(1<<30, fault) }

// status answers code with body and header pairs (name, value, …).
func status(code int, body string, header ...string) faultHandler {
	return func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		writeJSON(w, code, body)
	}
}

// sequence answers the ith request with steps[i-1], then 200.
func sequence(steps ...faultHandler) faultHandler {
	return func(fs *faultServer, n int, w http.ResponseWriter, r *http.Request) {
		if n <= len(steps) {
			steps[n-1](fs, n, w, r)
			return
		}
		answerOK(w)
	}
}

var (
	reset = func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) {
		resetMidBody(w, http.StatusOK, `{"id":"org_1","na`)
	}
	cut = func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) {
		cutMidBody(w, `{"id":"org_1","na`)
	}
	truncatedJSON = status(http.StatusOK, `{"id":"org_1","name":"Or`)
	stallHeaders  = func(fs *faultServer, _ int, w http.ResponseWriter, r *http.Request) { fs.stall(r) }
	stallBody     = func(fs *faultServer, _ int, w http.ResponseWriter, r *http.Request) {
		fs.stallAfterHeaders(w, r, http.StatusOK)
	}
	slow = func(fs *faultServer, _ int, w http.ResponseWriter, r *http.Request) {
		fs.slowBody(w, r, 2*time.Second)
	}
	endless503 = func(fs *faultServer, _ int, w http.ResponseWriter, r *http.Request) {
		fs.endlessBody(w, r, http.StatusServiceUnavailable)
	}
	endless200 = func(fs *faultServer, _ int, w http.ResponseWriter, r *http.Request) {
		fs.endlessBody(w, r, http.StatusOK)
	}
	rateLimited = status(http.StatusTooManyRequests, `{"error":"Too many requests","type":"RATE_LIMIT_EXCEEDED"}`)
)

// faultTarget is where a row's client sends its calls and how the row
// counts what reached the other side.
type faultTarget struct {
	baseURL string
	opts    []Option
	fs      *faultServer // nil when no HTTP server runs
	dns     *fakeDNS     // set for name-resolution rows
	garbage *garbageServer
}

// cancelPoint is when a fault row cancels the call's context.
type cancelPoint int

const (
	noCancel      cancelPoint = iota
	cancelOnHit               // once the server's handler has the request
	cancelOnReply             // once the first attempt's response is in (the hook saw it)
)

type faultCase struct {
	name   string
	method string // GET: Account.Whoami; POST: Link.Init
	// target builds the server side; handler rows use serve.
	target func(t *testing.T) faultTarget
	opts   []Option // extra client options (after the fast retry waits)
	// ctx is the call's context: a deadline, or a cancel at a point of
	// the call (no timer: a slow machine must not move it).
	deadline time.Duration
	cancelAt cancelPoint

	wantAttempts int // attempts WithAttemptHook reports
	wantHits     int // requests the handler saw (0 for rows without a server)
	wantConns    int // connections the server accepted; 0: not checked
	check        func(t *testing.T, err error, tg faultTarget)
}

// serve runs handler on a plain loopback server; timeout, when set, is
// the Timeout of a caller-supplied http.Client.
func serve(h faultHandler, timeout time.Duration) func(t *testing.T) faultTarget {
	return func(t *testing.T) faultTarget {
		fs := newFaultServer(t, false, h)
		tg := faultTarget{baseURL: fs.URL, fs: fs}
		if timeout > 0 {
			tg.opts = append(tg.opts, WithHTTPClient(httpClientVia(t, nil, timeout)))
		}
		return tg
	}
}

// succeeds checks the call returned its decoded result.
func succeeds(t *testing.T, err error, _ faultTarget) { require.NoError(t, err) }

// apiError checks err is an *APIError with status and sentinel, made of
// attempts attempts.
func apiError(status int, sentinel error, attempts int) func(*testing.T, error, faultTarget) {
	return func(t *testing.T, err error, _ faultTarget) {
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.ErrorIs(t, err, sentinel)
		assert.Equal(t, attempts, apiErr.Attempts)
	}
}

// isTimeout checks err is a deadline, reported as a net.Error timeout.
func isTimeout(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
	assert.False(t, errors.As(err, new(*APIError)))
}

func isDeadline(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, errors.As(err, new(*APIError)))
}

func isCanceled(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.As(err, new(*APIError)))
}

func isReset(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, syscall.ECONNRESET)
	assert.False(t, errors.As(err, new(*APIError)))
}

func isUnexpectedEOF(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.False(t, errors.As(err, new(*APIError)))
}

func isInvalidResponse(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, ErrInvalidResponse)
	assert.False(t, errors.As(err, new(*APIError)))
}

func isDialRefused(t *testing.T, err error, _ faultTarget) {
	var opErr *net.OpError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "dial", opErr.Op)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED)
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr)
}

func isNotFoundHost(t *testing.T, err error, tg faultTarget) {
	var dnsErr *net.DNSError
	require.ErrorAs(t, err, &dnsErr)
	assert.True(t, dnsErr.IsNotFound, "%v", dnsErr)
	assert.Contains(t, dnsErr.Name, "nonexistent.invalid")
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr)
	assert.GreaterOrEqual(t, int(tg.dns.queries.Load()), 4, "every attempt resolved the name again")
}

func isUntrusted(t *testing.T, err error, tg faultTarget) {
	var certErr *tls.CertificateVerificationError
	require.ErrorAs(t, err, &certErr)
	var unknown x509.UnknownAuthorityError
	assert.ErrorAs(t, err, &unknown)
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr)
}

func isWrongHost(t *testing.T, err error, _ faultTarget) {
	var hostErr x509.HostnameError
	require.ErrorAs(t, err, &hostErr)
	assert.Equal(t, "api.ofauth.test", hostErr.Host)
}

func isNotTLS(t *testing.T, err error, _ faultTarget) {
	require.ErrorIs(t, err, http.ErrSchemeMismatch)
	var urlErr *url.Error
	assert.ErrorAs(t, err, &urlErr)
}

// dnsFailure resolves every name through a loopback DNS server that
// answers NXDOMAIN.
func dnsFailure(t *testing.T) faultTarget {
	d := newFakeDNS(t)
	return faultTarget{baseURL: "http://nonexistent.invalid", dns: d,
		opts: []Option{WithHTTPClient(httpClientVia(t, d.resolver(), 0))}}
}

func dialFailure(t *testing.T) faultTarget {
	return faultTarget{baseURL: "http://" + closedPort(t)}
}

// untrustedTLS is an HTTPS server whose certificate the client (the
// SDK's default) does not trust.
func untrustedTLS(t *testing.T) faultTarget {
	fs := newFaultServer(t, true, always(func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) { answerOK(w) }))
	return faultTarget{baseURL: fs.URL, fs: fs}
}

// wrongHostTLS trusts the server's certificate but asks for a name it does
// not cover.
func wrongHostTLS(t *testing.T) faultTarget {
	fs := newFaultServer(t, true, always(func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) { answerOK(w) }))
	pool := x509.NewCertPool()
	pool.AddCert(fs.Certificate())
	hc := dialAlways(t, fs.Listener.Addr().String(), &tls.Config{RootCAs: pool})
	return faultTarget{baseURL: "https://api.ofauth.test", fs: fs, opts: []Option{WithHTTPClient(hc)}}
}

// tlsToPlain speaks TLS to a plain HTTP server.
func tlsToPlain(t *testing.T) faultTarget {
	fs := newFaultServer(t, false, always(func(_ *faultServer, _ int, w http.ResponseWriter, _ *http.Request) { answerOK(w) }))
	return faultTarget{baseURL: strings.Replace(fs.URL, "http://", "https://", 1), fs: fs}
}

// tlsToGarbage speaks TLS to a loopback service that answers with
// neither TLS nor HTTP; accepted counts its connections.
func tlsToGarbage(t *testing.T) faultTarget {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	g := &garbageServer{ln: ln, done: make(chan struct{})}
	go g.serve()
	t.Cleanup(func() {
		ln.Close()
		<-g.done
	})
	return faultTarget{baseURL: "https://" + ln.Addr().String(), garbage: g}
}

type garbageServer struct {
	ln       net.Listener
	accepted atomic.Int32
	done     chan struct{}
}

func (g *garbageServer) serve() {
	defer close(g.done)
	for {
		conn, err := g.ln.Accept()
		if err != nil {
			return
		}
		g.accepted.Add(1)
		conn.SetDeadline(time.Now().Add(time.Second))
		io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\n")
		io.Copy(io.Discard, io.LimitReader(conn, 512))
		conn.Close()
	}
}

func isRecordHeader(t *testing.T, err error, tg faultTarget) {
	var recErr tls.RecordHeaderError
	require.ErrorAs(t, err, &recErr)
	assert.Equal(t, 1, int(tg.garbage.accepted.Load()), "one connection: not retried")
}

func faultCases() []faultCase {
	const perAttempt = 200 * time.Millisecond
	return []faultCase{
		// Connection reset (TCP RST) in the middle of the body.
		{name: "reset mid-body, GET retried", method: "GET", target: serve(firstN(1, reset), 0),
			wantAttempts: 2, wantHits: 2, wantConns: 2, check: succeeds},
		{name: "reset mid-body, POST not repeated", method: "POST", target: serve(always(reset), 0),
			wantAttempts: 1, wantHits: 1, check: isReset},
		{name: "reset on every attempt, GET gives up", method: "GET", target: serve(always(reset), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 4, check: isReset},
		// Body cut short (FIN) and complete-but-truncated JSON.
		{name: "body cut short, POST not repeated", method: "POST", target: serve(always(cut), 0),
			wantAttempts: 1, wantHits: 1, check: isUnexpectedEOF},
		{name: "truncated JSON, GET not retried", method: "GET", target: serve(always(truncatedJSON), 0),
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, tg faultTarget) {
				isInvalidResponse(t, err, tg)
				var de *DecodeError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, `{"id":"org_1","name":"Or`, strings.TrimSpace(string(de.Body)))
			}},
		{name: "truncated JSON, POST", method: "POST", target: serve(always(truncatedJSON), 0),
			wantAttempts: 1, wantHits: 1, check: isInvalidResponse},
		// A server that stalls after the headers.
		{name: "stall after headers, context deadline", method: "GET", target: serve(always(stallBody), 0),
			deadline: 150 * time.Millisecond, wantAttempts: 1, wantHits: 1, check: isDeadline},
		{name: "stall after headers, per-attempt timeout, GET retried to the end", method: "GET",
			target: serve(always(stallBody), perAttempt), wantAttempts: 4, wantHits: 4, check: isTimeout},
		{name: "stall after headers, per-attempt timeout, GET recovers", method: "GET",
			target: serve(firstN(1, stallBody), perAttempt), wantAttempts: 2, wantHits: 2, check: succeeds},
		{name: "stall after headers, per-attempt timeout, POST not repeated", method: "POST",
			target: serve(always(stallBody), perAttempt), wantAttempts: 1, wantHits: 1, check: isTimeout},
		// A server that never answers.
		{name: "no headers, per-attempt timeout, GET recovers", method: "GET",
			target: serve(firstN(2, stallHeaders), perAttempt), wantAttempts: 3, wantHits: 3, check: succeeds},
		{name: "no headers, per-attempt timeout, POST not repeated", method: "POST",
			target: serve(always(stallHeaders), perAttempt), wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, tg faultTarget) {
				isTimeout(t, err, tg)
				var urlErr *url.Error
				assert.ErrorAs(t, err, &urlErr)
			}},
		// Slow bodies against per-attempt timeouts and deadlines.
		{name: "slow body, per-attempt timeout, GET recovers", method: "GET",
			target: serve(firstN(1, slow), perAttempt), wantAttempts: 2, wantHits: 2, check: succeeds},
		{name: "slow body, per-attempt timeout, POST not repeated", method: "POST",
			target: serve(always(slow), perAttempt), wantAttempts: 1, wantHits: 1, check: isTimeout},
		{name: "slow body, context deadline", method: "GET", target: serve(always(slow), 0),
			deadline: 150 * time.Millisecond, wantAttempts: 1, wantHits: 1, check: isDeadline},
		// Oversized bodies: read up to the bound, never whole.
		{name: "endless 503 body, GET retried, error body bounded", method: "GET", target: serve(always(endless503), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 4, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(503, ErrServer, 4)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Len(t, apiErr.Body, maxErrorBody)
				assert.LessOrEqual(t, len(apiErr.Error()), 700)
			}},
		{name: "endless 200 body without length", method: "GET", target: serve(always(endless200), 0),
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, tg faultTarget) {
				isInvalidResponse(t, err, tg)
				// Read up to the bound, then the connection is dropped: what the
				// server got out is the bound plus what the socket buffers held.
				assert.LessOrEqual(t, tg.fs.sent.Load(), int64(maxResponseBody+16<<20), "body bytes sent")
			}},
		{name: "huge JSON error message", method: "GET",
			target:       serve(always(status(400, `{"type":"BAD_REQUEST","error":"`+strings.Repeat("é", 40000)+`"}`)), 0),
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(400, ErrBadRequest, 1)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.LessOrEqual(t, len(apiErr.Message), maxMessage+len("…"))
			}},
		// 429 storms.
		{name: "429 storm without Retry-After, GET", method: "GET", target: serve(always(rateLimited), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 1, check: apiError(429, ErrRateLimitExceeded, 4)},
		{name: "429 storm with Retry-After, GET", method: "GET",
			target:       serve(always(status(429, `{"type":"RATE_LIMIT_EXCEEDED"}`, "Retry-After", "0.002")), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 1, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(429, ErrRateLimitExceeded, 4)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 2*time.Millisecond, apiErr.RetryAfter)
			}},
		{name: "429 storm with Retry-After, POST retried (not processed)", method: "POST",
			target:       serve(always(status(429, `{"type":"RATE_LIMIT_EXCEEDED"}`, "Retry-After", "0.002")), 0),
			wantAttempts: 4, wantHits: 4, check: apiError(429, ErrRateLimitExceeded, 4)},
		{name: "429 then 200, POST", method: "POST", target: serve(firstN(2, rateLimited), 0),
			wantAttempts: 3, wantHits: 3, check: succeeds},
		{name: "429 with X-RateLimit-Reset then 200", method: "GET",
			target:       serve(firstN(1, status(429, ``, "X-RateLimit-Reset", "0.003")), 0),
			wantAttempts: 2, wantHits: 2, check: succeeds},
		{name: "429 asking for an hour (HTTP date) returns at once", method: "GET",
			target: serve(always(func(fs *faultServer, n int, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
				w.WriteHeader(http.StatusTooManyRequests)
			}), 0),
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(429, ErrRateLimitExceeded, 1)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.InDelta(t, time.Hour.Seconds(), apiErr.RetryAfter.Seconds(), 2)
			}},
		{name: "429 storm with a NaN Retry-After", method: "GET",
			target:       serve(always(status(429, ``, "Retry-After", "NaN")), 0),
			wantAttempts: 4, wantHits: 4, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(429, ErrRateLimitExceeded, 4)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Zero(t, apiErr.RetryAfter)
			}},
		// 5xx bursts.
		{name: "5xx burst then 200, GET", method: "GET",
			target:       serve(sequence(status(503, `{"error":"down"}`), status(502, `<html>bad gateway</html>`), status(500, ``)), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 1, check: succeeds},
		{name: "5xx burst longer than the retries, GET", method: "GET",
			target:       serve(always(status(502, `{"error":"Proxy error","type":"PROXY_ERROR","requestId":"req_5"}`)), 0),
			wantAttempts: 4, wantHits: 4, wantConns: 1, check: func(t *testing.T, err error, tg faultTarget) {
				apiError(502, ErrServer, 4)(t, err, tg)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "req_5", apiErr.RequestID, "the last response, not a generic message")
			}},
		{name: "500, POST not repeated", method: "POST", target: serve(always(status(500, `{"error":"Unknown error"}`)), 0),
			wantAttempts: 1, wantHits: 1, check: apiError(500, ErrServer, 1)},
		{name: "503 with Retry-After, POST not repeated", method: "POST",
			target:       serve(always(status(503, ``, "Retry-After", "0.001")), 0),
			wantAttempts: 1, wantHits: 1, check: apiError(503, ErrServer, 1)},
		// Name resolution and dial failures: nothing was sent, so even a
		// POST is retried.
		{name: "DNS failure, GET", method: "GET", target: dnsFailure, wantAttempts: 4, check: isNotFoundHost},
		{name: "DNS failure, POST retried (never sent)", method: "POST", target: dnsFailure, wantAttempts: 4, check: isNotFoundHost},
		{name: "dial refused, GET", method: "GET", target: dialFailure, wantAttempts: 4, check: isDialRefused},
		{name: "dial refused, POST retried (never sent)", method: "POST", target: dialFailure, wantAttempts: 4, check: isDialRefused},
		// TLS failures are never retried.
		{name: "untrusted certificate, GET", method: "GET", target: untrustedTLS, wantAttempts: 1, wantConns: 1, check: isUntrusted},
		{name: "untrusted certificate, POST", method: "POST", target: untrustedTLS, wantAttempts: 1, wantConns: 1, check: isUntrusted},
		{name: "certificate for another host", method: "GET", target: wrongHostTLS, wantAttempts: 1, wantConns: 1, check: isWrongHost},
		{name: "TLS to a plain HTTP server", method: "GET", target: tlsToPlain, wantAttempts: 1, wantConns: 1, check: isNotTLS},
		{name: "TLS to a service that is not TLS", method: "GET", target: tlsToGarbage, wantAttempts: 1, check: isRecordHeader},
		// The caller's context ends the call wherever it is.
		{name: "cancel while waiting for headers, GET", method: "GET", target: serve(always(stallHeaders), 0),
			cancelAt: cancelOnHit, wantAttempts: 1, wantHits: 1, check: isCanceled},
		{name: "cancel while reading the body, POST", method: "POST", target: serve(always(stallBody), 0),
			cancelAt: cancelOnHit, wantAttempts: 1, wantHits: 1, check: isCanceled},
		{name: "cancel during a Retry-After wait keeps the last response", method: "GET",
			target: serve(always(status(503, `{"error":"down"}`, "Retry-After", "5")), 0),
			opts:   []Option{WithRetryWait(time.Millisecond, time.Minute)}, cancelAt: cancelOnReply,
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, _ faultTarget) {
				require.ErrorIs(t, err, context.Canceled)
				assert.ErrorIs(t, err, ErrServer)
			}},
		{name: "deadline during backoff", method: "GET", target: serve(always(status(500, ``)), 0),
			opts: []Option{WithRetryWait(time.Minute, time.Minute)}, deadline: 100 * time.Millisecond,
			wantAttempts: 1, wantHits: 1, check: func(t *testing.T, err error, _ faultTarget) {
				require.ErrorIs(t, err, context.DeadlineExceeded)
				assert.ErrorIs(t, err, ErrServer)
			}},
	}
}

// cancelWhenHit cancels once fs's handler has a request, polling its
// counter; the returned func stops the poll.
func cancelWhenHit(t *testing.T, fs *faultServer, cancel context.CancelFunc) (stop func()) {
	t.Helper()
	require.NotNil(t, fs, "cancelOnHit needs a fault server")
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for fs.hits.Load() == 0 {
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
		cancel()
	}()
	return func() { close(done); <-exited }
}

// TestFaults runs every fault against a real loopback server (or a closed
// port, a failing resolver, an untrusted certificate) and checks the
// outcome, the attempts on both sides, that a POST that may have reached
// the server is never sent twice, and that the call returns promptly.
func TestFaults(t *testing.T) {
	for _, tc := range faultCases() {
		t.Run(tc.name, func(t *testing.T) {
			tg := tc.target(t)
			var attempts attemptLog
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hook := attempts.hook
			if tc.cancelAt == cancelOnReply {
				stopCall := cancel
				hook = func(a Attempt) {
					attempts.hook(a)
					stopCall()
				}
			}
			opts := append([]Option{
				WithBaseURL(tg.baseURL),
				WithRetryWait(time.Millisecond, 10*time.Millisecond),
				WithAttemptHook(hook),
			}, tg.opts...)
			c, err := NewClient(testKey, append(opts, tc.opts...)...)
			require.NoError(t, err)

			if tc.deadline > 0 {
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			if tc.cancelAt == cancelOnHit {
				stop := cancelWhenHit(t, tg.fs, cancel)
				defer stop()
			}
			start := time.Now()
			err = callFault(ctx, c, tc.method)
			elapsed := time.Since(start)

			assert.Equal(t, tc.wantAttempts, attempts.count(), "attempts reported by the hook")
			for i, a := range attempts.all() {
				assert.Equal(t, i+1, a.Attempt)
				assert.Equal(t, tc.method, a.Method)
			}
			if tg.fs != nil {
				assert.Equal(t, tc.wantHits, int(tg.fs.hits.Load()), "requests the server saw")
				if tc.method == "POST" && tc.wantHits <= 1 {
					assert.LessOrEqual(t, int(tg.fs.posts.Load()), 1, "a POST that may have reached the server is never sent twice")
				}
				if tc.wantConns > 0 {
					assert.Equal(t, tc.wantConns, int(tg.fs.opened.Load()), "connections the server accepted")
				}
			}
			// A hang guard: generous, since reading a bounded 32 MiB body under
			// -race on a loaded machine takes seconds. Deadline and cancel rows
			// check the context is honoured with a tighter bound.
			within := 30 * time.Second
			switch {
			case tc.deadline > 0:
				within = tc.deadline + 2*time.Second
			}
			assert.Less(t, elapsed, within, "returned promptly")
			if err != nil {
				assert.NotContains(t, err.Error(), testKey)
				assert.NotContains(t, err.Error(), "\n")
			}
			tc.check(t, err, tg)
		})
	}
}

// callFault makes the row's call through the public API and checks a
// successful answer decoded.
func callFault(ctx context.Context, c *Client, method string) error {
	switch method {
	case "GET":
		acct, err := c.Account.Whoami(ctx)
		if err == nil && acct.ID != "org_1" {
			return errors.New("whoami decoded wrong: " + acct.ID)
		}
		return err
	case "POST":
		s, err := c.Link.Init(ctx, &LinkInitParams{RedirectURL: "https://app.example.com/cb"})
		if err == nil && s.URL == "" {
			return errors.New("link session decoded wrong")
		}
		return err
	}
	panic("unknown method " + method)
}

// A NaN Retry-After used to become a negative wait: the client skipped its
// backoff and the error carried a negative RetryAfter. Values that mean no
// wait at all (NaN, negative) are ignored; huge ones are capped
// (TestServerWaitIsCapped).
func TestNonFiniteServerWaitsAreIgnored(t *testing.T) {
	now := time.Now()
	for _, v := range []string{"NaN", "nan", "-NaN", "-Inf", "-1e400", "-5"} {
		h := http.Header{"Retry-After": {v}}
		assert.Zero(t, serverWait(h, now), "Retry-After %q", v)
		d := backoff(3*time.Millisecond, 5*time.Millisecond, 0, &http.Response{StatusCode: 429, Header: h})
		assert.GreaterOrEqual(t, d, 3*time.Millisecond, "Retry-After %q keeps the backoff", v)

		r := http.Header{"X-Ratelimit-Reset": {v}}
		assert.Zero(t, serverWait(r, now), "X-RateLimit-Reset %q", v)
		assert.True(t, parseRateLimit(r).Reset.IsZero(), "X-RateLimit-Reset %q", v)
	}
	e := newAPIError(429, http.Header{"Retry-After": {"NaN"}}, nil)
	assert.Zero(t, e.RetryAfter)
}
