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
	"os"
	"time"

	"github.com/ofauth-go/ofauth"
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
