package ofauth_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// A telemetry system other than OpenTelemetry observes every call through
// WithHooks: the Call hook may put its own span or timer in the context
// the attempts see, and learns each call's outcome.
func ExampleWithHooks() {
	srv := ofauthtest.NewServer()
	defer srv.Close()

	type timerKey struct{}
	hooks := ofauth.Hooks{
		Call: func(ctx context.Context, c ofauth.CallInfo) (context.Context, func(ofauth.CallResult)) {
			ctx = context.WithValue(ctx, timerKey{}, time.Now())
			return ctx, func(r ofauth.CallResult) {
				fmt.Printf("call %s %s: status %d after %d attempt(s), code %q\n", r.Method, r.Route, r.StatusCode, r.Attempts, r.Code)
			}
		},
		Attempt: func(ctx context.Context, a ofauth.Attempt) {
			_, timed := ctx.Value(timerKey{}).(time.Time)
			fmt.Printf("attempt %d of %s: status %d, in the call's context: %v\n", a.Attempt, a.Route, a.StatusCode, timed)
		},
	}
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithHooks(hooks))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Account.Whoami(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// attempt 1 of /v2/account/whoami: status 200, in the call's context: true
	// call GET /v2/account/whoami: status 200 after 1 attempt(s), code ""
}

// WithDeliveryHook reports how the webhook handler answered each delivery.
func ExampleWithDeliveryHook() {
	secret := ofauthtest.NewWebhookSecret()
	verifier, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}
	handler := verifier.Handler(func(context.Context, *ofauth.WebhookEvent) error { return nil },
		ofauth.WithDeliveryHook(func(_ context.Context, d ofauth.WebhookDelivery) {
			fmt.Printf("%s %s: %s (%d)\n", d.EventType, d.EventID, d.Outcome, d.StatusCode)
		}))

	body := []byte(`{"eventType":"connection.created","data":{"connection":{"id":"conn_1"}}}`)
	for range 2 { // a redelivery is acknowledged as a duplicate
		r, err := ofauthtest.NewSignedRequest(secret, "msg_1", time.Now(), body)
		if err != nil {
			log.Fatal(err)
		}
		handler.ServeHTTP(httptest.NewRecorder(), r)
	}
	// Output:
	// connection.created msg_1: handled (200)
	// connection.created msg_1: duplicate (200)
}
