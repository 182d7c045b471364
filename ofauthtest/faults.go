package ofauthtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is an error or a delay the server applies to the next matching API
// requests (the /v2 routes, after the API key check). Faults are matched
// in the order they were injected; each applies Times times, then is gone.
//
//	// The next two calls to any Access route fail with 503, then succeed.
//	srv.Inject(ofauthtest.Fault{Path: "/v2/access/*", Times: 2, Status: 503})
//	// The next whoami answers after two seconds, normally.
//	srv.Inject(ofauthtest.Fault{Path: "/v2/account/whoami", Delay: 2 * time.Second})
type Fault struct {
	// Method matches the request method; empty matches any.
	Method string
	// Path matches the URL path exactly, or every path below a prefix
	// ending in "*" ("/v2/access/*"); empty matches every API route.
	Path string
	// ConnectionID matches the x-connection-id header; empty matches any.
	ConnectionID string
	// Times is how many requests the fault applies to; 0 means once.
	Times int
	// Status is the error status to answer; 0 answers normally (after
	// Delay).
	Status int
	// Code is the error envelope's type; empty picks the API's usual code
	// for Status (429 RATE_LIMIT_EXCEEDED, 503 NETWORK_ERROR, …).
	Code string
	// Message is the error envelope's message; empty uses the status text.
	Message string
	// RetryAfter is sent as Retry-After, in whole seconds rounded up.
	RetryAfter time.Duration
	// Delay holds the response back, to simulate a slow API.
	Delay time.Duration
}

// Inject queues a fault for the next matching requests.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	s.faults = append(s.faults, &f)
	s.mu.Unlock()
}

// FailNext makes the next n API requests fail with status (e.g. 500, 503)
// and the API's usual code for it.
func (s *Server) FailNext(n, status int) {
	s.Inject(Fault{Times: n, Status: status})
}

// RateLimitNext makes the next n Access requests fail with 429
// RATE_LIMIT_EXCEEDED and Retry-After, as an exhausted rate limit does.
func (s *Server) RateLimitNext(n int, retryAfter time.Duration) {
	s.Inject(Fault{Path: "/v2/access/*", Times: n, Status: http.StatusTooManyRequests, RetryAfter: retryAfter})
}

func (f *Fault) matches(r *http.Request) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	if f.ConnectionID != "" && f.ConnectionID != r.Header.Get("x-connection-id") {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(r.URL.Path, strings.TrimSuffix(f.Path, "*"))
	}
	return f.Path == r.URL.Path
}

// takeFault consumes one use of the first fault matching r.
func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if !f.matches(r) {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return *f, true
	}
	return Fault{}, false
}

// applyFault answers r with a matching fault and reports whether it did;
// a delay-only fault waits and lets the request through.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request) bool {
	f, ok := s.takeFault(r)
	if !ok {
		return false
	}
	if !s.sleep(r.Context(), f.Delay) {
		return true
	}
	if f.Status == 0 {
		return false
	}
	code, msg := f.Code, f.Message
	if code == "" {
		code = defaultCode(f.Status)
	}
	if msg == "" {
		msg = http.StatusText(f.Status)
	}
	if f.RetryAfter > 0 {
		secs := strconv.FormatInt(int64((f.RetryAfter+time.Second-1)/time.Second), 10)
		w.Header().Set("Retry-After", secs)
		if f.Status == http.StatusTooManyRequests {
			w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.rateBurst))
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", secs)
		}
	}
	body := errorBody{Error: msg, Type: code}
	if code == codeSessionExpired {
		body.ActionRequired = "refresh_session"
	}
	writeErrorBody(w, f.Status, body)
	return true
}

// defaultCode is the envelope type the API uses for a status.
func defaultCode(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return codeBadRequest
	case http.StatusUnauthorized:
		return codeUnauthorized
	case http.StatusForbidden:
		return codeForbidden
	case http.StatusNotFound:
		return codeResourceNotFound
	case http.StatusTooManyRequests:
		return codeRateLimitExceeded
	case http.StatusBadGateway:
		return "PROXY_ERROR"
	case http.StatusServiceUnavailable:
		return "NETWORK_ERROR"
	case http.StatusGatewayTimeout:
		return "GATEWAY_TIMEOUT"
	}
	if status >= 500 {
		return "UNKNOWN_ERROR"
	}
	return codeBadRequest
}
