// Package ofauthtest helps test code that uses the ofauth SDK: it signs
// webhook deliveries the way OFAuth does, so a handler built with
// ofauth.NewWebhookHandler can be exercised end to end with
// net/http/httptest.
package ofauthtest
