package ofauth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// The README's snippets, run as written (readme_test.go checks that each
// one appears here verbatim). The functions around them supply what the
// README leaves to the reader, and drive every branch against ofauthtest.

type readmeUser struct{ ID string }

// startLink is the README's Link snippet inside an HTTP handler.
func startLink(w http.ResponseWriter, r *http.Request, client *ofauth.Client, user readmeUser) {
	ctx := r.Context()
	session, err := client.Link.Init(ctx, &ofauth.LinkInitParams{
		ClientAppID:       "app_abc123",                              // optional: which client app
		RedirectURL:       "https://app.example.com/ofauth/callback", // must be an allowed redirect URI
		ClientReferenceID: user.ID,                                   // echoed back in webhooks and the redirect
	})
	if err != nil {
		http.Error(w, "cannot start Link", http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, session.URL, http.StatusSeeOther)
}

type pendingStore struct{}

func (pendingStore) MarkPending(userRef, connID string) {
	fmt.Println("pending:", userRef, strings.HasPrefix(connID, "conn_"))
}

// linkCallback is the README's callback snippet.
func linkCallback(r *http.Request, store pendingStore) {
	cb, err := ofauth.ParseLinkCallback(r.URL.Query())
	switch {
	case err != nil:
		// no status, an unknown one, or a success without connection_id
	case cb.Status == ofauth.LinkSucceeded:
		store.MarkPending(cb.ClientReferenceID, cb.ConnectionID)
	case cb.Status == ofauth.LinkCancelled:
		// cb.Step tells where the creator stopped
	case cb.Status == ofauth.LinkFailed:
		// cb.ErrorCode: "invalid_credentials", "2fa_failed", …
	}
	if err != nil {
		fmt.Println("bad callback:", errors.Is(err, ofauth.ErrInvalidCallback))
	}
}

func ExampleLinkService_Init_readme() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	w := httptest.NewRecorder()
	startLink(w, httptest.NewRequest(http.MethodGet, "/connect", nil), client, readmeUser{ID: "user_42"})
	fmt.Println(w.Code)
	redirect, _, err := srv.CompleteLink(w.Header().Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	linkCallback(httptest.NewRequest(http.MethodGet, redirect.String(), nil), pendingStore{})
	linkCallback(httptest.NewRequest(http.MethodGet, "/ofauth/callback?status=success", nil), pendingStore{})

	// Link.Init failing (here a wrong key) is answered, not a nil session followed.
	wrongKey, err := ofauth.NewClient("sk_wrong", ofauth.WithBaseURL(srv.URL), ofauth.WithMaxRetries(0))
	if err != nil {
		log.Fatal(err)
	}
	w = httptest.NewRecorder()
	startLink(w, httptest.NewRequest(http.MethodGet, "/connect", nil), wrongKey, readmeUser{ID: "user_42"})
	fmt.Println(w.Code)
	// Output:
	// 303
	// pending: user_42 true
	// bad callback: true
	// 502
}

// manageConnections is the README's Connections snippet.
func manageConnections(ctx context.Context, client *ofauth.Client, connID string) error {
	page, err := client.Connections.List(ctx, &ofauth.ConnectionListParams{Status: ofauth.ConnectionActive, Limit: 50})
	if err != nil {
		return err
	}
	fmt.Println(len(page.Items), "on the first page, more:", page.HasMore)
	for conn, err := range client.Connections.All(ctx, nil) { // every page, fetched as the loop goes
		if err != nil {
			return err
		}
		fmt.Println(conn.ClientReferenceID, conn.Status)
	}
	if err := client.Connections.Invalidate(ctx, connID); err != nil { // expire, keep the record: the creator can reconnect
		return err
	}
	if err := client.Connections.Delete(ctx, connID); err != nil { // disconnect for good and stop billing
		return err
	}
	return nil
}

func ExampleConnectionsService_readme() {
	srv := ofauthtest.NewServer()
	defer srv.Close()
	conn := srv.AddConnection("user_1")
	srv.AddConnection("user_2")
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	if err := manageConnections(context.Background(), client, conn.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(srv.Connections()), "connection left")
	// Output:
	// 2 on the first page, more: false
	// user_1 active
	// user_2 active
	// 1 connection left
}

// listFans is the README's pagination snippet.
func listFans(ctx context.Context, a *ofauth.AccessService, done func() bool) error {
	for fan, err := range a.Subscribers.All(ctx, &ofauth.SubscriberListParams{Limit: 20}) {
		if err != nil {
			return err // yielded once; the walk stops
		}
		fmt.Println(fan.Username)
		if done() {
			break // no further page is requested
		}
	}
	return nil
}

func ExampleSubscribersService_All_readme() {
	srv := ofauthtest.NewServer(ofauthtest.WithSubscribers(30))
	defer srv.Close()
	conn := srv.AddConnection("user_1")
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	done := func() bool { n++; return n == 3 }
	if err := listFans(context.Background(), client.Access.WithConnection(conn.ID), done); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ben_ortiz
	// caleb8463
	// henry_stone
}

// handleSelf is the README's error snippet.
func handleSelf(ctx context.Context, client *ofauth.Client, connID, cb string, log *log.Logger,
	notifyCreator, forgetConnection func(string)) error {
	a := client.Access.WithConnection(connID)
	self, err := a.Self.Get(ctx)
	var apiErr *ofauth.APIError
	switch {
	case err == nil:
		fmt.Println("signed in as", self.Username)
	case errors.Is(err, ofauth.ErrSessionNotProvided):
		// SESSION_NOT_PROVIDED: the connection is unknown or was deleted. Reconnecting it is
		// impossible: drop it, or start a new Link session without ConnectionID.
		forgetConnection(connID)
	case ofauth.NeedsReauth(err):
		// SESSION_EXPIRED: the same connection can log in again through Link.
		s, err := client.Link.Init(ctx, &ofauth.LinkInitParams{ConnectionID: connID, RedirectURL: cb})
		if err != nil {
			return err
		}
		notifyCreator(s.URL)
	case errors.Is(err, ofauth.ErrRateLimitExceeded) && errors.As(err, &apiErr):
		// retries ran out, or the server asked to wait longer than allowed
		log.Printf("rate limited: try again in %s", apiErr.RetryAfter)
	case errors.As(err, &apiErr):
		log.Printf("status=%d code=%s request=%s", apiErr.StatusCode, apiErr.Code, apiErr.RequestID)
	default:
		return err // a network error or the context's
	}
	return nil
}

// requestIDs masks request ids, which differ on every run.
type requestIDs struct{ w io.Writer }

var requestIDRE = regexp.MustCompile(`req_[A-Za-z0-9]+`)

func (m requestIDs) Write(p []byte) (int, error) {
	if _, err := m.w.Write(requestIDRE.ReplaceAll(p, []byte("req_…"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func ExampleNeedsReauth_readme() {
	const cb = "https://app.example.com/ofauth/callback"
	srv := ofauthtest.NewServer(ofauthtest.WithAllowedRedirectURLs(cb))
	defer srv.Close()
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL),
		ofauth.WithMaxRetries(0), ofauth.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	logger := log.New(requestIDs{os.Stdout}, "", 0)
	notify := func(u string) { fmt.Println("send the creator to Link:", strings.HasPrefix(u, srv.URL)) }
	forget := func(id string) { fmt.Println("forget", id) }
	run := func(connID, cb string) {
		if err := handleSelf(context.Background(), client, connID, cb, logger, notify, forget); err != nil {
			fmt.Println("error:", errors.Is(err, ofauth.ErrBadRequest))
		}
	}

	conn := srv.AddConnection("user_1")
	run(conn.ID, cb) // signed in
	srv.RateLimitNext(1, time.Minute)
	run(conn.ID, cb) // rate limited
	srv.FailNext(1, http.StatusServiceUnavailable)
	run(conn.ID, cb) // a server error
	run("conn_deleted", cb)
	if err := srv.ExpireConnection(conn.ID); err != nil {
		log.Fatal(err)
	}
	run(conn.ID, cb)
	run(conn.ID, "https://not-allowed.example/cb") // Link.Init fails: its error is returned
	// Output:
	// signed in as maya_470
	// rate limited: try again in 1m0s
	// status=503 code=NETWORK_ERROR request=req_…
	// forget conn_deleted
	// send the creator to Link: true
	// error: true
}

// handleDelivery is the README's webhook handler test snippet.
func handleDelivery(router *ofauth.WebhookRouter) error {
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		return err
	}
	h := ofauth.NewWebhookHandler(v, router.Handle)

	body := []byte(`{"eventType":"connection.created","data":{"connection":{"id":"conn_1","status":"active"}}}`)
	r, err := ofauthtest.NewSignedRequest(secret, "msg_1", time.Now(), body)
	if err != nil {
		return err
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r) // w.Code == 200
	fmt.Println(w.Code)
	return nil
}

func ExampleNewWebhookHandler_readme() {
	router := ofauth.NewWebhookRouter().
		On(ofauth.EventConnectionCreated, func(ctx context.Context, e *ofauth.WebhookEvent) error {
			c, err := e.Connection()
			if err != nil {
				return err
			}
			fmt.Println("created", c.Connection.ID)
			return nil
		})
	if err := handleDelivery(router); err != nil {
		log.Fatal(err)
	}
	// Output:
	// created conn_1
	// 200
}

// mockedWhoami is the README's httpmock snippet.
//
//nolint:bodyclose // ofauthtest.Responder makes responses for the client to close
func mockedWhoami(ctx context.Context) error {
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterResponder("GET", "https://api.ofauth.com/v2/account/whoami",
		httpmock.NewStringResponder(200, `{"id":"org_1","name":"Acme","permissions":[]}`))
	// Every request no responder claims gets the fake API's realistic answer.
	httpmock.RegisterNoResponder(ofauthtest.Responder())

	client, err := ofauth.NewClient("sk_test", ofauth.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	me, err := client.Account.Whoami(ctx)
	if err != nil {
		return err
	}
	fmt.Println(me.Name)
	// Not registered: answered by ofauthtest, for any connection id.
	fans, err := client.Access.WithConnection("conn_1").Subscribers.List(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Println(len(fans.Items), fans.HasMore)
	return nil
}

func ExampleWithHTTPClient_httpmock() {
	if err := mockedWhoami(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Acme
	// 10 true
}

// testingT is what the README's test snippet uses of *testing.T.
type testingT interface {
	Helper()
	Fatal(args ...any)
}

// exampleT lets an Example run the test snippet: Fatal ends the program.
type exampleT struct{}

func (exampleT) Helper()           {}
func (exampleT) Fatal(args ...any) { log.Fatal(args...) }

// onboardingApp is "your app" of the README's test: a webhook endpoint
// that records which user connected which account.
type onboardingApp struct {
	mux    *http.ServeMux
	client *ofauth.Client
	mu     sync.Mutex
	conns  map[string]string // client reference id → connection id
}

// newApp builds the app from its configuration, here the fake's.
func newApp(baseURL, apiKey, webhookSecret string) *onboardingApp {
	client, err := ofauth.NewClient(apiKey, ofauth.WithBaseURL(baseURL))
	if err != nil {
		log.Fatal(err)
	}
	v, err := ofauth.NewWebhookVerifier(webhookSecret)
	if err != nil {
		log.Fatal(err)
	}
	app := &onboardingApp{mux: http.NewServeMux(), client: client, conns: map[string]string{}}
	router := ofauth.NewWebhookRouter().On(ofauth.EventConnectionCreated, func(ctx context.Context, e *ofauth.WebhookEvent) error {
		c, err := e.Connection()
		if err != nil {
			return err
		}
		app.mu.Lock()
		app.conns[c.ClientReferenceID] = c.Connection.ID
		app.mu.Unlock()
		return nil
	})
	app.mux.Handle("POST /webhooks/ofauth", ofauth.NewWebhookHandler(v, router.Handle))
	return app
}

func (a *onboardingApp) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func checkCallback(t testingT, q url.Values) {
	t.Helper()
	cb, err := ofauth.ParseLinkCallback(q)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("callback:", cb.Status, cb.ClientReferenceID)
}

func checkStored(t testingT, app *onboardingApp, connID string) {
	t.Helper()
	app.mu.Lock()
	defer app.mu.Unlock()
	if app.conns["user_42"] != connID {
		t.Fatal("the webhook handler did not store the connection")
	}
	fmt.Println("stored: user_42")
}

// onboarding is the README's test snippet.
func onboarding(t testingT) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := ofauthtest.NewServer()
	defer srv.Close()
	// Your app, configured with the fake's URL, key and webhook secret...
	myApp := newApp(srv.URL, srv.APIKey, srv.WebhookSecret)
	app := httptest.NewServer(myApp)
	defer app.Close()
	// ...then the fake learns where the app receives webhooks.
	srv.SetWebhookURL(app.URL + "/webhooks/ofauth")

	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	session, err := client.Link.Init(ctx, &ofauth.LinkInitParams{ClientReferenceID: "user_42"})
	if err != nil {
		t.Fatal(err)
	}
	redirect, connID, err := srv.CompleteLink(session.URL) // no browser needed
	if err != nil {
		t.Fatal(err)
	}
	checkCallback(t, redirect.Query()) // what your callback does with it

	created := func(d ofauthtest.Delivery) bool { return d.Type == "connection.created" && d.Delivered }
	if _, err := srv.WaitForDelivery(ctx, created); err != nil { // signed, sent to your app
		t.Fatal(err)
	}
	checkStored(t, myApp, connID) // what your webhook handler stored

	mark := srv.DeliveryMark()
	if err := srv.ExpireConnection(connID); err != nil { // SESSION_EXPIRED + connection.expired
		t.Fatal(err)
	}
	if _, err := srv.WaitForDeliveriesSince(ctx, mark, 1); err != nil { // only what came after the mark
		t.Fatal(err)
	}
	fmt.Println(srv.DeliveriesSince(mark)[0].Type)
	_, err = client.Access.WithConnection(connID).Self.Get(ctx)
	fmt.Println(ofauth.NeedsReauth(err))
}

func ExampleNewServer_readme() {
	onboarding(exampleT{})
	// Output:
	// callback: success user_42
	// stored: user_42
	// connection.expired
	// true
}
