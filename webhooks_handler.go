package ofauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// WebhookFunc handles one verified webhook event. Returning an error makes
// the handler answer 500, so OFAuth delivers the event again later.
type WebhookFunc func(ctx context.Context, e *WebhookEvent) error

// WebhookHandlerOption configures a handler made by WebhookVerifier.Handler.
type WebhookHandlerOption func(*webhookHandler)

// WithDeduper replaces the handler's in-memory deduper, for instance with
// one over a store shared by several instances of a service. nil keeps the
// default.
func WithDeduper(d WebhookDeduper) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if d != nil {
			h.dedupe = d
		}
	}
}

// WithoutDedupe turns deduplication off: every verified delivery runs the
// handler, redeliveries included.
func WithoutDedupe() WebhookHandlerOption {
	return func(h *webhookHandler) { h.dedupe = nil }
}

// WithErrorHook calls fn whenever the handler answers with an error, or
// could not record a handled event, so it can be logged or counted. e is
// nil when the delivery did not verify. err never holds a secret; when the
// handler function failed, it is that function's error. Hooks add up: each
// one given is called, in the order given.
func WithErrorHook(fn func(r *http.Request, e *WebhookEvent, err error)) WebhookHandlerOption {
	return func(h *webhookHandler) {
		if fn != nil {
			h.onError = append(h.onError, fn)
		}
	}
}

// NewWebhookHandler returns an http.Handler for OFAuth's webhook POSTs: it
// verifies each delivery with v (VerifyRequest), runs fn, and answers
//
//   - 200 after fn succeeds, or at once for a redelivery of an event fn
//     already handled (see WebhookDeduper; an in-memory one by default);
//   - 401 when the signature headers are missing, or the signature or
//     timestamp is invalid; 400 when the body is not a JSON object; 413
//     when it is too large; 405 for methods other than POST; in these
//     cases fn is not called;
//   - 500 when fn fails, and 503 when the deduper cannot be reached, so
//     that OFAuth delivers the event again.
//
// A redelivery that arrives while fn still runs for the same event waits
// for that outcome: 200 if it succeeded, else it runs fn itself.
//
// Error answers have a small JSON body, {"error": …, "code": …}. fn gets the
// request's context. Use WebhookVerifier.Handler for options, and a
// WebhookRouter's Handle as fn to route by event type.
func NewWebhookHandler(v *WebhookVerifier, fn func(ctx context.Context, e *WebhookEvent) error) http.Handler {
	return v.Handler(fn)
}

// Handler is NewWebhookHandler with options.
func (v *WebhookVerifier) Handler(fn func(ctx context.Context, e *WebhookEvent) error, opts ...WebhookHandlerOption) http.Handler {
	h := &webhookHandler{v: v, fn: fn, dedupe: NewMemoryDeduper(0, 0)}
	for _, opt := range opts {
		if opt != nil {
			opt(h)
		}
	}
	return h
}

type webhookHandler struct {
	v       *WebhookVerifier
	fn      func(ctx context.Context, e *WebhookEvent) error
	dedupe  WebhookDeduper // nil: off
	onError []func(r *http.Request, e *WebhookEvent, err error)
	// onDelivery gets every delivery's outcome; nil: none.
	onDelivery []func(ctx context.Context, d WebhookDelivery)
}

// Error codes of the handler's JSON error bodies.
const (
	webhookCodeMethod      = "method_not_allowed"
	webhookCodeConfig      = "handler_misconfigured"
	webhookCodeHeaders     = "missing_headers"
	webhookCodeSignature   = "invalid_signature"
	webhookCodeTimestamp   = "invalid_timestamp"
	webhookCodePayload     = "invalid_payload"
	webhookCodeTooLarge    = "payload_too_large"
	webhookCodeDedupe      = "dedupe_unavailable"
	webhookCodeHandlerFail = "handler_failed"
)

var errWebhookHandlerConfig = errors.New("ofauth: webhook handler needs a verifier and a function")

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(h.onDelivery) > 0 && r != nil {
		h.serveObserved(w, r)
		return
	}
	h.serve(w, r)
}

func (h *webhookHandler) serve(w http.ResponseWriter, r *http.Request) {
	if r == nil {
		writeWebhookError(w, http.StatusBadRequest, webhookCodePayload, "no request")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeWebhookError(w, http.StatusMethodNotAllowed, webhookCodeMethod, "webhooks must be POSTed")
		return
	}
	if h.v == nil || h.fn == nil {
		h.report(r, nil, errWebhookHandlerConfig)
		writeWebhookError(w, http.StatusInternalServerError, webhookCodeConfig, errWebhookHandlerConfig.Error())
		return
	}
	e, err := h.v.VerifyRequest(r)
	if err != nil {
		h.report(r, nil, err)
		status, code := verifyErrorStatus(err)
		writeWebhookError(w, status, code, err.Error())
		return
	}
	noteEvent(w, e)
	if h.dedupe == nil || e.ID == "" {
		h.handle(w, r, e)
		return
	}
	claimed, err := h.dedupe.Reserve(r.Context(), e.ID)
	switch {
	case err != nil:
		h.report(r, e, err)
		writeWebhookError(w, http.StatusServiceUnavailable, webhookCodeDedupe, "could not check for a duplicate delivery; retry later")
	case !claimed:
		writeWebhookOK(w, true)
	default:
		h.handleClaimed(w, r, e)
	}
}

// handleClaimed runs fn holding the event's claim, and commits the claim
// on success or releases it otherwise, even if fn panics.
func (h *webhookHandler) handleClaimed(w http.ResponseWriter, r *http.Request, e *WebhookEvent) {
	// The outcome must be recorded even when the sender hung up.
	ctx := context.WithoutCancel(r.Context())
	ok := false
	defer func() {
		if !ok {
			if err := h.dedupe.Release(ctx, e.ID); err != nil {
				h.report(r, e, err)
			}
		}
	}()
	if ok = h.handle(w, r, e); ok {
		if err := h.dedupe.Commit(ctx, e.ID); err != nil {
			h.report(r, e, err)
		}
	}
}

// handle runs fn and answers; it reports whether fn succeeded.
func (h *webhookHandler) handle(w http.ResponseWriter, r *http.Request, e *WebhookEvent) bool {
	if err := h.fn(r.Context(), e); err != nil {
		h.report(r, e, err)
		// fn's error stays out of the body: it may describe internals.
		writeWebhookError(w, http.StatusInternalServerError, webhookCodeHandlerFail, "the event handler failed; the event will be delivered again")
		return false
	}
	writeWebhookOK(w, false)
	return true
}

func (h *webhookHandler) report(r *http.Request, e *WebhookEvent, err error) {
	for _, fn := range h.onError {
		fn(r, e, err)
	}
}

// verifyErrorStatus maps a verification error to the answer: 401 for what
// a correctly configured sender never produces, 400/413 for the body.
func verifyErrorStatus(err error) (int, string) {
	switch {
	case errors.Is(err, ErrWebhookBodyTooLarge):
		return http.StatusRequestEntityTooLarge, webhookCodeTooLarge
	case errors.Is(err, ErrWebhookPayload):
		return http.StatusBadRequest, webhookCodePayload
	case errors.Is(err, ErrWebhookTimestamp):
		return http.StatusUnauthorized, webhookCodeTimestamp
	case errors.Is(err, ErrWebhookMissingHeaders):
		return http.StatusUnauthorized, webhookCodeHeaders
	default:
		return http.StatusUnauthorized, webhookCodeSignature
	}
}

func writeWebhookOK(w http.ResponseWriter, duplicate bool) {
	noteAnswer(w, duplicate, "")
	body := `{"received":true}`
	if duplicate {
		body = `{"received":true,"duplicate":true}`
	}
	writeWebhookJSON(w, http.StatusOK, []byte(body))
}

func writeWebhookError(w http.ResponseWriter, status int, code, msg string) {
	noteAnswer(w, false, code)
	body, err := json.Marshal(struct {
		Error string `json:"error"`
		Code  string `json:"code"`
	}{msg, code})
	if err != nil { // cannot happen for two strings; answer without a body
		w.WriteHeader(status)
		return
	}
	writeWebhookJSON(w, status, body)
}

func writeWebhookJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body) // the sender may be gone; nothing to do about it
}

// WebhookRouter routes events to functions by type. Its Handle method is a
// WebhookFunc, so a router is passed to NewWebhookHandler as
// router.Handle. Routes may be added while it serves. The zero value is an
// empty router.
type WebhookRouter struct {
	mu       sync.RWMutex
	exact    map[string]WebhookFunc
	prefixes []prefixRoute // longest prefix first
	fallback WebhookFunc
}

type prefixRoute struct {
	prefix string
	fn     WebhookFunc
}

// NewWebhookRouter returns an empty router: events of every type are
// acknowledged and ignored until routes are added.
func NewWebhookRouter() *WebhookRouter { return &WebhookRouter{} }

// On routes events of eventType to fn, replacing an earlier route for it;
// a nil fn removes the route. A pattern ending in "*" matches every type
// that starts with what precedes it ("realtime.*"); an exact type wins over
// a pattern, and a longer pattern over a shorter one. On returns m, for
// chaining.
func (m *WebhookRouter) On(eventType string, fn WebhookFunc) *WebhookRouter {
	m.mu.Lock()
	defer m.mu.Unlock()
	if prefix, ok := strings.CutSuffix(eventType, "*"); ok {
		m.setPrefix(prefix, fn)
		return m
	}
	if m.exact == nil {
		m.exact = make(map[string]WebhookFunc)
	}
	if fn == nil {
		delete(m.exact, eventType)
	} else {
		m.exact[eventType] = fn
	}
	return m
}

func (m *WebhookRouter) setPrefix(prefix string, fn WebhookFunc) {
	routes := m.prefixes[:0:0]
	for _, r := range m.prefixes {
		if r.prefix != prefix {
			routes = append(routes, r)
		}
	}
	if fn != nil {
		routes = append(routes, prefixRoute{prefix, fn})
	}
	sort.SliceStable(routes, func(i, j int) bool { return len(routes[i].prefix) > len(routes[j].prefix) })
	m.prefixes = routes
}

// Default sets the function for events no route matches; without one they
// are acknowledged and ignored, as OFAuth adds event types over time.
// Default returns m, for chaining.
func (m *WebhookRouter) Default(fn WebhookFunc) *WebhookRouter {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fallback = fn
	return m
}

// Handle runs the function routed for e's type and returns its error.
func (m *WebhookRouter) Handle(ctx context.Context, e *WebhookEvent) error {
	if e == nil {
		return nil
	}
	if fn := m.route(e.Type); fn != nil {
		return fn(ctx, e)
	}
	return nil
}

func (m *WebhookRouter) route(eventType string) WebhookFunc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if fn, ok := m.exact[eventType]; ok {
		return fn
	}
	for _, r := range m.prefixes {
		if strings.HasPrefix(eventType, r.prefix) {
			return r.fn
		}
	}
	return m.fallback
}
