package ofauthtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Responder returns a function that answers OFAuth API requests in
// process, the way a Server does, from the same generated data and
// handlers, without a listener or goroutines. Its type is the underlying
// type of httpmock.Responder, so it registers on an httpmock transport as
// is, e.g. for every request no other responder claims:
//
//	httpmock.RegisterNoResponder(ofauthtest.Responder())
//
// Unlike a Server it accepts any non-empty API key, and any
// x-connection-id names an active connection, made on first use, so
// tests need no Link flow. Hosted Link URLs point at the SDK's default
// base URL (https://api.ofauth.com), which the responder serves too.
// Webhooks are not sent. State (posts, messages, uploads, …) lives as long
// as the function. The options are NewServer's; WithAPIKey makes it check
// the key as a Server does.
func Responder(opts ...ServerOption) func(*http.Request) (*http.Response, error) {
	return newInProcess(opts...).respond
}

// newInProcess builds the server behind Responder.
func newInProcess(opts ...ServerOption) *Server {
	cfg := defaultConfig()
	cfg.lenient, cfg.lenientConnections, cfg.inProcess = true, true, true
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.apiKey != "" {
		cfg.lenient = false
	}
	s := newCore(cfg)
	s.base = defaultBaseURL
	if cfg.publicURL != "" {
		s.base = cfg.publicURL
	}
	return s // never started nor closed: no goroutine, nothing to release
}

// defaultBaseURL is the real API's, which SDK clients use by default.
const defaultBaseURL = "https://api.ofauth.com"

// respond runs one request through the server's handlers.
func (s *Server) respond(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return nil, errors.New("ofauthtest: nil request")
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r := req.Clone(req.Context()) // the mux writes path values into it
	if r.Body == nil {
		r.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	s.serveHTTP(rec, r)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// Fixture returns the body the fake API answers for method and target, a
// path with an optional query (e.g. "/v2/access/subscribers?limit=5"),
// for tests that want a realistic body to edit or to serve with another
// mock. Access routes answer for a connection "conn_fixture". When that
// request gets an error (a route that needs a request body, an id the
// fake does not know), Fixture returns the operation's canned body,
// synthesised from the response schema of spec/openapi.yaml (empty for a
// 204). It returns an error, with the error envelope, only for a path no
// operation of the spec has (404 ROUTE_NOT_FOUND).
func Fixture(method, target string) ([]byte, error) {
	if !strings.HasPrefix(target, "/") {
		return nil, fmt.Errorf("ofauthtest: Fixture wants a path starting with /, not %q", target)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, defaultBaseURL+target, nil)
	if err != nil {
		return nil, fmt.Errorf("ofauthtest: %w", err)
	}
	req.Header.Set("apiKey", "sk_sandbox_fixture")
	req.Header.Set("x-connection-id", "conn_fixture")
	rec := httptest.NewRecorder()
	newInProcess().serveHTTP(rec, req)
	body := rec.Body.Bytes()
	if rec.Code >= 300 {
		if canned, ok := cannedBody(method, req.URL.Path); ok {
			return canned, nil
		}
		return nil, fmt.Errorf("ofauthtest: %s %s answers %d: %s", method, target, rec.Code, body)
	}
	return body, nil
}
