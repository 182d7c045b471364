// Package ofauthtest runs a fake OFAuth API on loopback, in the spirit of
// net/http/httptest, for tests and local development without an API key.
//
// A Server speaks the same HTTP and JSON as the real API: the Account and
// Connections endpoints, Link with a hosted page that completes and
// redirects back, the Access API over deterministic creator data
// (profile, fans, chats, posts, earnings, uploads and a proxy), its
// rate limits, and Svix-signed connection.* webhooks. Tests can complete a
// Link session without a browser, expire a connection, inject errors and
// slow responses, and inspect what the server saw.
//
//	srv := ofauthtest.NewServer()
//	defer srv.Close()
//	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
//	sess, _ := client.Link.Init(ctx, &ofauth.LinkInitParams{ClientReferenceID: "user_42"})
//	redirect, connID, _ := srv.CompleteLink(sess.URL)
//
// SignSvix, SignOFAuth and NewSignedRequest sign webhook deliveries the way
// OFAuth does, so a handler built with ofauth.NewWebhookHandler can be
// tested with net/http/httptest.
//
// # Behaviour worth knowing
//
//   - Every /v2 route checks the apiKey header against Server.APIKey; any
//     other key, or none, gets 401 UNAUTHORIZED. Unknown routes get 404
//     ROUTE_NOT_FOUND, bad JSON bodies 400 BAD_REQUEST, in the documented
//     envelope {"error", "type", "requestId", "actionRequired"}.
//   - Access routes (/v2/access/...) need the x-connection-id of an active
//     connection. A missing or unknown id gets 401 SESSION_NOT_PROVIDED (the
//     API documents that code for "connection not found"), an expired one
//     401 SESSION_EXPIRED with actionRequired "refresh_session".
//   - Access responses carry X-RateLimit-Limit (the bucket's capacity),
//     X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the bucket
//     is full again) from a per-connection token bucket of 60 requests a
//     minute with a burst of 90, driven by the server's clock. An empty
//     bucket answers 429 RATE_LIMIT_EXCEEDED with Retry-After.
//   - /v2/access/subscribers returns at most 20 fans a page, as the API
//     does, whatever the limit asked for.
//   - Link sessions expire after 30 minutes. Without WithAllowedRedirectURLs
//     any absolute http(s) redirect URL is accepted; a session without one
//     redirects to a page of the server itself (/sandbox/redirect).
//   - Webhooks go out one at a time, in the order the events happened,
//     with up to five attempts each. Events raised before a webhook URL is
//     set wait for SetWebhookURL. Close drops what is still queued.
package ofauthtest
