package ofauthtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/jarcoal/httpmock"

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

// A Link session can end in an error; the app's callback then sees
// status=error with the code.
func ExampleServer_FailLink() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	sess, err := client.Link.Init(context.Background(), &ofauth.LinkInitParams{
		RedirectURL: "https://app.example/callback", ClientReferenceID: "user_42",
	})
	if err != nil {
		log.Fatal(err)
	}

	redirect, err := srv.FailLink(sess.URL, "account_locked", ofauthtest.LinkStepLogin)
	if err != nil {
		log.Fatal(err)
	}
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cb.Status == ofauth.LinkFailed, cb.ErrorCode, cb.ClientReferenceID)
	// Output: true account_locked user_42
}

// Any event type can be sent, signed like OFAuth's, and waited for by id.
func ExampleServer_Emit() {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer receiver.Close()
	srv := ofauthtest.NewServer(ofauthtest.WithWebhookURL(receiver.URL))
	defer srv.Close()

	id, err := srv.Emit("rules.updated", map[string]any{"revision": "202611301200-abc"})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, err := srv.WaitForDelivery(ctx, func(d ofauthtest.Delivery) bool { return d.ID == id })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Type, d.Delivered, string(d.Payload))
	// Output: rules.updated true {"eventType":"rules.updated","live":false,"data":{"revision":"202611301200-abc"}}
}

// Failing delivery attempts shows how a receiver copes with redelivery;
// a mark makes the wait count only what came after it.
func ExampleServer_FailDeliveries() {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer receiver.Close()
	srv := ofauthtest.NewServer(ofauthtest.WithWebhookURL(receiver.URL))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn := srv.AddConnection("user_42")
	if _, err := srv.WaitForDeliveries(ctx, 1); err != nil { // connection.created
		log.Fatal(err)
	}

	srv.FailDeliveries(ofauthtest.DeliveryFault{Attempts: 2})
	mark := srv.DeliveryMark()
	if err := srv.ExpireConnection(conn.ID); err != nil {
		log.Fatal(err)
	}
	ds, err := srv.WaitForDeliveriesSince(ctx, mark, 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range ds[0].Attempts {
		fmt.Println(ds[0].Type, a.StatusCode)
	}
	// Output:
	// connection.expired 503
	// connection.expired 503
	// connection.expired 200
}

// A connection without a permission gets 403 on the endpoints needing it.
func ExampleServer_RevokePermission() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	conn := srv.AddConnection("")

	if err := srv.RevokePermission(conn.ID, "posts:read"); err != nil {
		log.Fatal(err)
	}
	err := client.Access.WithConnection(conn.ID).Do(context.Background(), http.MethodGet, "/posts", nil, nil)
	fmt.Println(errors.Is(err, ofauth.ErrForbidden))
	// Output: true
}

// Fixture gives a route's realistic body, e.g. to serve from another mock.
func ExampleFixture() {
	body, err := ofauthtest.Fixture(http.MethodGet, "/v2/account/whoami")
	if err != nil {
		log.Fatal(err)
	}
	var me struct{ Name string }
	if err := json.Unmarshal(body, &me); err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name)
	// Output: Sandbox Organization
}

// A server can listen where the caller wants, like httptest's unstarted
// servers.
func ExampleNewUnstartedServer() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	srv := ofauthtest.NewUnstartedServer(ofauthtest.WithAPIKey("sk_sandbox_local_dev_key"))
	srv.Start(l)
	defer srv.Close()
	fmt.Println(srv.URL == "http://"+l.Addr().String(), srv.APIKey)
	// Output: true sk_sandbox_local_dev_key
}

// Responder plugs the fake's answers into an httpmock transport: only
// the responses a test cares about need writing by hand.
func ExampleResponder() {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(ofauthtest.Responder()) //nolint:bodyclose // a responder makes responses for the client to close
	client, err := ofauth.NewClient("sk_test", ofauth.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		log.Fatal(err)
	}

	// Any connection id is a connected creator with generated data.
	fans, err := client.Access.WithConnection("conn_1").Subscribers.List(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(fans.Items), fans.HasMore)
	// Output: 10 true
}
