package ofauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors returned before any request is sent.
var (
	// ErrMissingAPIKey is returned by NewClient when the API key is empty.
	ErrMissingAPIKey = errors.New("ofauth: missing API key")
	// ErrNoConnection is returned by connection-scoped calls (Access, Vault+)
	// when no connection id was given with WithConnection or WithConnectionID.
	ErrNoConnection = errors.New("ofauth: no connection id for a connection-scoped call")
	// ErrInvalidOption is matched by errors from NewClient for a bad option.
	ErrInvalidOption = errors.New("ofauth: invalid option")
	// ErrInvalidParams is matched by errors for parameters the SDK rejects
	// locally (an empty id, a negative size) before sending anything.
	ErrInvalidParams = errors.New("ofauth: invalid parameters")
	// ErrInvalidResponse is matched by errors for a 2xx response whose body
	// could not be decoded or was larger than the SDK accepts.
	ErrInvalidResponse = errors.New("ofauth: invalid response")
)

// Sentinels matched by *APIError through errors.Is: first by the body's
// code, else by the HTTP status.
var (
	ErrBadRequest         = errors.New("ofauth: bad request")
	ErrUnauthorized       = errors.New("ofauth: unauthorized")
	ErrForbidden          = errors.New("ofauth: forbidden")
	ErrNotFound           = errors.New("ofauth: not found")
	ErrSessionExpired     = errors.New("ofauth: session expired")
	ErrSessionNotProvided = errors.New("ofauth: session not provided")
	ErrRulesOutdated      = errors.New("ofauth: dynamic rules outdated")
	ErrRateLimitExceeded  = errors.New("ofauth: rate limit exceeded")
	ErrServer             = errors.New("ofauth: server error")
)

// Error codes the API documents, in either envelope.
const (
	CodeUnauthorized          = "UNAUTHORIZED"
	CodeSessionNotProvided    = "SESSION_NOT_PROVIDED"
	CodeSessionExpired        = "SESSION_EXPIRED"
	CodeForbidden             = "FORBIDDEN"
	CodeRulesOutdated         = "RULES_OUTDATED"
	CodeBadRequest            = "BAD_REQUEST"
	CodeResourceNotFound      = "RESOURCE_NOT_FOUND"
	CodeRouteNotFound         = "ROUTE_NOT_FOUND"
	CodeRateLimitExceeded     = "RATE_LIMIT_EXCEEDED"
	CodeAuthInvalidKey        = "AUTH_INVALID_KEY"
	CodeAuthKeyExpired        = "AUTH_KEY_EXPIRED"
	CodeAuthInsufficientScope = "AUTH_INSUFFICIENT_SCOPE"
)

var codeSentinels = map[string]error{
	CodeUnauthorized:          ErrUnauthorized,
	CodeAuthInvalidKey:        ErrUnauthorized,
	CodeAuthKeyExpired:        ErrUnauthorized,
	CodeSessionNotProvided:    ErrSessionNotProvided,
	CodeSessionExpired:        ErrSessionExpired,
	CodeForbidden:             ErrForbidden,
	CodeAuthInsufficientScope: ErrForbidden,
	CodeRulesOutdated:         ErrRulesOutdated,
	CodeBadRequest:            ErrBadRequest,
	"VALIDATION_ERROR":        ErrBadRequest,
	CodeResourceNotFound:      ErrNotFound,
	CodeRouteNotFound:         ErrNotFound,
	"NOT_FOUND":               ErrNotFound,
	CodeRateLimitExceeded:     ErrRateLimitExceeded,
	"UNKNOWN_ERROR":           ErrServer,
	"INTERNAL_ERROR":          ErrServer,
	"PROXY_ERROR":             ErrServer,
	"NETWORK_ERROR":           ErrServer,
}

// APIError is the error for every non-2xx response, whichever envelope the
// body used. Use errors.As to read it and errors.Is with the sentinels
// (ErrSessionExpired, ErrRateLimitExceeded, …) to branch on it.
type APIError struct {
	StatusCode     int
	Code           string          // the body's "type" or "code", e.g. "SESSION_EXPIRED"
	Message        string          // the body's "error" or "message", or its text
	RequestID      string          // the body's "requestId" or an X-Request-Id header
	ActionRequired string          // e.g. "refresh_session"
	Details        json.RawMessage // the body's "details", as sent
	RetryAfter     time.Duration   // how long the server asked to wait, when it said; at most 24 hours, which a longer or overflowing request reads as
	RateLimit      RateLimit       // the X-RateLimit-* figures of the response
	Method         string          // the request's method
	Route          string          // the request's route template, e.g. "/v2/link/{clientSecret}"
	Attempts       int             // attempts made, retries included
	Body           []byte          // the raw body, the key masked, then cut to 64 KiB
}

// Error returns one line: status, code, message and request id.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("ofauth: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.Route + ": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if msg != "" {
		b.WriteString(": " + msg)
	}
	if e.RequestID != "" {
		b.WriteString(" (request " + e.RequestID + ")")
	}
	if e.RetryAfter > 0 {
		b.WriteString(" (retry after " + e.RetryAfter.String() + ")")
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's code or, for codes
// without one, for e's status.
func (e *APIError) Is(target error) bool {
	return e.sentinel() == target
}

func (e *APIError) sentinel() error {
	if s, ok := codeSentinels[e.Code]; ok {
		return s
	}
	switch s := e.StatusCode; {
	case s == http.StatusBadRequest || s == http.StatusUnprocessableEntity:
		return ErrBadRequest
	case s == http.StatusUnauthorized:
		return ErrUnauthorized
	case s == http.StatusForbidden:
		return ErrForbidden
	case s == http.StatusNotFound:
		return ErrNotFound
	case s == http.StatusTooManyRequests:
		return ErrRateLimitExceeded
	case s >= 500:
		return ErrServer
	}
	return nil
}

// NeedsReauth reports whether err means the creator can log the same
// connection in again through Link (LinkInitParams.ConnectionID): the API
// answered SESSION_EXPIRED, or Self.Get found the session not
// authenticated (isAuth false).
//
// It is false for SESSION_NOT_PROVIDED, an unknown or deleted connection:
// Link.Init with its id fails with 404. Tell that case with
// errors.Is(err, ErrSessionNotProvided), forget the stored id and start a
// new connection.
func NeedsReauth(err error) bool {
	return errors.Is(err, ErrSessionExpired)
}

// maxErrorBody bounds how much of an error body is read and kept.
const maxErrorBody = 64 << 10

// errorEnvelope is the union of every error body shape the API documents.
type errorEnvelope struct {
	Error          json.RawMessage `json:"error"` // a string, or {message, code}
	Message        string          `json:"message"`
	Type           string          `json:"type"`
	Code           json.RawMessage `json:"code"` // usually a string; tolerate numbers
	RequestID      string          `json:"requestId"`
	RequestIDSnake string          `json:"request_id"`
	ActionRequired string          `json:"actionRequired"`
	Details        json.RawMessage `json:"details"`
}

// newAPIError decodes a non-2xx response. body is the (bounded) raw body;
// it never fails, falling back to the text of the body or the status.
func newAPIError(status int, h http.Header, body []byte) *APIError {
	return decodeAPIError(status, h, body, redactor{})
}

// decodeAPIError is newAPIError masking r's key in every field before
// anything is cut to its bound. body may run past maxErrorBody (by up to
// the key's length, so that a key across the bound is masked whole); the
// kept Body is cut to maxErrorBody after masking.
func decodeAPIError(status int, h http.Header, raw []byte, r redactor) *APIError {
	body := r.bytes(raw)
	e := &APIError{StatusCode: status}
	trimmed := bytes.TrimSpace(body)
	var env errorEnvelope
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &env) == nil {
		e.fromEnvelope(&env)
	} else if len(trimmed) > 0 && !looksLikeHTML(trimmed) {
		e.Message = firstLine(trimmed)
	}
	if e.RequestID == "" {
		e.RequestID = firstHeader(h, "X-Request-Id", "Request-Id", "X-Amzn-Requestid")
	}
	e.Code, e.RequestID, e.ActionRequired = r.str(e.Code), r.str(e.RequestID), r.str(e.ActionRequired)
	e.Details = r.bytes(e.Details) // JSON unescaping may have revealed a key the raw body hid
	e.Message = oneLine(e.Message, r)
	e.Body = r.cutBytes(body, maxErrorBody, len(raw) > maxErrorBody)
	e.RateLimit = parseRateLimit(h)
	e.RetryAfter = serverWait(h, time.Now())
	return e
}

func (e *APIError) fromEnvelope(env *errorEnvelope) {
	e.Code = env.Type
	e.Message = env.Message
	if code := rawString(env.Code); e.Code == "" {
		e.Code = code
	}
	if len(env.Error) > 0 {
		var s string
		if json.Unmarshal(env.Error, &s) == nil {
			e.Message = s
		} else {
			var inner struct {
				Message string `json:"message"`
				Code    string `json:"code"`
				Type    string `json:"type"`
			}
			if json.Unmarshal(env.Error, &inner) == nil {
				e.Message = firstNonEmpty(inner.Message, e.Message)
				e.Code = firstNonEmpty(e.Code, inner.Type, inner.Code)
			}
		}
	}
	e.RequestID = firstNonEmpty(env.RequestID, env.RequestIDSnake)
	e.ActionRequired = env.ActionRequired
	if len(env.Details) > 0 && string(env.Details) != "null" {
		e.Details = env.Details
	}
}

func rawString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw) // a number: keep its text
}

func looksLikeHTML(b []byte) bool {
	return b[0] == '<'
}

// firstLine returns the first line of b.
func firstLine(b []byte) string {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

const maxMessage = 512

// oneLine keeps an error message to one line and maxMessage bytes, the
// key masked before the cut.
func oneLine(s string, r redactor) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, r.str(s))
	if len(s) > maxMessage {
		s = r.cut(s, maxMessage, true) + "…"
	}
	return strings.TrimSpace(s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func firstHeader(h http.Header, names ...string) string {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return v
		}
	}
	return ""
}

// DecodeError is returned when a 2xx body does not decode into the
// expected type, or is JSON of the wrong shape for the endpoint (a model
// wrapped in another object, a list without its envelope). It matches
// ErrInvalidResponse.
type DecodeError struct {
	Method, Route string
	Body          []byte // the body, the key masked, then cut to 64 KiB
	Err           error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("ofauth: %s %s: decoding the response: %s", e.Method, e.Route, describeDecodeError(e.Err))
}

// Unwrap returns the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is matches ErrInvalidResponse.
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidResponse }
