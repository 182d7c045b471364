package ofauth_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"strings"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

func ExampleNewClient() {
	srv := ofauthtest.NewServer() // in production: the real API, and your key from the environment
	defer srv.Close()

	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithUserAgent("myapp/1.0"))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Account.Whoami(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name)
	// Output: Sandbox Organization
}

func ExampleNewClient_missingKey() {
	_, err := ofauth.NewClient("")
	fmt.Println(errors.Is(err, ofauth.ErrMissingAPIKey))
	// Output: true
}

func ExampleLinkService_Init() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	ctx := context.Background()

	session, err := client.Link.Init(ctx, &ofauth.LinkInitParams{
		RedirectURL:       "https://app.example.com/ofauth/callback",
		ClientReferenceID: "user_42",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(session.Mode, strings.HasPrefix(session.ClientSecret, "cs_"))

	// The creator signs in on session.URL; the fake server can do it for them.
	redirect, _, err := srv.CompleteLink(session.URL)
	if err != nil {
		log.Fatal(err)
	}
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cb.Status, cb.ClientReferenceID, strings.HasPrefix(cb.ConnectionID, "conn_"))
	// Output:
	// hosted true
	// success user_42 true
}

func ExampleParseLinkCallback() {
	q, _ := url.ParseQuery("status=cancelled&step=2fa&client_reference_id=user_42")
	cb, err := ofauth.ParseLinkCallback(q)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cb.Status, cb.Step, cb.ClientReferenceID)

	_, err = ofauth.ParseLinkCallback(url.Values{"status": {"success"}})
	fmt.Println(errors.Is(err, ofauth.ErrInvalidCallback))
	// Output:
	// cancelled 2fa user_42
	// true
}

func ExampleConnectionsService_All() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	for _, ref := range []string{"user_1", "user_2", "user_3"} {
		srv.AddConnection(ref)
	}
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))

	n := 0
	for conn, err := range client.Connections.All(context.Background(), &ofauth.ConnectionListParams{Status: ofauth.ConnectionActive, Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		_ = conn.ID // store or reconcile
	}
	fmt.Println(n, "active connections")
	// Output: 3 active connections
}

func ExampleNeedsReauth() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	conn := srv.AddConnection("user_42")
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	ctx := context.Background()

	if err := srv.ExpireConnection(conn.ID); err != nil { // the creator's OnlyFans session ends
		log.Fatal(err)
	}
	_, err := client.Access.WithConnection(conn.ID).Self.Get(ctx)
	if ofauth.NeedsReauth(err) {
		// Send the creator through Link again for the same connection.
		session, err := client.Link.Init(ctx, &ofauth.LinkInitParams{ConnectionID: conn.ID})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("reconnect at a", session.Mode, "Link page")
	}
	var apiErr *ofauth.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.ActionRequired)
	}
	// Output:
	// reconnect at a hosted Link page
	// 401 SESSION_EXPIRED refresh_session
}

func ExampleWithAttemptHook() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	srv.FailNext(1, 503)
	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL),
		ofauth.WithRetryWait(0, 0),
		ofauth.WithAttemptHook(func(a ofauth.Attempt) {
			fmt.Println(a.Method, a.Route, "attempt", a.Attempt, "status", a.StatusCode)
		}))
	if _, err := client.Account.Whoami(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// GET /v2/account/whoami attempt 1 status 503
	// GET /v2/account/whoami attempt 2 status 200
}
