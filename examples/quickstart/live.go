package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth"
)

// runLive runs the read-only steps of the checklist against the API at
// baseURL (the default when empty) with a real key: nothing is created,
// changed or deleted.
func runLive(ctx context.Context, w io.Writer, apiKey, baseURL string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	var opts []ofauth.Option
	if baseURL != "" {
		opts = append(opts, ofauth.WithBaseURL(baseURL))
	} else {
		baseURL = ofauth.DefaultBaseURL
	}
	client, err := ofauth.NewClient(apiKey, opts...)
	if err != nil {
		return err
	}
	k := &walk{w: w}
	fmt.Fprintf(w, "OFAuth quickstart, read-only run against %s.\n", baseURL)

	k.step("Verify the API key (GET /v2/account/whoami)")
	me, err := client.Account.Whoami(ctx)
	if err != nil {
		return k.fail("whoami: %w", err)
	}
	k.ok("the key works: organization %q (%s), %d permissions", me.Name, me.ID, len(me.Permissions))

	k.step("List the active connections (GET /v2/account/connections)")
	page, err := client.Connections.List(ctx, &ofauth.ConnectionListParams{Status: ofauth.ConnectionActive, Limit: 10})
	if err != nil {
		return k.fail("connections: %w", err)
	}
	more := ""
	if page.HasMore {
		more = " (more on the next pages)"
	}
	k.ok("%d active connection(s)%s", len(page.Items), more)
	for _, c := range page.Items[:min(3, len(page.Items))] {
		k.ok("%s: %s (@%s), client reference %q", c.ID, c.UserData.Name, c.UserData.Username, c.ClientReferenceID)
	}
	if len(page.Items) == 0 {
		k.note("no active connection to read from: connect a creator through Link first")
		fmt.Fprintf(w, "\nAll %d steps passed.\n", k.n)
		return nil
	}
	conn := page.Items[0]
	access := client.Access.WithConnection(conn.ID)

	k.step("Read the first connection's profile (GET /v2/access/self)")
	profile, err := access.Self.Get(ctx)
	if err != nil {
		if ofauth.NeedsReauth(err) {
			return k.fail("%s needs the creator to reconnect through Link: %w", conn.ID, err)
		}
		if errors.Is(err, ofauth.ErrSessionNotProvided) {
			return k.fail("%s no longer exists at OFAuth: connect the creator again: %w", conn.ID, err)
		}
		return k.fail("self: %w", err)
	}
	k.ok("connected account: %s (@%s)", profile.Name, profile.Username)

	k.step("Read one page of its subscribers (GET /v2/access/subscribers)")
	fans, err := access.Subscribers.List(ctx, &ofauth.SubscriberListParams{Limit: 10})
	if err != nil {
		return k.fail("subscribers: %w", err)
	}
	names := make([]string, 0, 3)
	for _, f := range fans.Items[:min(3, len(fans.Items))] {
		names = append(names, "@"+f.Username)
	}
	k.ok("%d subscriber(s) on the first page (more: %v) %s", len(fans.Items), fans.HasMore, strings.Join(names, ", "))

	fmt.Fprintf(w, "\nAll %d steps passed.\n", k.n)
	return nil
}
