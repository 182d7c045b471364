package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ofauth-go/ofauth"
)

// webhookHandler verifies OFAuth's signed deliveries and hands them to
// handleEvent. The SDK's handler answers 4xx for a bad signature, 5xx when
// handleEvent fails (so OFAuth redelivers) and acknowledges a redelivered
// event it already processed.
func (a *app) webhookHandler(v *ofauth.WebhookVerifier) http.Handler {
	if v == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "webhooks are not configured: set OFAUTH_WEBHOOK_SECRET", http.StatusServiceUnavailable)
		})
	}
	return v.Handler(a.handleEvent, a.webhookOpts...)
}

// handleEvent applies a verified event to the store: connections are
// stored on connection.created and connection.updated, marked expired on
// connection.expired (the record stays, so it can be reconnected) and
// removed on connection.disconnected. Every event is logged and listed.
func (a *app) handleEvent(ctx context.Context, e *ofauth.WebhookEvent) error {
	connID, err := a.applyEvent(ctx, e)
	if err != nil {
		return err
	}
	a.log.InfoContext(ctx, "webhook processed", "type", e.Type, "event", e.ID, "connection", connID)
	return a.store.RecordEvent(ctx, Event{ID: e.ID, Type: e.Type, ConnectionID: connID})
}

// applyEvent changes the store for one event and returns the connection id
// it concerned, if any.
func (a *app) applyEvent(ctx context.Context, e *ofauth.WebhookEvent) (string, error) {
	switch e.Type {
	case ofauth.EventConnectionCreated, ofauth.EventConnectionUpdated,
		ofauth.EventConnectionExpired, ofauth.EventConnectionDisconnected:
	default:
		return "", nil
	}
	ce, err := e.Connection()
	if err != nil {
		// A payload we cannot read will not get better on redelivery, but
		// failing makes it visible in OFAuth's delivery log.
		return "", fmt.Errorf("webhook %s: %w", e.Type, err)
	}
	c := ce.Connection
	if c.ID == "" {
		return "", fmt.Errorf("webhook %s without a connection id", e.Type)
	}
	switch e.Type {
	case ofauth.EventConnectionExpired:
		return c.ID, a.store.Upsert(ctx, Connection{ID: c.ID, Status: ofauth.ConnectionExpired})
	case ofauth.EventConnectionDisconnected:
		return c.ID, a.store.Delete(ctx, c.ID)
	}
	status := c.Status
	if status == "" {
		status = ofauth.ConnectionActive
	}
	return c.ID, a.store.Upsert(ctx, Connection{
		ID:                c.ID,
		Status:            status,
		Username:          c.UserData.Username,
		Name:              c.UserData.Name,
		ClientReferenceID: ce.ClientReferenceID,
	})
}
