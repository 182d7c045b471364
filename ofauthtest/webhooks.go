package ofauthtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
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
	ID           string // the svix-id header, the same on every attempt
	Type         string // the event type, e.g. "connection.created"
	ConnectionID string
	Payload      []byte // the body exactly as sent
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
	body            []byte
}

// webhookState is the delivery queue; guarded by Server.mu except for the
// channels, which never change.
type webhookState struct {
	url     string
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
	for {
		s.mu.Lock()
		done, changed := s.hooks.done, s.hooks.changed
		if len(done) >= n {
			out := cloneDeliveries(done)
			s.mu.Unlock()
			return out, nil
		}
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return s.Deliveries(), ctx.Err()
		case <-s.ctx.Done():
			return s.Deliveries(), http.ErrServerClosed
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

// The webhook envelope of OFAuth's SDKs: {eventType, live, data}.
type eventEnvelope struct {
	EventType string    `json:"eventType"`
	Live      bool      `json:"live"`
	Data      eventData `json:"data"`
}

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

// queueConnectionEventLocked queues a connection.* event for c as it is
// now. expired and disconnected events carry the connection's id and
// status only, as OFAuth's do.
func (s *Server) queueConnectionEventLocked(typ string, c *connection) {
	conn := eventConnection{ID: c.ID, PlatformUserID: c.User.ID, Status: c.Status}
	if typ == eventConnectionCreated || typ == eventConnectionUpdated {
		conn.UserData = &eventUser{UserID: c.User.ID, Name: c.User.Name, Username: c.User.Username, Avatar: strPtr(c.User.Avatar)}
		conn.Permissions = append([]string(nil), c.Permissions...)
	}
	body, _ := json.Marshal(eventEnvelope{
		EventType: typ,
		Data:      eventData{Connection: conn, ClientReferenceID: strPtr(c.ClientReferenceID)},
	})
	s.hooks.queue = append(s.hooks.queue, &pendingEvent{id: randomID("msg_", 27), typ: typ, connID: c.ID, body: body})
	s.wakeDeliveries()
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
	d := Delivery{ID: ev.id, Type: ev.typ, ConnectionID: ev.connID, Payload: ev.body}
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
	h, err := SignSvix(s.secret, ev.id, at, ev.body)
	if err != nil {
		a.Err = err.Error()
		return a
	}
	ctx, cancel := context.WithTimeout(s.ctx, webhookAttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(ev.body))
	if err != nil {
		a.Err = err.Error()
		return a
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ofauthtest-webhooks/1.0")
	resp, err := s.hookHTTP.Do(req)
	if err != nil {
		a.Err = err.Error()
		return a
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // drained so the connection is reused
	_ = resp.Body.Close()
	a.StatusCode = resp.StatusCode
	return a
}
