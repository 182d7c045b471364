package ofauthtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a fake OFAuth API listening on a loopback address. Its
// methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the API, e.g. "http://127.0.0.1:53412", for
	// ofauth.WithBaseURL.
	URL string
	// APIKey is the only key the server accepts: "sk_sandbox_" + random hex
	// unless WithAPIKey set one.
	APIKey string
	// WebhookSecret signs the webhooks: "whsec_" + base64 of random bytes.
	WebhookSecret string

	srv    *httptest.Server
	router *http.ServeMux
	cfg    config
	// Copies of the exported fields: a test may overwrite those.
	apiKey string
	secret string
	base   string
	start  time.Time // the server clock at NewServer; fixture dates hang off it

	ctx       context.Context // cancelled by Close: ends waits and deliveries
	cancel    context.CancelFunc
	closeOnce sync.Once
	workers   sync.WaitGroup
	hookHTTP  *http.Client
	inFlight  atomic.Int32 // requests whose handler is running, for tests

	mu           sync.Mutex
	started      bool
	rng          *mrand.Rand // identities of new connections
	org          organization
	conns        map[string]*connection
	connOrder    []string // ids in creation order
	links        map[string]*linkSession
	fixtures     map[string]*fixture // by OnlyFans user id: kept across reconnects
	uploads      map[string]*upload
	buckets      map[string]*bucket // by connection id
	faults       []*Fault
	requests     []Request
	requestCount int // requests logged since the start, dropped ones included
	admin        http.Handler
	hooks        webhookState
	nextMedia    int64
}

// NewServer starts a fake OFAuth API on 127.0.0.1 with a random API key and
// webhook secret. Call Close when done, typically with t.Cleanup(s.Close).
func NewServer(opts ...ServerOption) *Server {
	s := NewUnstartedServer(opts...)
	s.Start(nil)
	return s
}

// NewUnstartedServer returns a Server that does not listen yet, like
// httptest.NewUnstartedServer: its key and secret are set, URL is empty
// until Start. Call Start, then Close when done.
func NewUnstartedServer(opts ...ServerOption) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := newCore(cfg)
	s.hookHTTP = &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil, // deliveries go to loopback receivers: never through a proxy
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       30 * time.Second,
			ResponseHeaderTimeout: webhookAttemptTimeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	s.URL, s.APIKey, s.WebhookSecret = "", s.apiKey, s.secret
	return s
}

// newCore builds the server's state, without a listener or goroutines.
func newCore(cfg config) *Server {
	s := &Server{
		cfg:       cfg,
		conns:     map[string]*connection{},
		links:     map[string]*linkSession{},
		fixtures:  map[string]*fixture{},
		uploads:   map[string]*upload{},
		buckets:   map[string]*bucket{},
		rng:       mrand.New(mrand.NewPCG(cfg.seed, 0x6f66617574680001)),
		nextMedia: 3_100_000_000,
	}
	s.apiKey = cfg.apiKey
	if s.apiKey == "" {
		s.apiKey = "sk_sandbox_" + randomHex(16)
	}
	s.secret = cfg.webhookSecret
	if s.secret == "" {
		s.secret = "whsec_" + base64.StdEncoding.EncodeToString(randomBytes(24))
	}
	s.start = s.now()
	s.org = newOrganization(s.rng)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.hooks = newWebhookState(cfg.webhookURL)
	s.router = s.routes()
	s.admin = s.adminRoutes()
	return s
}

// Start serves the API on l, or on a new listener on a random port of
// 127.0.0.1 when l is nil, and starts the webhook sender. URL becomes
// "http://" and the listener's address. Start panics when called twice or
// after Close, and when no loopback port can be opened.
func (s *Server) Start(l net.Listener) {
	s.mu.Lock()
	if s.started || s.ctx.Err() != nil {
		s.mu.Unlock()
		panic("ofauthtest: Server started twice or after Close")
	}
	s.started = true
	s.mu.Unlock()
	if l == nil {
		var err error
		if l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			if l, err = net.Listen("tcp6", "[::1]:0"); err != nil {
				panic("ofauthtest: cannot listen on a loopback port: " + err.Error())
			}
		}
	}
	// Set before serving: handlers read it without the lock.
	s.base = "http://" + l.Addr().String()
	if s.cfg.publicURL != "" {
		s.base = s.cfg.publicURL
	}
	s.srv = &httptest.Server{
		Listener: l,
		Config:   &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 30 * time.Second},
	}
	s.srv.Start()
	s.URL = s.srv.URL

	s.workers.Add(1)
	go s.deliverLoop()
}

// Close stops the server: it drops the webhooks still queued, cancels the
// one in flight, ends pending delays, cuts the connections of requests
// still in progress, and returns once every goroutine of the server has
// finished. It may be called more than once, and on a server never
// started.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.cancel()
		s.mu.Unlock()
		s.workers.Wait()
		if s.srv != nil {
			// Unlike httptest, do not wait for a client still sending a body:
			// a stalled upload would otherwise hang the test's cleanup.
			s.srv.CloseClientConnections()
			s.srv.Close()
		}
		if s.hookHTTP != nil {
			if t, ok := s.hookHTTP.Transport.(*http.Transport); ok {
				t.CloseIdleConnections()
			}
		}
	})
}

// Shutdown stops the server gracefully: it stops accepting connections,
// waits for the requests in progress to finish (or ctx to end), then
// closes everything as Close does. It returns ctx's error when requests
// were still running at its end.
func (s *Server) Shutdown(ctx context.Context) error {
	var err error
	if s.srv != nil {
		err = s.srv.Config.Shutdown(ctx)
	}
	s.Close()
	return err
}

func (s *Server) now() time.Time { return s.cfg.now() }

// routes maps every endpoint to its handler.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	// Account and Connections.
	m.HandleFunc("GET /v2/account/whoami", s.api(checked(s.handleWhoami)))
	m.HandleFunc("GET /v2/account/settings", s.api(checked(s.handleGetAccountSettings)))
	m.HandleFunc("PATCH /v2/account/settings", s.api(checked(s.handlePatchAccountSettings)))
	m.HandleFunc("GET /v2/account/connections", s.api(checked(s.handleListConnections)))
	m.HandleFunc("GET /v2/connections", s.api(checkedAs("GET", "/v2/account/connections", s.handleListConnections))) // the legacy path the checklist still names
	m.HandleFunc("POST /v2/account/connections/import", s.api(checked(s.handleImportConnection)))
	m.HandleFunc("DELETE /v2/account/connections/{connectionId}", s.api(checked(s.handleDeleteConnection)))
	m.HandleFunc("POST /v2/account/connections/{connectionId}/invalidate", s.api(checked(s.handleInvalidateConnection)))
	m.HandleFunc("GET /v2/account/connections/{connectionId}/settings", s.api(checked(s.handleGetConnectionSettings)))
	// PATCH .../import/{id} and PATCH .../{id}/settings overlap as mux
	// patterns; one route tells them apart.
	m.HandleFunc("PATCH /v2/account/connections/{first}/{second}", s.api(checked(s.handlePatchConnectionPath)))
	// Link API and the hosted page.
	m.HandleFunc("POST /v2/link/init", s.api(checked(s.handleLinkInit)))
	m.HandleFunc("GET /v2/link/{clientSecret}", s.api(checked(s.handleLinkStatus)))
	m.HandleFunc("DELETE /v2/link/{clientSecret}", s.api(checked(s.handleLinkDelete)))
	m.HandleFunc("GET /link/{clientSecret}", s.handleLinkPage)
	m.HandleFunc("POST /link/{clientSecret}", s.handleLinkSubmit)
	m.HandleFunc("GET /link/{clientSecret}/cancel", s.handleLinkCancel)
	m.HandleFunc("GET /sandbox/redirect", s.handleSandboxRedirect)
	// Access, each route with the permission the API documents for it;
	// the proxy reaches any OnlyFans endpoint and checks none.
	m.HandleFunc("GET /v2/access/self", s.access(s.needs("profile:read", checkedAccess(s.handleSelf))))
	m.HandleFunc("GET /v2/access/subscribers", s.access(s.needs("subscribers:read", checkedAccess(s.handleSubscribers))))
	m.HandleFunc("GET /v2/access/chats", s.access(s.needs("messages:read", checkedAccess(s.handleChats))))
	m.HandleFunc("GET /v2/access/chats/{userId}/messages", s.access(s.needs("messages:read", checkedAccess(s.handleMessages))))
	m.HandleFunc("POST /v2/access/chats/{userId}/messages", s.access(s.needs("messages:write", checkedAccess(s.handleSendMessage))))
	m.HandleFunc("GET /v2/access/posts", s.access(s.needs("posts:read", checkedAccess(s.handlePosts))))
	m.HandleFunc("GET /v2/access/earnings/chart", s.access(s.needs("earnings:read", checkedAccess(s.handleEarningsChart))))
	m.HandleFunc("GET /v2/access/earnings/transactions", s.access(s.needs("earnings:read", checkedAccess(s.handleTransactions))))
	m.HandleFunc("POST /v2/access/uploads/init", s.access(s.needs("vault:write", checkedAccess(s.handleUploadInit))))
	m.HandleFunc("PUT /v2/access/uploads/{mediaUploadId}", s.access(s.needs("vault:write", checkedAccess(s.handleUploadSingle))))
	m.HandleFunc("PUT /v2/access/uploads/{mediaUploadId}/parts/{partNumber}", s.access(s.needs("vault:write", checkedAccess(s.handleUploadPart))))
	m.HandleFunc("POST /v2/access/uploads/complete", s.access(s.needs("vault:write", checkedAccess(s.handleUploadComplete))))
	m.HandleFunc("POST /v2/access/uploads/check", s.access(s.needs("vault:write", checkedAccess(s.handleUploadCheck))))
	m.HandleFunc("/v2/access/proxy/{path...}", s.access(s.handleProxy))
	// Every other operation of the spec, from its generated route table;
	// then everything else, wrong methods on known paths included.
	var generated func(http.ResponseWriter, *http.Request) bool
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if generated(w, r) {
			return
		}
		writeError(w, http.StatusNotFound, codeRouteNotFound, "Route "+r.Method+" "+r.URL.Path+" not found")
	})
	generated = s.generatedRoutes(m)
	return m
}

// Request is one request the server received, for Server.Requests.
type Request struct {
	Method       string
	Path         string // the URL path, e.g. "/v2/access/subscribers"
	Query        string // the raw query string
	ConnectionID string // the x-connection-id header, if sent
	// Header is a copy of the request's headers, with the apiKey header's
	// value (and any Authorization or Cookie) masked: MaskedKey.
	Header http.Header
	// Body is the request body, up to MaxLoggedBody bytes; BodyTruncated
	// tells that it was longer. Requests answered without reading their
	// body (a 401, say) show it too.
	Body          []byte
	BodyTruncated bool
	Status        int // the status the server answered
	Time          time.Time
}

// MaxLoggedBody bounds the body bytes kept per logged request: uploads may
// send megabytes that a test rarely needs to see.
const MaxLoggedBody = 64 << 10

// maxRequestLog bounds the request log; the oldest entries go first.
const maxRequestLog = 10000

// Requests returns the requests received so far, oldest first: API calls,
// hosted Link pages and redirects alike, but not the admin API's.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneRequests(s.requests)
}

// RequestMark returns a mark in the request log for RequestsSince: the
// number of requests received so far.
func (s *Server) RequestMark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requestCount
}

// RequestsSince returns the requests received after mark (from
// RequestMark), oldest first, as far as the bounded log still holds them.
func (s *Server) RequestsSince(mark int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.requestCount - len(s.requests) // the count of the oldest entry kept
	skip := max(0, mark-first)
	if skip > len(s.requests) {
		skip = len(s.requests)
	}
	return cloneRequests(s.requests[skip:])
}

func cloneRequests(rs []Request) []Request {
	out := make([]Request, len(rs))
	for i, r := range rs {
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// peekBody reads the first MaxLoggedBody bytes of r's body for the log
// and puts them back in front of the rest, so the handler reads the whole
// body as sent. Reading up front logs the bodies of requests a handler
// rejects unread too.
func peekBody(r *http.Request) (head []byte, truncated bool) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, false
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, MaxLoggedBody+1))
	var rest io.Reader = r.Body
	switch {
	case err != nil:
		rest = errReader{err}
	case len(head) <= MaxLoggedBody:
		rest = http.NoBody // the whole body is in head
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), rest), r.Body}
	if len(head) > MaxLoggedBody {
		return head[:MaxLoggedBody:MaxLoggedBody], true
	}
	return head, false
}

// errReader fails every read with err: the error reading the body hit
// while peeking, handed on to the handler.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// AdminPrefix is the path prefix of the admin API (see the package doc);
// no OFAuth route starts with it.
const AdminPrefix = "/_ofauthtest/"

// serveHTTP gives every response a request id, dispatches it and logs it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	rec := &statusRecorder{ResponseWriter: w}
	rec.Header().Set("X-Request-Id", "req_"+randomHex(12))
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.admin.ServeHTTP(rec, r)
		return
	}
	body, truncated := peekBody(r)
	s.router.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	entry := Request{
		Method:        r.Method,
		Path:          r.URL.Path,
		Query:         r.URL.RawQuery,
		ConnectionID:  r.Header.Get("x-connection-id"),
		Header:        maskHeaders(r.Header),
		Body:          body,
		BodyTruncated: truncated,
		Status:        rec.status,
		Time:          s.now(),
	}
	s.mu.Lock()
	if len(s.requests) >= maxRequestLog {
		s.requests = append(s.requests[:0], s.requests[len(s.requests)-maxRequestLog+1:]...)
	}
	s.requests = append(s.requests, entry)
	s.requestCount++
	s.mu.Unlock()
}

// maskHeaders copies h with credentials masked.
func maskHeaders(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range []string{"Apikey", "Authorization", "Cookie"} {
		for i, v := range out[name] {
			out[name][i] = MaskedKey(v)
		}
	}
	return out
}

// MaskedKey is how the request log shows an API key: its prefix up to the
// last underscore and its last four characters, e.g. "sk_sandbox_…3f9a",
// enough to tell keys apart without revealing one.
func MaskedKey(key string) string {
	if len(key) < 12 {
		return "…"
	}
	prefix := ""
	if i := strings.LastIndexByte(key[:len(key)-4], '_'); i >= 0 && i < 16 {
		prefix = key[:i+1]
	}
	return prefix + "…" + key[len(key)-4:]
}

// api guards an API route: latency, the API key, then injected faults.
func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.sleep(r.Context(), s.cfg.latency) {
			return
		}
		if !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, codeUnauthorized, "Invalid or missing API key")
			return
		}
		if s.applyFault(w, r) {
			return
		}
		h(w, r)
	}
}

// authorized compares the apiKey header (any casing of the name) with the
// server's key in constant time.
func (s *Server) authorized(r *http.Request) bool {
	got := r.Header.Get("apiKey")
	if s.cfg.lenient {
		return got != ""
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.apiKey)) == 1
}

// sleep waits d, and reports false when the request or the server ended
// first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.ctx.Done():
		return false
	}
}

// Error codes of the API's error envelope.
const (
	codeUnauthorized       = "UNAUTHORIZED"
	codeSessionNotProvided = "SESSION_NOT_PROVIDED"
	codeSessionExpired     = "SESSION_EXPIRED"
	codeBadRequest         = "BAD_REQUEST"
	codeResourceNotFound   = "RESOURCE_NOT_FOUND"
	codeRouteNotFound      = "ROUTE_NOT_FOUND"
	codeRateLimitExceeded  = "RATE_LIMIT_EXCEEDED"
	codeConflict           = "CONFLICT"
)

// errorBody is the API's documented error envelope.
type errorBody struct {
	Error          string `json:"error"`
	Type           string `json:"type"`
	RequestID      string `json:"requestId"`
	ActionRequired string `json:"actionRequired,omitempty"`
	Details        any    `json:"details,omitempty"`
	// Status is set on Link status errors only, where the API may also
	// answer {"status": "not_found"}.
	Status string `json:"status,omitempty"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeErrorBody(w, status, errorBody{Error: msg, Type: code})
}

func writeErrorBody(w http.ResponseWriter, status int, b errorBody) {
	b.RequestID = w.Header().Get("X-Request-Id")
	writeJSON(w, status, b)
}

func badRequest(w http.ResponseWriter, format string, args ...any) {
	writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf(format, args...))
}

func notFound(w http.ResponseWriter, what string) {
	writeError(w, http.StatusNotFound, codeResourceNotFound, what+" not found")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // a bug of the fake, not of the caller
		status = http.StatusInternalServerError
		b = []byte(`{"error":"ofauthtest: encoding the response failed","type":"UNKNOWN_ERROR"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// maxJSONBody bounds JSON request bodies.
const maxJSONBody = 1 << 20

// readJSON decodes a JSON request body into v, answering 400 and
// reporting false when it is not valid. An empty body decodes as {} when
// optional is set.
func readJSON(w http.ResponseWriter, r *http.Request, v any, optional bool) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			badRequest(w, "request body exceeds %d bytes", maxJSONBody)
		} else {
			badRequest(w, "reading the request body failed")
		}
		return false
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		if optional {
			return true
		}
		badRequest(w, "a JSON request body is required")
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(v); err != nil {
		badRequest(w, "invalid JSON body: %s", jsonProblem(err))
		return false
	}
	if dec.More() {
		badRequest(w, "invalid JSON body: unexpected data after the value")
		return false
	}
	return true
}

// jsonProblem describes a decoding error without echoing the body.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return fmt.Sprintf("%s must be %s, not %s", field, typeErr.Type.Kind(), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("syntax error at byte %d", syntaxErr.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	}
	return "cannot decode"
}

// Query parameter helpers: each answers 400 itself and reports false on a
// bad value.

func queryInt(w http.ResponseWriter, r *http.Request, name string, def, min, max int) (int, bool) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || (max > 0 && n > max) {
		if max > 0 {
			badRequest(w, "%s must be an integer between %d and %d", name, min, max)
		} else {
			badRequest(w, "%s must be an integer of at least %d", name, min)
		}
		return 0, false
	}
	return n, true
}

// Readers of query parameters the spec's rules have already checked
// (see checked): they parse, and leave refusing a bad value to the rules.

// intParam reads an integer parameter the way the rules accept it ("20",
// "2e1"), kept within ±2^62, reporting false when it is absent.
func intParam(r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseFloat(r.URL.Query().Get(name), 64)
	if err != nil || n != math.Trunc(n) {
		return 0, false
	}
	return int64(max(-1<<62, min(n, 1<<62))), true
}

// limitParam is the page size asked for, or def when the limit is absent
// or not positive (the spec leaves some limits without a minimum).
func limitParam(r *http.Request, def int) int {
	if n, ok := intParam(r, "limit"); ok && n > 0 {
		return int(min(n, math.MaxInt32))
	}
	return def
}

// offsetParam is the offset asked for; absent or negative is 0.
func offsetParam(r *http.Request) int {
	if n, ok := intParam(r, "offset"); ok && n > 0 {
		return int(min(n, math.MaxInt32))
	}
	return 0
}

// timeParam reads a date ("2006-01-02") or date-time parameter: the zero
// time when it is absent.
func timeParam(r *http.Request, name string) time.Time {
	v := r.URL.Query().Get(name)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC()
	}
	t, _ := time.Parse(time.DateOnly, v)
	return t
}

// Random identifiers. crypto/rand never fails on supported platforms; the
// ids only need to be unique, not secret, except for keys and secrets.

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomID is prefix followed by n lowercase letters and digits.
func randomID(prefix string, n int) string {
	b := randomBytes(n)
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return prefix + string(b)
}

// randomUUID is a version 4 UUID.
func randomUUID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// isoTime formats t like the API (and JavaScript's toISOString).
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// isoPtr is isoTime for nullable fields: nil for the zero time.
func isoPtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := isoTime(t)
	return &s
}
