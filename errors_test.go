package ofauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIErrorEnvelopes(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		code      string
		message   string
		requestID string
		action    string
		details   string
		sentinel  error
	}{
		{
			name: "envelope A (error, type, requestId, actionRequired)", status: 401,
			body: `{"error":"Session expired","type":"SESSION_EXPIRED","requestId":"req_abc123","actionRequired":"refresh_session"}`,
			code: "SESSION_EXPIRED", message: "Session expired", requestID: "req_abc123", action: "refresh_session",
			sentinel: ErrSessionExpired,
		},
		{
			name: "envelope B (error, code, details)", status: 401,
			body: `{"error":"Invalid API key","code":"AUTH_INVALID_KEY","details":{"field":"apiKey"}}`,
			code: "AUTH_INVALID_KEY", message: "Invalid API key", details: `{"field":"apiKey"}`,
			sentinel: ErrUnauthorized,
		},
		{
			name: "SDK envelope (message, code, details)", status: 403,
			body: `{"message":"Missing scope","code":"AUTH_INSUFFICIENT_SCOPE","details":["posts:write"]}`,
			code: "AUTH_INSUFFICIENT_SCOPE", message: "Missing scope", details: `["posts:write"]`,
			sentinel: ErrForbidden,
		},
		{
			name: "route body {error}", status: 401, body: `{"error":"Unauthorized"}`,
			message: "Unauthorized", sentinel: ErrUnauthorized,
		},
		{
			name: "dynamic rules body", status: 503, body: `{"error":"rules unavailable","is_current":false,"is_public":true}`,
			message: "rules unavailable", sentinel: ErrServer,
		},
		{
			name: "nested error object", status: 400, body: `{"error":{"message":"bad limit","code":"BAD_REQUEST"}}`,
			code: "BAD_REQUEST", message: "bad limit", sentinel: ErrBadRequest,
		},
		{
			name: "numeric code kept as text", status: 422, body: `{"message":"invalid","code":4221}`,
			code: "4221", message: "invalid", sentinel: ErrBadRequest,
		},
		{
			name: "plain text", status: 502, body: "Bad Gateway from upstream\nsecond line",
			message: "Bad Gateway from upstream", sentinel: ErrServer,
		},
		{
			name: "HTML", status: 504, body: "<html><body><h1>504 Gateway Time-out</h1></body></html>",
			sentinel: ErrServer,
		},
		{name: "empty", status: 404, body: "", sentinel: ErrNotFound},
		{name: "malformed JSON", status: 500, body: `{"error": "trunc`, message: `{"error": "trunc`, sentinel: ErrServer},
		{name: "JSON null", status: 400, body: `null`, message: "null", sentinel: ErrBadRequest},
		{
			name: "rate limited", status: 429, body: `{"error":"Too many","type":"RATE_LIMIT_EXCEEDED"}`,
			code: "RATE_LIMIT_EXCEEDED", message: "Too many", sentinel: ErrRateLimitExceeded,
		},
		{
			name: "rules outdated is its own sentinel", status: 401, body: `{"error":"x","type":"RULES_OUTDATED"}`,
			code: "RULES_OUTDATED", message: "x", sentinel: ErrRulesOutdated,
		},
		{
			name: "session not provided", status: 401, body: `{"error":"x","type":"SESSION_NOT_PROVIDED"}`,
			code: "SESSION_NOT_PROVIDED", message: "x", sentinel: ErrSessionNotProvided,
		},
		{
			name: "unknown code falls back to status", status: 404, body: `{"error":"x","code":"SOMETHING_NEW"}`,
			code: "SOMETHING_NEW", message: "x", sentinel: ErrNotFound,
		},
		{
			name: "request id from header", status: 500, header: http.Header{"X-Request-Id": {"req_hdr"}},
			body: `{"error":"boom"}`, message: "boom", requestID: "req_hdr", sentinel: ErrServer,
		},
		{name: "resource not found", status: 404, body: `{"type":"RESOURCE_NOT_FOUND"}`, code: "RESOURCE_NOT_FOUND", sentinel: ErrNotFound},
		{name: "route not found", status: 404, body: `{"type":"ROUTE_NOT_FOUND"}`, code: "ROUTE_NOT_FOUND", sentinel: ErrNotFound},
		{name: "key expired", status: 401, body: `{"code":"AUTH_KEY_EXPIRED"}`, code: "AUTH_KEY_EXPIRED", sentinel: ErrUnauthorized},
		{name: "forbidden type", status: 403, body: `{"type":"FORBIDDEN"}`, code: "FORBIDDEN", sentinel: ErrForbidden},
		{name: "unauthorized type", status: 401, body: `{"type":"UNAUTHORIZED"}`, code: "UNAUTHORIZED", sentinel: ErrUnauthorized},
		{name: "teapot has no sentinel", status: 418, body: ``},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newAPIError(tc.status, tc.header, []byte(tc.body))
			assert.Equal(t, tc.status, e.StatusCode)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.message, e.Message)
			assert.Equal(t, tc.requestID, e.RequestID)
			assert.Equal(t, tc.action, e.ActionRequired)
			if tc.details == "" {
				assert.Nil(t, e.Details)
			} else {
				assert.JSONEq(t, tc.details, string(e.Details))
			}
			assert.Equal(t, tc.body, string(e.Body))
			for _, s := range allSentinels {
				assert.Equal(t, s == tc.sentinel, errors.Is(e, s), "errors.Is(%v)", s) //nolint:errorlint // identity of two sentinels, not an error check
			}
			assert.NotContains(t, e.Error(), "\n")
		})
	}
}

var allSentinels = []error{
	ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrSessionExpired,
	ErrSessionNotProvided, ErrRulesOutdated, ErrRateLimitExceeded, ErrServer,
}

func TestAPIErrorMessageIsOneLine(t *testing.T) {
	e := &APIError{StatusCode: 401, Code: "SESSION_EXPIRED", Message: "Session expired", RequestID: "req_1", Method: "GET", Route: "/v2/access/self"}
	assert.Equal(t, "ofauth: GET /v2/access/self: 401 SESSION_EXPIRED: Session expired (request req_1)", e.Error())
	e = &APIError{StatusCode: 503}
	assert.Equal(t, "ofauth: 503: Service Unavailable", e.Error())
	e = newAPIError(400, nil, []byte(`{"error":"line one\nline two\ttab"}`))
	assert.Equal(t, "line one line two tab", e.Message)
	long := newAPIError(500, nil, []byte(strings.Repeat("é", 2000)))
	assert.LessOrEqual(t, len(long.Message), maxMessage+len("…"))
}

func TestNeedsReauth(t *testing.T) {
	assert.True(t, NeedsReauth(&APIError{StatusCode: 401, Code: CodeSessionExpired}))
	assert.False(t, NeedsReauth(fmt.Errorf("wrapped: %w", &APIError{StatusCode: 401, Code: CodeSessionNotProvided})),
		"an unknown or deleted connection cannot log in again")
	assert.False(t, NeedsReauth(&APIError{StatusCode: 401, Code: CodeUnauthorized}))
	assert.False(t, NeedsReauth(&APIError{StatusCode: 401}))
	assert.False(t, NeedsReauth(nil))
	assert.False(t, NeedsReauth(errors.New("x")))
}

func TestErrorResponseReachesCallerAsAPIError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "90")
		w.Header().Set("X-RateLimit-Remaining", "3")
		writeJSON(w, 403, `{"error":"Nope","type":"FORBIDDEN","requestId":"req_9"}`)
	})
	_, err := c.Account.Whoami(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 403, apiErr.StatusCode)
	assert.Equal(t, "FORBIDDEN", apiErr.Code)
	assert.Equal(t, "req_9", apiErr.RequestID)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, "GET", apiErr.Method)
	assert.Equal(t, "/v2/account/whoami", apiErr.Route)
	assert.Equal(t, RateLimit{Limit: 90, Remaining: 3}, apiErr.RateLimit)
	assert.ErrorIs(t, err, ErrForbidden)
}

func TestServerEchoOfKeyIsRedacted(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, `{"error":"bad key `+r.Header.Get("apiKey")+`","details":{"key":"`+r.Header.Get("apiKey")+`"}}`)
	})
	_, err := c.Account.Whoami(context.Background())
	require.Error(t, err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	for _, s := range []string{err.Error(), apiErr.Message, string(apiErr.Body), string(apiErr.Details), fmt.Sprintf("%+v", apiErr), fmt.Sprintf("%#v", apiErr)} {
		assert.NotContains(t, s, testKey)
	}
	assert.Contains(t, apiErr.Message, "[REDACTED]")
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{"Retry-After": {"2"}}, 2 * time.Second},
		{http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond},
		{http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second},
		{http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0},
		{http.Header{"Retry-After": {"soon"}}, 0},
		{http.Header{"Retry-After": {"-3"}}, 0},
		{http.Header{"X-Ratelimit-Reset": {"7"}}, 7 * time.Second},
		{http.Header{"X-Ratelimit-Reset": {fmt.Sprint(now.Add(12 * time.Second).Unix())}}, 12 * time.Second},
		{http.Header{"X-Ratelimit-Reset": {fmt.Sprint(now.Add(3 * time.Second).UnixMilli())}}, 3 * time.Second},
		{http.Header{"Retry-After": {"1"}, "X-Ratelimit-Reset": {"30"}}, time.Second},
		{http.Header{}, 0},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, serverWait(tc.h, now), "%v", tc.h)
	}
}

// FuzzNewAPIError: any body and headers decode without panic into a
// one-line error that keeps the status.
func FuzzNewAPIError(f *testing.F) {
	f.Add(401, `{"error":"Session expired","type":"SESSION_EXPIRED","requestId":"req_1","actionRequired":"refresh_session"}`, "2")
	f.Add(400, `{"error":"x","code":"AUTH_INVALID_KEY","details":{"a":[1,2]}}`, "")
	f.Add(500, `{"message":"m","code":7,"details":null}`, "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(429, `{"error":{"message":"nested"}}`, "-1")
	f.Add(502, "<html>bad gateway</html>", "1e309")
	f.Add(418, "\x00\xff\xfe", "")
	f.Add(404, `[1,2,3]`, "")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		e := newAPIError(status, http.Header{"Retry-After": {retryAfter}}, []byte(body))
		if e.StatusCode != status {
			t.Fatalf("status %d became %d", status, e.StatusCode)
		}
		if strings.ContainsAny(e.Error(), "\n\r") {
			t.Fatalf("multi-line error: %q", e.Error())
		}
		if e.RetryAfter < 0 {
			t.Fatalf("negative RetryAfter %v", e.RetryAfter)
		}
		if e.Details != nil && !json.Valid(e.Details) {
			t.Fatalf("invalid details %q", e.Details)
		}
		_ = errors.Is(e, ErrServer)
	})
}

// NeedsReauth is true only when the same connection can log in again
// through Link: SESSION_EXPIRED and the isAuth:false answer. An unknown or
// deleted connection (SESSION_NOT_PROVIDED) cannot: Link.Init with its id
// fails with 404, so the caller must tell it apart with
// ErrSessionNotProvided.
func TestNeedsReauthOnlyWhenTheSameConnectionCanLogInAgain(t *testing.T) {
	c, mux := setup(t)
	bodies := map[string]struct {
		status int
		body   string
	}{
		"expired":      {401, `{"error":"Session expired","type":"SESSION_EXPIRED","actionRequired":"refresh_session"}`},
		"not_auth":     {200, `{"isAuth":false}`},
		"not_provided": {401, `{"error":"No session","type":"SESSION_NOT_PROVIDED"}`},
		"bad_key":      {401, `{"error":"bad key","code":"AUTH_INVALID_KEY"}`},
		"gone":         {404, `{"error":"no such connection"}`},
	}
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		b := bodies[r.Header.Get("x-connection-id")]
		writeJSON(w, b.status, b.body)
	})
	get := func(conn string) error {
		_, err := c.Access.WithConnection(conn).Self.Get(context.Background())
		require.Error(t, err, conn)
		return err
	}
	assert.True(t, NeedsReauth(get("expired")))
	assert.True(t, NeedsReauth(get("not_auth")))

	err := get("not_provided")
	assert.False(t, NeedsReauth(err), "a connection that no longer exists cannot log in again")
	assert.ErrorIs(t, err, ErrSessionNotProvided)
	assert.False(t, NeedsReauth(get("bad_key")))
	assert.False(t, NeedsReauth(get("gone")))
	assert.False(t, NeedsReauth(nil))
	assert.False(t, NeedsReauth(ErrSessionNotProvided))
	assert.True(t, NeedsReauth(fmt.Errorf("wrapped: %w", ErrSessionExpired)))
}
