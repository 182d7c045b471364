package ofauthtest_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// A server that sends the docs' envelope with OFAuth-Signature only, to
// test a handler against the format OFAuth's docs describe.
func ExampleWithWebhookEnvelope() {
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}
	got := make(chan *ofauth.WebhookEvent, 1)
	receiver := httptest.NewServer(v.Handler(func(_ context.Context, e *ofauth.WebhookEvent) error {
		got <- e
		return nil
	}))
	defer receiver.Close()

	srv := ofauthtest.NewServer(ofauthtest.WithWebhookSecret(secret), ofauthtest.WithWebhookURL(receiver.URL),
		ofauthtest.WithWebhookEnvelope(ofauthtest.WebhookEnvelopeDocs),
		ofauthtest.WithWebhookScheme(ofauthtest.WebhookSchemeOFAuth))
	defer srv.Close()
	if _, err := srv.Emit("rules.updated", map[string]any{"revision": "r7"}); err != nil {
		log.Fatal(err)
	}
	select {
	case e := <-got:
		rules, err := e.Rules()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(e.Type, rules.Revision)
	case <-time.After(5 * time.Second):
		log.Fatal("no webhook")
	}
	// Output: rules.updated r7
}

// Building and signing a delivery by hand, as the server does.
func ExampleSignDelivery() {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	body, err := ofauthtest.EncodeEvent(ofauthtest.WebhookEnvelopeDocs, ofauthtest.Event{
		Type: "connection.expired",
		Data: map[string]any{"connection": map[string]string{"id": "conn_abc123", "status": "expired"}},
		Time: at,
	})
	if err != nil {
		log.Fatal(err)
	}
	h, err := ofauthtest.SignDelivery("ofauth_whsec_test_secret_123", "msg_1", at, body,
		ofauthtest.WebhookSchemeStandard, ofauthtest.WebhookSchemeOFAuth)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(body))
	fmt.Println("webhook-id:", h.Get("webhook-id"))
	fmt.Println("OFAuth-Signature:", h.Get("OFAuth-Signature"))
	// Output:
	// {"type":"connection.expired","timestamp":"2025-01-01T00:00:00.000Z","data":{"connection":{"id":"conn_abc123","status":"expired"}}}
	// webhook-id: msg_1
	// OFAuth-Signature: t=1735689600,v1=bb79c1f342aafebb05aaa826a300fcb9c58412023dcae2711f5579a526a15a33
}
