package main

import (
	"context"
	"encoding/json"

	"github.com/ofauth-go/ofauth"
)

// What README.md's webhook endpoint leaves to the application.

func saveConnection(ctx context.Context, userRef string, c ofauth.Connection) error { return nil }

func askToReconnect(ctx context.Context, connectionID string) error { return nil }

func enqueue(ctx context.Context, connectionID, eventType string, body json.RawMessage) error {
	return nil
}
