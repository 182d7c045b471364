package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// The app's side of the Link flow: where Link sends the creator back, and
// the app's own id for the user who starts it.
const (
	redirectURL = "https://app.example/ofauth/callback"
	userRef     = "user_42"
)

// webhookWait bounds each wait for a webhook.
const webhookWait = 5 * time.Second

// runSandbox walks the integration checklist against a fake OFAuth API
// started in-process, writing each step and its result to w.
func runSandbox(ctx context.Context, w io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	srv := ofauthtest.NewServer()

	// The app's webhook endpoint: the handler verifies each delivery's
	// signature with the signing secret before fn sees the event, and
	// answers 5xx when fn fails so that OFAuth delivers it again.
	verifier, err := ofauth.NewWebhookVerifier(srv.WebhookSecret)
	if err != nil {
		srv.Close()
		return fmt.Errorf("webhook verifier: %w", err)
	}
	events := make(chan *ofauth.WebhookEvent, 16)
	receiver := httptest.NewServer(ofauth.NewWebhookHandler(verifier, func(ctx context.Context, e *ofauth.WebhookEvent) error {
		select {
		case events <- e:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}))
	srv.SetWebhookURL(receiver.URL)
	defer func() {
		srv.Close() // first: it stops deliveries to the receiver
		receiver.Close()
	}()

	var seen attempts
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithAttemptHook(seen.record))
	if err != nil {
		return err
	}
	store := newConnectionStore()
	k := &walk{w: w}
	fmt.Fprintf(w, "OFAuth quickstart, sandbox run: a fake OFAuth API at %s and a webhook receiver at %s.\n", srv.URL, receiver.URL)
	fmt.Fprintln(w, "Set OFAUTH_API_KEY to run the read-only steps against the real API.")

	k.step("Verify the API key (GET /v2/account/whoami)")
	me, err := client.Account.Whoami(ctx)
	if err != nil {
		return k.fail("whoami: %w", err)
	}
	k.ok("the key works: organization %q (%s), %d permissions", me.Name, me.ID, len(me.Permissions))

	k.step("Start Link for a creator (POST /v2/link/init)")
	sess, err := client.Link.Init(ctx, &ofauth.LinkInitParams{RedirectURL: redirectURL, ClientReferenceID: userRef})
	if err != nil {
		return k.fail("link init: %w", err)
	}
	k.ok("%s session %s, valid until %s", sess.Mode, sess.ClientSecret, sess.ExpiresAt.Format(time.RFC3339))
	k.ok("send the creator to %s", sess.URL)

	k.step("The creator completes Link and comes back to the redirect URL")
	redirect, _, err := srv.CompleteLink(sess.URL)
	if err != nil {
		return k.fail("completing Link: %w", err)
	}
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	switch {
	case err != nil:
		return k.fail("reading the redirect: %w", err)
	case cb.Status != ofauth.LinkSucceeded:
		return k.fail("Link ended with status %q (step %q, error %q)", cb.Status, cb.Step, cb.ErrorCode)
	case cb.ClientReferenceID != userRef:
		return k.fail("the redirect is for %q, not %q", cb.ClientReferenceID, userRef)
	}
	k.ok("redirected to %s", redirect)
	k.ok("status %s, connection %s, client reference %s", cb.Status, cb.ConnectionID, cb.ClientReferenceID)

	k.step("Receive and verify the connection.created webhook")
	created, ce, err := waitForEvent(ctx, events, ofauth.EventConnectionCreated, func(ce *ofauth.ConnectionEvent) bool {
		return ce.ClientReferenceID == userRef
	})
	if err != nil {
		return k.fail("%w", err)
	}
	if ce.Connection.ID != cb.ConnectionID {
		return k.fail("the webhook names %s, the redirect %s", ce.Connection.ID, cb.ConnectionID)
	}
	k.ok("signature verified for event %s", created.ID)
	k.ok("connection %s is %s: %s (@%s), OnlyFans user %s", ce.Connection.ID, ce.Connection.Status,
		ce.Connection.UserData.Name, ce.Connection.UserData.Username, ce.Connection.UserData.ID)

	k.step("Store the connection id")
	// The webhook, not the redirect, is the source of truth: anyone can
	// open the redirect URL with a made-up query.
	store.Put(ce.ClientReferenceID, ce.Connection.ID)
	connID, ok := store.Get(userRef)
	if !ok || connID != cb.ConnectionID {
		return k.fail("the store has %q for %s", connID, userRef)
	}
	k.ok("stored %s for %s and read it back", connID, userRef)

	k.step("Call the Access API with the stored id (GET /v2/access/self)")
	access := client.Access.WithConnection(connID)
	profile, err := access.Self.Get(ctx)
	if err != nil {
		return k.fail("self: %w", err)
	}
	k.ok("connected account: %s (@%s)", profile.Name, profile.Username)

	k.step("Page through the creator's subscribers (GET /v2/access/subscribers)")
	seen.take()
	var usernames []string
	for fan, err := range access.Subscribers.All(ctx, &ofauth.SubscriberListParams{Limit: 20}) {
		if err != nil {
			return k.fail("subscribers: %w", err)
		}
		usernames = append(usernames, fan.Username)
	}
	if len(usernames) == 0 {
		return k.fail("no subscribers")
	}
	k.ok("%d subscribers in %d requests; the first: @%s", len(usernames), len(seen.take()),
		strings.Join(usernames[:min(3, len(usernames))], ", @"))

	k.step("Handle an expired session: re-authenticate through Link")
	if err := srv.ExpireConnection(connID); err != nil { // what OnlyFans ending the session looks like
		return k.fail("expiring the connection: %w", err)
	}
	_, err = access.Self.Get(ctx)
	var apiErr *ofauth.APIError
	if !ofauth.NeedsReauth(err) || !errors.As(err, &apiErr) {
		return k.fail("expected a session error, got %v", err)
	}
	k.ok("the Access call failed with %s (action required: %s): NeedsReauth is true", apiErr.Code, apiErr.ActionRequired)
	if _, _, err := waitForEvent(ctx, events, ofauth.EventConnectionExpired, byID(connID)); err != nil {
		return k.fail("%w", err)
	}
	k.ok("connection.expired received for %s: time to ask the creator to reconnect", connID)
	reauth, err := client.Link.Init(ctx, &ofauth.LinkInitParams{ConnectionID: connID, RedirectURL: redirectURL, ClientReferenceID: userRef})
	if err != nil {
		return k.fail("re-auth link init: %w", err)
	}
	k.ok("re-auth Link for the same connection: %s", reauth.URL)
	redirect, _, err = srv.CompleteLink(reauth.URL)
	if err != nil {
		return k.fail("completing the re-auth Link: %w", err)
	}
	if cb, err = ofauth.ParseLinkCallback(redirect.Query()); err != nil || cb.ConnectionID != connID {
		return k.fail("the re-auth redirect is not for %s: %v %v", connID, cb, err)
	}
	if _, _, err := waitForEvent(ctx, events, ofauth.EventConnectionUpdated, byID(connID)); err != nil {
		return k.fail("%w", err)
	}
	k.ok("reconnected: the redirect and connection.updated name the same connection %s", connID)
	if profile, err = access.Self.Get(ctx); err != nil {
		return k.fail("self after reconnecting: %w", err)
	}
	k.ok("the stored id works again: %s (@%s)", profile.Name, profile.Username)

	k.step("Survive a rate limit (429 RATE_LIMIT_EXCEEDED with Retry-After)")
	srv.RateLimitNext(1, time.Second)
	seen.take()
	begin := time.Now()
	if _, err := access.Self.Get(ctx); err != nil {
		return k.fail("self under a rate limit: %w", err)
	}
	tries := seen.take()
	if len(tries) < 2 || tries[0].StatusCode != 429 {
		return k.fail("expected a 429 and a retry, saw %s", describe(tries))
	}
	k.ok("attempts: %s", describe(tries))
	k.ok("the SDK waited as Retry-After asked and succeeded after %s", seconds(time.Since(begin)))

	fmt.Fprintf(w, "\nAll %d steps passed.\n", k.n)
	return nil
}

// waitForEvent waits for a connection event of the given type that match
// accepts, skipping others.
func waitForEvent(ctx context.Context, events <-chan *ofauth.WebhookEvent, typ string, match func(*ofauth.ConnectionEvent) bool) (*ofauth.WebhookEvent, *ofauth.ConnectionEvent, error) {
	timer := time.NewTimer(webhookWait)
	defer timer.Stop()
	for {
		select {
		case e := <-events:
			if e.Type != typ {
				continue
			}
			ce, err := e.Connection()
			if err != nil {
				return nil, nil, fmt.Errorf("decoding %s: %w", typ, err)
			}
			if match(ce) {
				return e, ce, nil
			}
		case <-timer.C:
			return nil, nil, fmt.Errorf("no %s webhook within %s", typ, webhookWait)
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
}

// byID matches the events of one connection.
func byID(connID string) func(*ofauth.ConnectionEvent) bool {
	return func(ce *ofauth.ConnectionEvent) bool { return ce.Connection.ID == connID }
}
