// Package ofauthtest runs a fake OFAuth API on loopback, in the spirit of
// net/http/httptest, for tests and local development without an API key.
//
// A Server speaks the same HTTP and JSON as the real API: the Account and
// Connections endpoints, Link with a hosted page that completes and
// redirects back, the Access API over deterministic creator data
// (profile, fans, chats, posts, earnings, uploads and a proxy), its
// rate limits, and signed connection.* webhooks (Svix by default, or any
// scheme and envelope OFAuth documents). Tests can complete a
// Link session without a browser, expire a connection, inject errors and
// slow responses, and inspect what the server saw.
//
//	srv := ofauthtest.NewServer()
//	defer srv.Close()
//	client, _ := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL))
//	sess, _ := client.Link.Init(ctx, &ofauth.LinkInitParams{ClientReferenceID: "user_42"})
//	redirect, connID, _ := srv.CompleteLink(sess.URL)
//
// EncodeEvent and SignDelivery (or SignSvix, SignOFAuth and
// NewSignedRequest) build and sign webhook deliveries the way OFAuth does,
// so a handler built with ofauth.NewWebhookHandler can be tested with
// net/http/httptest.
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
//   - Access routes check the permission the API documents for them
//     (profile:read for /self, posts:read for GET /posts, vault:write for
//     uploads, …): a connection without it gets 403 FORBIDDEN with
//     details {"permission": …}. The proxy checks none.
//   - Every other operation of spec/openapi.yaml (notifications,
//     subscriptions, analytics, promotions, users and lists, vault and
//     vault lists, mass messages, Dynamic Rules, Vault+, …) is served from
//     a route table generated from the spec, behind the same key,
//     connection, permission, rate-limit and fault checks. Its query
//     parameters are checked against the spec (enum values, numeric
//     ranges, dates, required ones), so are its path ids (an id that is
//     not a number where the spec wants one) and so is a JSON body, at any
//     depth: required fields present, types, numeric ranges, string
//     lengths, enum values, array sizes, in nested objects and array items
//     too; a union (oneOf, several types) takes a value that fits any of
//     its forms. A bad one gets 400 BAD_REQUEST naming the field by its
//     path ("releaseForms.users[1]", "geolocation.country") in the message
//     and in details {"field": …}; the hand-written routes check bodies,
//     path ids and query parameters by the same rules. It then answers a
//     canned body synthesised from the operation's response schema, which
//     Fixture returns too, with the path's ids where the schema has fields for
//     them: GET /users/{userId} answers a user with that id.
//   - Where users notice, those routes keep state per creator: posts
//     (create, get, update, delete, seen by GET /posts), messages (send,
//     list, unsend), mass messages (listed by the sent-messages
//     statistics), user lists and their members, vault lists and their
//     media, promotions, bundles, trial and tracking links, subscribers'
//     custom names (seen in the subscriber lists and the fan's profile)
//     and notes (seen in the profile, GET /users/{userId} by id or
//     username), discounts, and Vault+ items (storing a vault list
//     stores its media; get, batch, delete, purge). A created object is the request body laid
//     over a seeded object, and every answer keeps the shape the spec
//     gives the route; an unknown id gets 404 RESOURCE_NOT_FOUND. Their
//     lists page like the API: limit and offset with hasMore and
//     nextOffset, Vault+ by cursor and nextCursor (absent on the last
//     page); without limit the page size is the spec's default, and a
//     limit above the documented cap gets 400 naming limit.
//
// # Scenario controls
//
// Methods of Server put the fake in the states a test needs:
//
//   - Link: CompleteLink, CancelLink, CancelLinkAt (a step), FailLink (an
//     error code and step). A cancelled or failed session's hosted page
//     redirects to the app with that outcome from then on.
//   - Connections: AddConnection, ExpireConnection, InvalidateConnection,
//     DeleteConnection, RevokePermission, GrantPermission; each sends the
//     connection.* webhook the API sends for it.
//   - Webhooks: Emit sends any event type with any data; FailDeliveries
//     fails the next attempts, or those before a time on the server clock,
//     so the redelivery (WithWebhookRetry) can be tested. OFAuth's docs and
//     SDKs describe different formats, and the verifier of package ofauth
//     takes both: WithWebhookScheme signs with the svix-* headers (the
//     default), the webhook-* headers of Standard Webhooks, OFAuth-Signature,
//     or all of them, and WithWebhookEnvelope sends the SDKs'
//     {"eventType", "live", "data"} (the default) or the docs'
//     {"type", "timestamp", "data"}, so a handler can be tested against
//     each. Delivery.Envelope records the shape sent. EncodeEvent and
//     SignDelivery build the same deliveries by hand.
//   - Faults: Inject, FailNext, RateLimitNext; Reset drops them.
//   - Inspection: Requests and RequestsSince (headers with the key masked,
//     bodies up to MaxLoggedBody), Connections, Deliveries,
//     DeliveriesSince, Uploads. WaitForDeliveriesSince and WaitForDelivery
//     wait for new or matching deliveries without sleeping.
//
// For tests that mock the HTTP client instead (httpmock), Responder
// answers requests in process from the same handlers and data, and
// Fixture returns one route's body.
//
// # Admin API
//
// The same controls are served over HTTP under AdminPrefix, for tests in
// any language against the standalone server (cmd/ofauth-mock). Every
// admin route needs the apiKey header, takes and returns JSON, answers
// errors in the API's envelope (404 for an unknown connection or Link
// session, 409 for a session already finished), and stays out of the
// request log.
//
//	GET    /_ofauthtest/requests[?since=N]          {"requests": [{method, path, query, connectionId, headers, body | bodyBase64, bodyTruncated, status, time}], "next": N}
//	GET    /_ofauthtest/connections                 {"connections": [Connection]}
//	POST   /_ofauthtest/connections                 {"clientReferenceId"} → {"connection"}; sends connection.created
//	POST   /_ofauthtest/connections/{id}/expire     → {"connection"}; sends connection.expired
//	POST   /_ofauthtest/connections/{id}/invalidate → {"connection"}; the same
//	DELETE /_ofauthtest/connections/{id}            → {"connection": {id, status: "disconnected"}}; sends connection.disconnected
//	POST   /_ofauthtest/connections/{id}/revoke     {"permissions": ["posts:read"]} → {"connection"}; sends connection.updated
//	POST   /_ofauthtest/connections/{id}/grant      {"permissions": [...]} → {"connection"}; sends connection.updated
//	POST   /_ofauthtest/link/{clientSecret}/complete → {"redirect", "connectionId"}
//	POST   /_ofauthtest/link/{clientSecret}/cancel   {"step"} → {"redirect"}
//	POST   /_ofauthtest/link/{clientSecret}/fail     {"errorCode", "step"} → {"redirect"}
//	POST   /_ofauthtest/events                      {"type", "data"} → {"id"} (the svix-id)
//	GET    /_ofauthtest/deliveries[?since=N]        {"deliveries": [{id, type, connectionId, payload, envelope, attempts: [{statusCode, error, time}], delivered}], "next": N}
//	POST   /_ofauthtest/deliveries/fail             {"attempts", "until" (RFC 3339), "status", "send"} → {"success": true}
//	POST   /_ofauthtest/faults                      {"method", "path", "connectionId", "times", "status", "code", "message", "retryAfterMs", "delayMs"} → {"success": true}
//	PUT    /_ofauthtest/webhook-url                 {"url"} → {"url"}
//	POST   /_ofauthtest/reset                       → {"success": true}; as Server.Reset
//
// The "next" of a listing is the mark to pass as since to get only what
// came after it.
//
// # Differences from the real API
//
// Routes outside the stateful areas (analytics, notifications,
// subscriptions, users, chats' media, Dynamic Rules, Vault+ statistics,
// …) answer the same canned body whatever happened before and paginate
// nothing (one last page); any id of the right type exists, and only the
// fields naming the ids of the path change with it (the answer's own id,
// a field named like the parameter, the id of an object named like it
// minus "Id"), not the rest of the body. The stateful
// areas start from two seeded objects each, ids of created objects count
// up from 500000001, a stored mass message is listed at once (no
// queueing), storing a vault list in Vault+ completes at once, and
// discounts are kept but shown by no route. Unknown body fields are
// ignored, null counts as not sent, and a hand-written route answers an
// empty or malformed body by its own checks. Query parameters are checked
// only as far as the spec describes them: a number's type and range, an
// enum, a date's form (a date or a date-time is taken for either); a
// parameter the spec leaves a free string (a transactions marker, a
// posts beforePublishTime) is refused only when the route cannot use it,
// an unknown parameter is ignored, and a limit the spec gives no minimum
// (messages) below 1 means the default page size.
// Paths outside the spec answer 404 ROUTE_NOT_FOUND. Whitelabel sessions
// cannot be driven (the API documents no endpoints for them), 2FA is only
// the sandbox's OTP domain, the organization's key has every permission,
// and there is one client app.
// Webhooks use one envelope and one set of signature schemes per server
// (WithWebhookEnvelope, WithWebhookScheme), while which of them OFAuth
// sends is not settled (its docs and SDKs disagree); connection events in
// the docs' envelope carry the docs' example data (userData.id, no
// platformUserId), and OFAuth-Signature is lowercase hex keyed with the
// secret as it is, the reading of the docs the verifier tries first.
package ofauthtest
