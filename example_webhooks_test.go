package ofauth_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// A recorded connection.created delivery (ofauth-api.md, example S1).
const (
	exampleSecret = "whsec_b2ZhdXRoLXNkay10ZXN0LWtleS0wMTIzNDU2Nzg5QUI="
	exampleBody   = `{"eventType":"connection.created","live":false,"data":{"connection":{"id":"conn_abc123","platformUserId":"123456789","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"permissions":["profile:read","posts:read"]},"clientReferenceId":"user_456"}}`
)

func ExampleNewWebhookVerifier() {
	v, err := ofauth.NewWebhookVerifier(exampleSecret, // in production: os.Getenv("OFAUTH_WEBHOOK_SECRET")
		// While rotating, deliveries signed with the previous secret still verify.
		ofauth.WithAdditionalSecrets("whsec_b2xkLW9mYXV0aC1rZXktZm9yLXJvdGF0aW9uLTAwMDE="),
		// Only to replay this recorded delivery: the real clock is the default.
		ofauth.WithClock(func() time.Time { return time.Unix(1735689600, 0) }),
	)
	if err != nil {
		log.Fatal(err)
	}

	h := http.Header{}
	h.Set("svix-id", "msg_2vXk7Yt0ofauthTest01")
	h.Set("svix-timestamp", "1735689600")
	h.Set("svix-signature", "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw=")

	e, err := v.Verify([]byte(exampleBody), h) // the body exactly as received
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.ID, e.Type, "live:", e.Live)

	c, err := e.Connection()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Connection.ID, c.Connection.Status, c.Connection.UserData.Username, c.ClientReferenceID)
	// Output:
	// msg_2vXk7Yt0ofauthTest01 connection.created live: false
	// conn_abc123 active janedoe user_456
}

func ExampleWebhookVerifier_Verify() {
	v, err := ofauth.NewWebhookVerifier("ofauth_whsec_test_secret_123",
		ofauth.WithClock(func() time.Time { return time.Unix(1735689600, 0) }))
	if err != nil {
		log.Fatal(err)
	}
	body := `{"type":"connection.expired","timestamp":"2025-01-01T00:00:00Z","data":{"connection":{"id":"conn_abc123","status":"expired"}}}`
	h, err := ofauthtest.SignOFAuth("ofauth_whsec_test_secret_123", time.Unix(1735689600, 0), []byte(body))
	if err != nil {
		log.Fatal(err)
	}

	e, err := v.Verify([]byte(body), h)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type, e.Timestamp.Format(time.RFC3339))

	// A body changed after signing fails; errors.Is tells why.
	_, err = v.Verify([]byte(strings.Replace(body, "expired", "active", 2)), h)
	fmt.Println(errors.Is(err, ofauth.ErrWebhookInvalidSignature))
	// Output:
	// connection.expired 2025-01-01T00:00:00Z
	// true
}

func ExampleNewWebhookHandler() {
	secret := ofauthtest.NewWebhookSecret() // in production: os.Getenv("OFAUTH_WEBHOOK_SECRET")
	v, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}

	router := ofauth.NewWebhookRouter().
		On(ofauth.EventConnectionCreated, func(ctx context.Context, e *ofauth.WebhookEvent) error {
			c, err := e.Connection()
			if err != nil {
				return err
			}
			fmt.Println("store", c.Connection.ID, "for", c.ClientReferenceID)
			return nil
		}).
		On("realtime.*", func(ctx context.Context, e *ofauth.WebhookEvent) error {
			fmt.Println("realtime event", e.Type)
			return nil
		})

	// In a server: http.Handle("POST /webhooks/ofauth", handler)
	handler := ofauth.NewWebhookHandler(v, router.Handle)

	deliver := func(id, body string) {
		r, err := ofauthtest.NewSignedRequest(secret, id, time.Now(), []byte(body))
		if err != nil {
			log.Fatal(err)
		}
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	deliver("msg_1", exampleBody)
	deliver("msg_1", exampleBody) // a redelivery: acknowledged, not handled twice
	deliver("msg_2", `{"type":"realtime.chat_message.received","data":{"environment":"live"}}`)
	deliver("msg_3", `{"type":"some.future.event","data":{}}`) // no route: acknowledged

	w := httptest.NewRecorder()
	handler.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/webhooks/ofauth", strings.NewReader(exampleBody)))
	fmt.Println(w.Code, "unsigned")
	// Output:
	// store conn_abc123 for user_456
	// 200 {"received":true}
	// 200 {"received":true,"duplicate":true}
	// realtime event realtime.chat_message.received
	// 200 {"received":true}
	// 200 {"received":true}
	// 401 unsigned
}
