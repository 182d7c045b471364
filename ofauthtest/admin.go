package ofauthtest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"
	"unicode/utf8"
)

// The admin API exposes the scenario controls over HTTP, for tests in any
// language driving the server as a separate process (cmd/ofauth-mock).
// Its routes live under AdminPrefix, need the same apiKey header as the
// API, take and return JSON, and are left out of the request log. The
// package documentation lists them.
func (s *Server) adminRoutes() http.Handler {
	m := http.NewServeMux()
	p := "/_ofauthtest"
	m.HandleFunc("GET "+p+"/requests", s.adminRequests)
	m.HandleFunc("GET "+p+"/connections", s.adminConnections)
	m.HandleFunc("POST "+p+"/connections", s.adminAddConnection)
	m.HandleFunc("POST "+p+"/connections/{id}/expire", s.adminConnectionAction(s.ExpireConnection))
	m.HandleFunc("POST "+p+"/connections/{id}/invalidate", s.adminConnectionAction(s.InvalidateConnection))
	m.HandleFunc("DELETE "+p+"/connections/{id}", s.adminConnectionAction(s.DeleteConnection))
	m.HandleFunc("POST "+p+"/connections/{id}/revoke", s.adminPermissions(s.RevokePermission))
	m.HandleFunc("POST "+p+"/connections/{id}/grant", s.adminPermissions(s.GrantPermission))
	m.HandleFunc("POST "+p+"/link/{clientSecret}/complete", s.adminCompleteLink)
	m.HandleFunc("POST "+p+"/link/{clientSecret}/cancel", s.adminCancelLink)
	m.HandleFunc("POST "+p+"/link/{clientSecret}/fail", s.adminFailLink)
	m.HandleFunc("POST "+p+"/events", s.adminEmit)
	m.HandleFunc("GET "+p+"/deliveries", s.adminDeliveries)
	m.HandleFunc("POST "+p+"/deliveries/fail", s.adminFailDeliveries)
	m.HandleFunc("POST "+p+"/faults", s.adminInject)
	m.HandleFunc("PUT "+p+"/webhook-url", s.adminWebhookURL)
	m.HandleFunc("POST "+p+"/reset", s.adminReset)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, codeRouteNotFound, "Admin route "+r.Method+" "+r.URL.Path+" not found")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			writeError(w, http.StatusUnauthorized, codeUnauthorized, "Invalid or missing API key")
			return
		}
		m.ServeHTTP(w, r)
	})
}

// Reset drops the injected faults (Inject, FailNext, RateLimitNext), ends
// a FailDeliveries fault and empties the request log. Connections, Link
// sessions, data and the delivery log stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.hooks.fault = DeliveryFault{}
	s.requests = nil
}

// adminMark reads the since parameter of the log listings.
func adminMark(w http.ResponseWriter, r *http.Request) (int, bool) {
	return queryInt(w, r, "since", 0, 0, 0)
}

type adminRequest struct {
	Method        string              `json:"method"`
	Path          string              `json:"path"`
	Query         string              `json:"query"`
	ConnectionID  string              `json:"connectionId,omitempty"`
	Headers       map[string][]string `json:"headers"`
	Body          *string             `json:"body,omitempty"`       // UTF-8 bodies
	BodyBase64    *string             `json:"bodyBase64,omitempty"` // other bodies
	BodyTruncated bool                `json:"bodyTruncated,omitempty"`
	Status        int                 `json:"status"`
	Time          string              `json:"time"`
}

func (s *Server) adminRequests(w http.ResponseWriter, r *http.Request) {
	since, ok := adminMark(w, r)
	if !ok {
		return
	}
	next := s.RequestMark()
	reqs := s.RequestsSince(since)
	out := make([]adminRequest, 0, len(reqs))
	for _, q := range reqs {
		a := adminRequest{
			Method: q.Method, Path: q.Path, Query: q.Query, ConnectionID: q.ConnectionID,
			Headers: q.Header, BodyTruncated: q.BodyTruncated, Status: q.Status,
			Time: q.Time.UTC().Format(time.RFC3339Nano),
		}
		if len(q.Body) > 0 {
			if utf8.Valid(q.Body) {
				b := string(q.Body)
				a.Body = &b
			} else {
				b := base64.StdEncoding.EncodeToString(q.Body)
				a.BodyBase64 = &b
			}
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": out, "next": next})
}

func (s *Server) adminConnections(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	out := make([]connectionJSON, 0, len(s.connOrder))
	for _, id := range s.connOrder {
		out = append(out, s.conns[id].toJSON())
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"connections": out})
}

// connectionResponse answers with the connection's current JSON, or, when
// it is gone, its id only.
func (s *Server) connectionResponse(w http.ResponseWriter, id string) {
	s.mu.Lock()
	c, ok := s.conns[id]
	var out any = map[string]any{"id": id, "status": statusDisconnected}
	if ok {
		out = c.toJSON()
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"connection": out})
}

func (s *Server) adminAddConnection(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ClientReferenceID string `json:"clientReferenceId"`
	}
	if !readJSON(w, r, &body, true) {
		return
	}
	c := s.AddConnection(body.ClientReferenceID)
	s.connectionResponse(w, c.ID)
}

// adminError answers err of a scenario control.
func adminError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrUnknownConnection):
		notFound(w, "Connection")
	case errors.Is(err, ErrLinkNotFound):
		notFound(w, "Link session")
	case errors.Is(err, ErrLinkExpired), errors.Is(err, ErrLinkFinished):
		writeError(w, http.StatusConflict, codeConflict, err.Error())
	default:
		badRequest(w, "%v", err)
	}
}

func (s *Server) adminConnectionAction(act func(id string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if err := act(id); err != nil {
			adminError(w, err)
			return
		}
		s.connectionResponse(w, id)
	}
}

func (s *Server) adminPermissions(act func(id string, permissions ...string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Permissions []string `json:"permissions"`
		}
		if !readJSON(w, r, &body, false) {
			return
		}
		if len(body.Permissions) == 0 {
			badRequest(w, "permissions must list at least one permission")
			return
		}
		id := r.PathValue("id")
		if err := act(id, body.Permissions...); err != nil {
			adminError(w, err)
			return
		}
		s.connectionResponse(w, id)
	}
}

func (s *Server) adminCompleteLink(w http.ResponseWriter, r *http.Request) {
	u, id, err := s.CompleteLink(r.PathValue("clientSecret"))
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"redirect": u.String(), "connectionId": id})
}

func (s *Server) adminCancelLink(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Step string `json:"step"`
	}
	if !readJSON(w, r, &body, true) {
		return
	}
	u, err := s.CancelLinkAt(r.PathValue("clientSecret"), body.Step)
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"redirect": u.String()})
}

func (s *Server) adminFailLink(w http.ResponseWriter, r *http.Request) {
	var body struct {
		ErrorCode string `json:"errorCode"`
		Step      string `json:"step"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.ErrorCode == "" {
		badRequest(w, "errorCode is required")
		return
	}
	u, err := s.FailLink(r.PathValue("clientSecret"), body.ErrorCode, body.Step)
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"redirect": u.String()})
}

func (s *Server) adminEmit(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.Type == "" {
		badRequest(w, "type is required")
		return
	}
	if len(body.Data) == 0 {
		body.Data = json.RawMessage("{}")
	}
	id, err := s.Emit(body.Type, body.Data)
	if err != nil {
		adminError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id})
}

type adminAttempt struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error,omitempty"`
	Time       string `json:"time"`
}

type adminDelivery struct {
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	ConnectionID string          `json:"connectionId,omitempty"`
	Payload      json.RawMessage `json:"payload"`
	Envelope     WebhookEnvelope `json:"envelope"`
	Attempts     []adminAttempt  `json:"attempts"`
	Delivered    bool            `json:"delivered"`
}

func (s *Server) adminDeliveries(w http.ResponseWriter, r *http.Request) {
	since, ok := adminMark(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	next := len(s.hooks.done)
	ds := cloneDeliveries(s.hooks.done[min(since, next):])
	s.mu.Unlock()
	out := make([]adminDelivery, 0, len(ds))
	for _, d := range ds {
		a := adminDelivery{ID: d.ID, Type: d.Type, ConnectionID: d.ConnectionID, Payload: d.Payload, Envelope: d.Envelope, Delivered: d.Delivered}
		for _, at := range d.Attempts {
			a.Attempts = append(a.Attempts, adminAttempt{StatusCode: at.StatusCode, Error: at.Err, Time: at.Time.UTC().Format(time.RFC3339Nano)})
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": out, "next": next})
}

func (s *Server) adminFailDeliveries(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Attempts int        `json:"attempts"`
		Until    *time.Time `json:"until"`
		Status   int        `json:"status"`
		Send     bool       `json:"send"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.Attempts < 0 || (body.Status != 0 && (body.Status < 100 || body.Status > 599)) {
		badRequest(w, "attempts must be at least 0 and status a valid HTTP status")
		return
	}
	f := DeliveryFault{Attempts: body.Attempts, Status: body.Status, Send: body.Send}
	if body.Until != nil {
		f.Until = *body.Until
	}
	s.FailDeliveries(f)
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

func (s *Server) adminInject(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Method       string `json:"method"`
		Path         string `json:"path"`
		ConnectionID string `json:"connectionId"`
		Times        int    `json:"times"`
		Status       int    `json:"status"`
		Code         string `json:"code"`
		Message      string `json:"message"`
		RetryAfterMS int64  `json:"retryAfterMs"`
		DelayMS      int64  `json:"delayMs"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	switch {
	case body.Status != 0 && (body.Status < 400 || body.Status > 599):
		badRequest(w, "status must be an error status (400-599) or 0")
		return
	case body.Status == 0 && body.DelayMS <= 0:
		badRequest(w, "a fault needs a status or a delayMs")
		return
	case body.Times < 0 || body.RetryAfterMS < 0 || body.DelayMS < 0:
		badRequest(w, "times, retryAfterMs and delayMs must not be negative")
		return
	}
	s.Inject(Fault{
		Method: body.Method, Path: body.Path, ConnectionID: body.ConnectionID, Times: body.Times,
		Status: body.Status, Code: body.Code, Message: body.Message,
		RetryAfter: time.Duration(body.RetryAfterMS) * time.Millisecond,
		Delay:      time.Duration(body.DelayMS) * time.Millisecond,
	})
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

func (s *Server) adminWebhookURL(w http.ResponseWriter, r *http.Request) {
	var body struct {
		URL string `json:"url"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	s.SetWebhookURL(body.URL)
	writeJSON(w, http.StatusOK, map[string]any{"url": body.URL})
}

func (s *Server) adminReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}
