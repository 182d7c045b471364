package ofauthotel

import (
	"context"
	"errors"
	"net"
	"strconv"

	"go.opentelemetry.io/otel/attribute"

	"github.com/ofauth-go/ofauth"
)

// Attribute keys of this package.
const (
	keyErrorCode    = attribute.Key("ofauth.error.code")
	keyRequestID    = attribute.Key("ofauth.request_id")
	keyAttempts     = attribute.Key("ofauth.attempts")
	keyConnectionID = attribute.Key("ofauth.connection_id")
	keyRetryReason  = attribute.Key("ofauth.retry.reason")
	keyEventType    = attribute.Key("ofauth.webhook.event_type")
	keyOutcome      = attribute.Key("ofauth.webhook.outcome")
)

// other is the bucket for values outside a known set, as semconv's
// error.type uses it.
const other = "_OTHER"

// knownCodes are the API's documented error codes: any other code is
// reported as "_OTHER", so a server that invents codes cannot grow a
// metric.
var knownCodes = map[string]bool{
	ofauth.CodeUnauthorized: true, ofauth.CodeSessionNotProvided: true, ofauth.CodeSessionExpired: true,
	ofauth.CodeForbidden: true, ofauth.CodeRulesOutdated: true, ofauth.CodeBadRequest: true,
	ofauth.CodeResourceNotFound: true, ofauth.CodeRouteNotFound: true, ofauth.CodeRateLimitExceeded: true,
	ofauth.CodeAuthInvalidKey: true, ofauth.CodeAuthKeyExpired: true, ofauth.CodeAuthInsufficientScope: true,
}

// errorCode is ofauth.error.code for a failed call.
func errorCode(code string) string {
	if knownCodes[code] {
		return code
	}
	return other
}

// errorType is error.type for a failed call. A timeout or cancellation
// wins over an earlier attempt's error response that the error also holds.
func errorType(err error) string {
	var netErr net.Error
	var apiErr *ofauth.APIError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 100 && apiErr.StatusCode <= 999:
		return strconv.Itoa(apiErr.StatusCode)
	case errors.Is(err, ofauth.ErrNoConnection):
		return "no_connection"
	case errors.Is(err, ofauth.ErrInvalidParams):
		return "invalid_params"
	case errors.Is(err, ofauth.ErrInvalidResponse):
		return "invalid_response"
	}
	return other
}

// retryReason is why an attempt that ended like a would be retried.
func retryReason(a ofauth.Attempt) string {
	switch {
	case a.Err != nil:
		return "network_error"
	case a.StatusCode == 429:
		return "rate_limited"
	case a.Code == ofauth.CodeRulesOutdated:
		return "rules_outdated"
	case a.StatusCode >= 500:
		return "server_error"
	}
	return other
}

// knownEvents are the webhook event types the SDK knows.
var knownEvents = map[string]bool{
	ofauth.EventConnectionCreated: true, ofauth.EventConnectionUpdated: true, ofauth.EventConnectionExpired: true,
	ofauth.EventConnectionDisconnected: true, ofauth.EventRulesUpdated: true,
	ofauth.EventRealtimeChatMessageReceived: true, ofauth.EventRealtimeChatTypingUpdated: true,
	ofauth.EventRealtimeSystemMessageUpdated: true, ofauth.EventWebsocketRelay: true,
}

// eventType is ofauth.webhook.event_type: a known type, "_OTHER", or ""
// (the attribute is left out) for a delivery that did not verify.
func eventType(t string, verified bool) string {
	switch {
	case !verified:
		return ""
	case knownEvents[t]:
		return t
	}
	return other
}
