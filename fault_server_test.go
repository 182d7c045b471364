package ofauth

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// faultServer is a real loopback server whose handler misbehaves on cue.
// It counts what reached it: requests per method, and connections opened
// and closed.
type faultServer struct {
	*httptest.Server
	hits    atomic.Int32 // requests that reached the handler
	posts   atomic.Int32 // of which POST or PATCH
	opened  atomic.Int32 // connections accepted (StateNew)
	closed  atomic.Int32 // connections closed or hijacked
	sent    atomic.Int64 // body bytes endlessBody wrote
	release chan struct{}
}

// faultHandler answers the nth request (from 1) the server sees.
type faultHandler func(fs *faultServer, n int, w http.ResponseWriter, r *http.Request)

// newFaultServer starts a plain HTTP (or, with useTLS, HTTPS) server on
// 127.0.0.1 running h. Handlers that stall are released before the
// server closes, so Close never waits on them.
func newFaultServer(t *testing.T, useTLS bool, h faultHandler) *faultServer {
	t.Helper()
	fs := &faultServer{release: make(chan struct{})}
	fs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(fs.hits.Add(1))
		if r.Method == http.MethodPost || r.Method == http.MethodPatch {
			fs.posts.Add(1)
		}
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
		}
		h(fs, n, w, r)
	}))
	fs.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			fs.opened.Add(1)
		case http.StateClosed, http.StateHijacked:
			fs.closed.Add(1)
		}
	}
	fs.Config.ErrorLog = log.New(io.Discard, "", 0) // TLS handshake failures are expected
	if useTLS {
		fs.StartTLS()
	} else {
		fs.Start()
	}
	t.Cleanup(fs.Close)
	t.Cleanup(func() { close(fs.release) }) // runs before Close
	return fs
}

// stall blocks until the client goes away or the test ends.
func (fs *faultServer) stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-fs.release:
	}
}

// stallAfterHeaders sends the status line, headers and a first slice of
// body, then stalls.
func (fs *faultServer) stallAfterHeaders(w http.ResponseWriter, r *http.Request, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "1000")
	w.WriteHeader(status)
	io.WriteString(w, `{"id":"org_1",`)
	w.(http.Flusher).Flush()
	fs.stall(r)
}

// slowBody sends a complete JSON body a few bytes at a time, pausing
// between writes, for about total; it stops when the client goes away.
func (fs *faultServer) slowBody(w http.ResponseWriter, r *http.Request, total time.Duration) {
	body := `{"id":"org_1","name":"Slow Org","permissions":["a","b","c","d","e","f","g","h"]}`
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	step := total / time.Duration(len(body)/4)
	for i := 0; i < len(body); i += 4 {
		if _, err := io.WriteString(w, body[i:min(i+4, len(body))]); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-time.After(step):
		case <-r.Context().Done():
			return
		case <-fs.release:
			return
		}
	}
}

// resetMidBody sends headers announcing a longer body and part of it,
// then aborts the connection with a TCP RST (SO_LINGER 0).
func resetMidBody(w http.ResponseWriter, status int, partial string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "4096")
	w.WriteHeader(status)
	io.WriteString(w, partial)
	w.(http.Flusher).Flush()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// cutMidBody sends part of a body announced longer, then closes the
// connection cleanly (FIN): the client reads an unexpected EOF.
func cutMidBody(w http.ResponseWriter, partial string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "4096")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, partial)
	w.(http.Flusher).Flush()
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		conn.Close()
	}
}

// endlessBody streams status and a body that never ends (no length),
// until the client stops reading.
func (fs *faultServer) endlessBody(w http.ResponseWriter, r *http.Request, status int) {
	w.WriteHeader(status)
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = 'x'
	}
	for {
		n, err := w.Write(chunk)
		fs.sent.Add(int64(n))
		if err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-fs.release:
			return
		default:
		}
	}
}

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// fakeDNS is a DNS server on 127.0.0.1 that answers every query with
// NXDOMAIN, so name resolution fails for real without leaving the machine.
type fakeDNS struct {
	conn    net.PacketConn
	queries atomic.Int32
	done    chan struct{}
}

func newFakeDNS(t *testing.T) *fakeDNS {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	d := &fakeDNS{conn: pc, done: make(chan struct{})}
	go d.serve()
	t.Cleanup(func() {
		pc.Close()
		<-d.done
	})
	return d
}

func (d *fakeDNS) serve() {
	defer close(d.done)
	buf := make([]byte, 512)
	for {
		n, addr, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		if n < 12 {
			continue
		}
		d.queries.Add(1)
		resp := make([]byte, n)
		copy(resp, buf[:n])
		flags := binary.BigEndian.Uint16(resp[2:4])
		flags |= 1 << 15 // QR: a response
		flags |= 1 << 7  // RA: recursion available
		flags &^= 0xF    // clear RCODE
		flags |= 3       // NXDOMAIN
		flags &^= 1 << 9 // not truncated
		binary.BigEndian.PutUint16(resp[2:4], flags)
		binary.BigEndian.PutUint16(resp[6:8], 0)   // no answers
		binary.BigEndian.PutUint16(resp[8:10], 0)  // no authority
		binary.BigEndian.PutUint16(resp[10:12], 0) // no additional (drops the EDNS record)
		resp = resp[:12+questionLen(resp[12:])]
		d.conn.WriteTo(resp, addr)
	}
}

// questionLen is the length of the first question of a DNS message body.
func questionLen(b []byte) int {
	i := 0
	for i < len(b) && b[i] != 0 {
		i += int(b[i]) + 1
	}
	return min(i+1+4, len(b)) // the root label, QTYPE and QCLASS
}

// resolver sends every lookup to the fake DNS server.
func (d *fakeDNS) resolver() *net.Resolver {
	addr := d.conn.LocalAddr().String()
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "udp", addr)
		},
	}
}

// httpClientVia returns an *http.Client whose transport resolves names
// with r and dials with a short timeout; the test closes its idle
// connections at cleanup.
func httpClientVia(t *testing.T, r *net.Resolver, timeout time.Duration) *http.Client {
	t.Helper()
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 2 * time.Second, Resolver: r}).DialContext,
		MaxIdleConnsPerHost: 64,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

// dialAlways returns an *http.Client whose transport dials addr whatever
// the URL's host, so a TLS client can ask for a name the certificate does
// not hold while staying on loopback.
func dialAlways(t *testing.T, addr string, cfg *tls.Config) *http.Client {
	t.Helper()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig: cfg,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// attemptLog records the attempts WithAttemptHook reports.
type attemptLog struct {
	mu   sync.Mutex
	list []Attempt
}

func (l *attemptLog) hook(a Attempt) {
	l.mu.Lock()
	l.list = append(l.list, a)
	l.mu.Unlock()
}

func (l *attemptLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.list)
}

func (l *attemptLog) all() []Attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Attempt(nil), l.list...)
}
