package ofauthtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// A test connects a creator through Link without a browser and calls the
// Access API with the new connection.
func Example() {
	srv := ofauthtest.NewServer()
	defer srv.Close()

	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	sess, err := client.Link.Init(ctx, &ofauth.LinkInitParams{
		RedirectURL:       "https://app.example/ofauth/callback",
		ClientReferenceID: "user_42",
	})
	if err != nil {
		log.Fatal(err)
	}
	// What the creator's browser would do on the hosted page.
	redirect, _, err := srv.CompleteLink(sess.URL)
	if err != nil {
		log.Fatal(err)
	}
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cb.Status, cb.ClientReferenceID)

	var fans struct {
		List    []struct{ Username string } `json:"list"`
		HasMore bool                        `json:"hasMore"`
	}
	a := client.Access.WithConnection(cb.ConnectionID)
	if err := a.Do(ctx, http.MethodGet, "/subscribers?limit=10", nil, &fans); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(fans.List), fans.HasMore)
	// Output:
	// success user_42
	// 10 true
}

// Expiring a connection makes its next Access call fail the way an ended
// OnlyFans session does.
func ExampleServer_ExpireConnection() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	conn := srv.AddConnection("user_42")

	if err := srv.ExpireConnection(conn.ID); err != nil {
		log.Fatal(err)
	}
	err := client.Access.WithConnection(conn.ID).Do(context.Background(), http.MethodGet, "/self", nil, nil)
	fmt.Println(ofauth.NeedsReauth(err), errors.Is(err, ofauth.ErrSessionExpired))
	// Output: true true
}

// Injected faults exercise retries: the SDK retries the 503s and succeeds.
func ExampleServer_FailNext() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL),
		ofauth.WithRetryWait(time.Millisecond, 10*time.Millisecond))

	srv.FailNext(2, http.StatusServiceUnavailable)
	_, err := client.Account.Whoami(context.Background())
	fmt.Println(err, len(srv.Requests()))
	// Output: <nil> 3
}

// Webhooks are signed with the server's secret and recorded, so a test
// can wait for them instead of sleeping.
func ExampleServer_WaitForDeliveries() {
	// Your webhook endpoint; here one that accepts everything.
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer receiver.Close()
	srv := ofauthtest.NewServer(ofauthtest.WithWebhookURL(receiver.URL))
	defer srv.Close()

	srv.AddConnection("user_42")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	deliveries, err := srv.WaitForDeliveries(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(deliveries[0].Type, deliveries[0].Delivered, deliveries[0].Attempts[0].StatusCode)
	// Output: connection.created true 200
}
