package ofauthtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Connection event types.
const (
	eventConnectionCreated      = "connection.created"
	eventConnectionUpdated      = "connection.updated"
	eventConnectionExpired      = "connection.expired"
	eventConnectionDisconnected = "connection.disconnected"
)

// webhookAttemptTimeout bounds one delivery attempt, as OFAuth's 10 s.
const webhookAttemptTimeout = 10 * time.Second

// Delivery is the record of one webhook event: what was sent and how each
// attempt went.
type Delivery struct {
	// ID is the message id, the same on every attempt: the svix-id (or
	// webhook-id) header; OFAuth-Signature alone sends no id.
	ID           string
	Type         string // the event type, e.g. "connection.created"
	ConnectionID string
	Payload      []byte          // the body exactly as sent
	Envelope     WebhookEnvelope // the shape of Payload (WithWebhookEnvelope)
	Attempts     []DeliveryAttempt
	Delivered    bool // an attempt got a 2xx answer
}

// DeliveryAttempt is one POST of a webhook event.
type DeliveryAttempt struct {
	StatusCode int    // 0 when no response arrived
	Err        string // the transport error, if any
	Time       time.Time
}

type pendingEvent struct {
	id, typ, connID string
	env             WebhookEnvelope
	body            []byte
	err             error // the event cannot be sent: the failure to record
}

// webhookState is the delivery queue; guarded by Server.mu except for the
// channels, which never change.
type webhookState struct {
	url     string
	fault   DeliveryFault // the attempts to fail; zero: none
	queue   []*pendingEvent
	done    []Delivery
	wake    chan struct{} // capacity 1: a signal for the worker
	changed chan struct{} // closed and replaced whenever done grows
}

func newWebhookState(url string) webhookState {
	return webhookState{url: url, wake: make(chan struct{}, 1), changed: make(chan struct{})}
}

// SetWebhookURL sets where events are POSTed, for receivers started after
// the server; events queued while there was no URL go out now. An empty
// URL pauses delivery.
func (s *Server) SetWebhookURL(u string) {
	s.mu.Lock()
	s.hooks.url = u
	s.mu.Unlock()
	s.wakeDeliveries()
}

func (s *Server) wakeDeliveries() {
	select {
	case s.hooks.wake <- struct{}{}:
	default:
	}
}

// Deliveries returns the events whose delivery has finished, delivered or
// given up on, in the order they were sent. Events still queued or being
// retried are not included.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneDeliveries(s.hooks.done)
}

// WaitForDeliveries waits until at least n deliveries have finished and
// returns them all, as Deliveries does. It returns early with what has
// finished so far and an error when ctx ends or the server is closed.
//
//	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//	defer cancel()
//	ds, err := srv.WaitForDeliveries(ctx, 1)
func (s *Server) WaitForDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	return s.WaitForDeliveriesSince(ctx, 0, n)
}

// DeliveryMark returns a mark in the delivery log for DeliveriesSince and
// WaitForDeliveriesSince: the number of deliveries finished so far. Take
// it before the action whose events a test waits for.
func (s *Server) DeliveryMark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hooks.done)
}

// DeliveriesSince returns the deliveries finished after mark (from
// DeliveryMark), in the order they were sent.
func (s *Server) DeliveriesSince(mark int) []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneDeliveries(s.hooks.done[min(max(mark, 0), len(s.hooks.done)):])
}

// WaitForDeliveriesSince waits until at least n deliveries have finished
// after mark (from DeliveryMark) and returns those, so a test need not
// count what earlier steps sent:
//
//	mark := srv.DeliveryMark()
//	_ = srv.ExpireConnection(id)
//	ds, err := srv.WaitForDeliveriesSince(ctx, mark, 1) // connection.expired
//
// It returns early with what has finished so far and an error when ctx
// ends or the server is closed.
func (s *Server) WaitForDeliveriesSince(ctx context.Context, mark, n int) ([]Delivery, error) {
	mark = max(mark, 0)
	var out []Delivery
	err := s.waitDeliveries(ctx, func(done []Delivery) bool {
		if len(done)-min(mark, len(done)) < n {
			return false
		}
		out = cloneDeliveries(done[mark:])
		return true
	})
	if err != nil {
		return s.DeliveriesSince(mark), err
	}
	return out, nil
}

// WaitForDelivery waits until a finished delivery satisfies match, old
// ones included, and returns the first that does, e.g. the delivery of an
// event Emit queued:
//
//	id, _ := srv.Emit("rules.updated", data)
//	d, err := srv.WaitForDelivery(ctx, func(d ofauthtest.Delivery) bool { return d.ID == id })
//
// match runs with the server's lock held: it must not call the Server.
// It returns an error when ctx ends or the server is closed first.
func (s *Server) WaitForDelivery(ctx context.Context, match func(Delivery) bool) (Delivery, error) {
	if match == nil {
		return Delivery{}, errors.New("ofauthtest: WaitForDelivery needs a match function")
	}
	var found Delivery
	err := s.waitDeliveries(ctx, func(done []Delivery) bool {
		for _, d := range done {
			if match(d) {
				found = cloneDeliveries([]Delivery{d})[0]
				return true
			}
		}
		return false
	})
	return found, err
}

// waitDeliveries calls ready with the finished deliveries, under the lock,
// each time the list grows, until it reports true.
func (s *Server) waitDeliveries(ctx context.Context, ready func([]Delivery) bool) error {
	for {
		s.mu.Lock()
		ok, changed := ready(s.hooks.done), s.hooks.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return http.ErrServerClosed
		}
	}
}

func cloneDeliveries(ds []Delivery) []Delivery {
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		d.Payload = slices.Clone(d.Payload)
		d.Attempts = slices.Clone(d.Attempts)
		out[i] = d
	}
	return out
}

// The data of a connection event in WebhookEnvelopeSDK.
type eventData struct {
	Connection        eventConnection `json:"connection"`
	ClientReferenceID *string         `json:"clientReferenceId"`
}

type eventConnection struct {
	ID             string     `json:"id"`
	PlatformUserID string     `json:"platformUserId"`
	Status         string     `json:"status"`
	UserData       *eventUser `json:"userData,omitempty"`
	Permissions    []string   `json:"permissions,omitempty"`
}

type eventUser struct {
	UserID   string  `json:"userId"`
	Name     string  `json:"name"`
	Username string  `json:"username"`
	Avatar   *string `json:"avatar"`
}

// The data of a connection event in WebhookEnvelopeDocs, members in the
// docs' order: no platformUserId, and the user's id as userData.id.
type docsEventData struct {
	ClientReferenceID *string             `json:"clientReferenceId"`
	Connection        docsEventConnection `json:"connection"`
}

type docsEventConnection struct {
	ID          string         `json:"id"`
	Status      string         `json:"status"`
	Permissions []string       `json:"permissions,omitempty"`
	UserData    *docsEventUser `json:"userData,omitempty"`
}

type docsEventUser struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Username string  `json:"username"`
	Avatar   *string `json:"avatar"`
}

// queueConnectionEventLocked queues a connection.* event for c as it is
// now. expired and disconnected events carry the connection's id and
// status only, as OFAuth's do.
func (s *Server) queueConnectionEventLocked(typ string, c *connection) {
	full := typ == eventConnectionCreated || typ == eventConnectionUpdated
	s.enqueueLocked(s.newEvent(typ, c.ID, connectionEventData(s.webhookEnvelope(), full, c)))
}

// connectionEventData is the data of a connection event for c in env;
// full adds the user and the permissions.
func connectionEventData(env WebhookEnvelope, full bool, c *connection) any {
	if env == WebhookEnvelopeDocs {
		conn := docsEventConnection{ID: c.ID, Status: c.Status}
		if full {
			conn.UserData = &docsEventUser{ID: c.User.ID, Name: c.User.Name, Username: c.User.Username, Avatar: strPtr(c.User.Avatar)}
			conn.Permissions = append([]string(nil), c.Permissions...)
		}
		return docsEventData{ClientReferenceID: strPtr(c.ClientReferenceID), Connection: conn}
	}
	conn := eventConnection{ID: c.ID, PlatformUserID: c.User.ID, Status: c.Status}
	if full {
		conn.UserData = &eventUser{UserID: c.User.ID, Name: c.User.Name, Username: c.User.Username, Avatar: strPtr(c.User.Avatar)}
		conn.Permissions = append([]string(nil), c.Permissions...)
	}
	return eventData{Connection: conn, ClientReferenceID: strPtr(c.ClientReferenceID)}
}

// webhookEnvelope is the envelope the server's events are sent in.
func (s *Server) webhookEnvelope() WebhookEnvelope {
	if s.cfg.webhookEnvelope == "" {
		return WebhookEnvelopeSDK
	}
	return s.cfg.webhookEnvelope
}

// newEvent encodes an event in the server's envelope, timestamped by its
// clock. An envelope or scheme the server cannot use is kept as the
// event's error, so its delivery records the failure.
func (s *Server) newEvent(typ, connID string, data any) *pendingEvent {
	ev := &pendingEvent{id: randomID("msg_", 27), typ: typ, connID: connID, env: s.webhookEnvelope()}
	ev.body, ev.err = EncodeEvent(ev.env, Event{Type: typ, Data: data, Time: s.now()})
	if ev.err == nil {
		_, ev.err = expandSchemes(s.cfg.webhookSchemes)
	}
	return ev
}

// enqueueLocked queues ev for the sender, which it wakes.
func (s *Server) enqueueLocked(ev *pendingEvent) {
	if s.cfg.inProcess {
		return
	}
	s.hooks.queue = append(s.hooks.queue, ev)
	s.wakeDeliveries()
}

// Emit queues an event of any type with data as its payload's data (a
// value encoding/json can marshal, or json.RawMessage), in the server's
// envelope (WithWebhookEnvelope), signed and delivered like OFAuth's
// connection events. It returns the delivery id (the svix-id) to find it
// with WaitForDelivery. A data.connection.id, when present, is the
// Delivery's ConnectionID. An event that cannot be encoded, or a scheme
// or envelope the server does not know, is an error.
//
//	srv.Emit("rules.updated", map[string]any{"revision": "202611301200-abc", "rules": rules})
func (s *Server) Emit(eventType string, data any) (string, error) {
	if strings.TrimSpace(eventType) == "" {
		return "", errors.New("ofauthtest: Emit needs an event type")
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("ofauthtest: encoding the event data: %w", err)
	}
	var probe struct {
		Connection struct {
			ID string `json:"id"`
		} `json:"connection"`
	}
	_ = json.Unmarshal(raw, &probe) // data need not be an object
	ev := s.newEvent(eventType, probe.Connection.ID, json.RawMessage(raw))
	if ev.err != nil {
		return "", ev.err
	}
	s.mu.Lock()
	s.enqueueLocked(ev)
	s.mu.Unlock()
	return ev.id, nil
}

// DeliveryFault makes webhook delivery attempts fail, as a receiver that
// is down or slow would, so OFAuth's redelivery (WithWebhookRetry) can be
// tested. A fault with both Attempts and Until fails attempts while
// either holds.
type DeliveryFault struct {
	// Attempts is how many of the next attempts fail.
	Attempts int
	// Until fails every attempt made before it, on the server's clock
	// (see WithClock).
	Until time.Time
	// Status is the status recorded for a failed attempt; 0 means 503.
	Status int
	// Send still POSTs the failed attempts, and counts them failed
	// whatever the receiver answers, as when its answer is lost: the
	// receiver sees the redelivery of an event it already has (test
	// dedupe with it). Without Send the receiver sees nothing of them.
	Send bool
}

// FailDeliveries makes the next webhook delivery attempts fail as f says,
// replacing any earlier DeliveryFault; the zero DeliveryFault ends it.
// A failed attempt is retried as any other: with WithWebhookRetry's
// backoff, up to its number of attempts per event.
func (s *Server) FailDeliveries(f DeliveryFault) {
	if f.Status == 0 {
		f.Status = http.StatusServiceUnavailable
	}
	s.mu.Lock()
	s.hooks.fault = f
	s.mu.Unlock()
}

// takeDeliveryFault reports whether the attempt made at t fails, and how.
func (s *Server) takeDeliveryFault(t time.Time) (DeliveryFault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &s.hooks.fault
	switch {
	case f.Attempts > 0:
		f.Attempts--
	case t.Before(f.Until):
	default:
		return DeliveryFault{}, false
	}
	return *f, true
}

// deliverLoop sends the queued events one at a time, so they arrive in
// the order they happened, until Close.
func (s *Server) deliverLoop() {
	defer s.workers.Done()
	for {
		s.mu.Lock()
		var ev *pendingEvent
		if len(s.hooks.queue) > 0 && s.hooks.url != "" {
			ev = s.hooks.queue[0]
			s.hooks.queue[0] = nil
			s.hooks.queue = s.hooks.queue[1:]
		}
		s.mu.Unlock()
		if ev == nil {
			select {
			case <-s.hooks.wake:
				continue
			case <-s.ctx.Done():
				return
			}
		}
		d := s.deliver(ev)
		if s.ctx.Err() != nil {
			return // closing: the delivery was cut short, not finished
		}
		s.mu.Lock()
		s.hooks.done = append(s.hooks.done, d)
		close(s.hooks.changed)
		s.hooks.changed = make(chan struct{})
		s.mu.Unlock()
	}
}

// deliver tries ev until an attempt gets a 2xx, with a doubling backoff.
func (s *Server) deliver(ev *pendingEvent) Delivery {
	d := Delivery{ID: ev.id, Type: ev.typ, ConnectionID: ev.connID, Payload: ev.body, Envelope: ev.env}
	if ev.err != nil { // never sent: nothing could be signed
		d.Attempts = []DeliveryAttempt{{Err: ev.err.Error(), Time: s.now()}}
		return d
	}
	wait := s.cfg.webhookRetryWait
	for attempt := 1; attempt <= s.cfg.webhookAttempts; attempt++ {
		if attempt > 1 {
			if !s.sleep(s.ctx, wait) {
				break
			}
			wait *= 2
		}
		a := s.post(ev)
		d.Attempts = append(d.Attempts, a)
		if a.StatusCode >= 200 && a.StatusCode < 300 {
			d.Delivered = true
			break
		}
		if s.ctx.Err() != nil {
			break
		}
	}
	return d
}

// post makes one signed delivery attempt to the current webhook URL.
func (s *Server) post(ev *pendingEvent) DeliveryAttempt {
	s.mu.Lock()
	target := s.hooks.url
	s.mu.Unlock()
	at := s.now()
	a := DeliveryAttempt{Time: at}
	if target == "" {
		a.Err = "no webhook URL"
		return a
	}
	if f, fail := s.takeDeliveryFault(at); fail {
		if f.Send {
			s.send(ev, target, at)
		}
		a.StatusCode, a.Err = f.Status, "failed by FailDeliveries"
		return a
	}
	a.StatusCode, a.Err = s.send(ev, target, at)
	return a
}

// send POSTs ev to target, signed at time at, and returns the answer's
// status or the transport error.
func (s *Server) send(ev *pendingEvent, target string, at time.Time) (int, string) {
	h, err := SignDelivery(s.secret, ev.id, at, ev.body, s.cfg.webhookSchemes...)
	if err != nil {
		return 0, err.Error()
	}
	ctx, cancel := context.WithTimeout(s.ctx, webhookAttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(ev.body))
	if err != nil {
		return 0, err.Error()
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "ofauthtest-webhooks/1.0")
	resp, err := s.hookHTTP.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // drained so the connection is reused
	_ = resp.Body.Close()
	return resp.StatusCode, ""
}
