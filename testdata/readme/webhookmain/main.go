package main

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/ofauth-go/ofauth"
)

func main() {
	v, err := ofauth.NewWebhookVerifier(os.Getenv("OFAUTH_WEBHOOK_SECRET")) // "whsec_…"
	if err != nil {
		log.Fatal(err) // an empty or malformed secret fails here, not at the first delivery
	}

	router := ofauth.NewWebhookRouter().
		On(ofauth.EventConnectionCreated, func(ctx context.Context, e *ofauth.WebhookEvent) error {
			c, err := e.Connection()
			if err != nil {
				return err
			}
			// Store c.Connection.ID for the user c.ClientReferenceID points to.
			return saveConnection(ctx, c.ClientReferenceID, c.Connection)
		}).
		On(ofauth.EventConnectionExpired, func(ctx context.Context, e *ofauth.WebhookEvent) error {
			c, err := e.Connection()
			if err != nil {
				return err
			}
			return askToReconnect(ctx, c.Connection.ID)
		}).
		On("realtime.*", func(ctx context.Context, e *ofauth.WebhookEvent) error {
			rt, err := e.Realtime()
			if err != nil {
				return err
			}
			return enqueue(ctx, rt.ConnectionID, rt.Type, rt.Body) // answer fast: OFAuth waits 10 s
		})
	// Types without a route are acknowledged and ignored; router.Default catches them instead.

	http.Handle("POST /webhooks/ofauth", ofauth.NewWebhookHandler(v, router.Handle))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
