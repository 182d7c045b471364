// Package fragments holds README.md's snippets that cannot run in a test
// (the real API, a file on the user's disk, a metrics system), each in a
// function that declares what the snippet leaves to the reader.
// readme_test.go checks the snippets are here verbatim and type-checks it.
package fragments

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// Configuration.
func configure(ctx context.Context) error {
	client, err := ofauth.NewClient(os.Getenv("OFAUTH_API_KEY"),
		ofauth.WithLogger(slog.Default()), // silent by default
		ofauth.WithUserAgent("myapp/1.4"), // appended to ofauth-go/<version>
		ofauth.WithMaxRetries(3),          // retries after the first attempt; 0 disables
		ofauth.WithRetryWait(500*time.Millisecond, 30*time.Second),
	)
	if err != nil {
		return err // ErrMissingAPIKey, or ErrInvalidOption for a bad option
	}
	me, err := client.Account.Whoami(ctx) // the cheapest check that the key works
	if err != nil {
		return err // ErrUnauthorized for a wrong key
	}
	slog.Info("OFAuth key works", "organization", me.Name)
	return nil
}

// Access API.
func access(ctx context.Context, client *ofauth.Client, connID string, fanID int64) error {
	a := client.Access.WithConnection(connID) // cheap: one allocation
	me, err := a.Self.Get(ctx)
	if err != nil {
		return err
	}
	fmt.Println(me.Username, me.Name)

	if _, err := a.Chats.SendMessage(ctx, fanID, &ofauth.MessageParams{Text: "Thanks for subscribing!"}); err != nil {
		return err
	}

	f, err := os.Open("clip.mp4")
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	up, err := a.Uploads.Upload(ctx, f, info.Size(), &ofauth.UploadParams{
		Filename: "clip.mp4", ContentType: "video/mp4",
		OnProgress: func(sent, total int64) { log.Printf("%d/%d", sent, total) },
	})
	if err != nil {
		return err
	}
	log.Println("uploaded:", up.MediaUploadID)
	return nil
}

// Rotating the secret.
func rotate() error {
	v, err := ofauth.NewWebhookVerifier(os.Getenv("OFAUTH_WEBHOOK_SECRET"),
		ofauth.WithAdditionalSecrets(os.Getenv("OFAUTH_WEBHOOK_SECRET_PREVIOUS")))
	_ = v
	return err
}

// Testing your integration.
var myApp = httptest.NewUnstartedServer(nil)

func checkCallback(t *testing.T, q url.Values) { t.Helper(); _ = q }

func checkStored(t *testing.T, connID string) { t.Helper(); _ = connID }

func TestOnboarding(t *testing.T) {
	ctx := context.Background()
	srv := ofauthtest.NewServer(ofauthtest.WithWebhookURL(myApp.URL + "/webhooks/ofauth"))
	defer srv.Close()
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

	if _, err := srv.WaitForDeliveries(ctx, 1); err != nil { // connection.created, signed
		t.Fatal(err)
	}
	checkStored(t, connID) // what your webhook handler stored

	if err := srv.ExpireConnection(connID); err != nil { // SESSION_EXPIRED + connection.expired
		t.Fatal(err)
	}
	srv.RateLimitNext(1, time.Second)                                                    // a 429 with Retry-After
	srv.FailNext(2, http.StatusServiceUnavailable)                                       // 5xx bursts
	srv.Inject(ofauthtest.Fault{Path: "/v2/access/subscribers", Delay: 2 * time.Second}) // slow responses
}
