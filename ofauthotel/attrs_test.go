package ofauthotel

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/ofauth-go/ofauth"
)

func TestBoundedValues(t *testing.T) {
	apiErr := &ofauth.APIError{StatusCode: 503}
	timeout := &net.OpError{Op: "read", Err: timeoutErr{}}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{apiErr, "503"},
		{fmt.Errorf("wrapped: %w", &ofauth.APIError{StatusCode: 429}), "429"},
		{fmt.Errorf("ofauth: %w (last response: %w)", context.DeadlineExceeded, apiErr), "timeout"},
		{fmt.Errorf("ofauth: %w (last response: %w)", context.Canceled, apiErr), "canceled"},
		{timeout, "timeout"},
		{ofauth.ErrNoConnection, "no_connection"},
		{fmt.Errorf("%w: empty id", ofauth.ErrInvalidParams), "invalid_params"},
		{&ofauth.DecodeError{Err: errors.New("bad json")}, "invalid_response"},
		{&ofauth.APIError{StatusCode: 7}, "_OTHER"},
		{errors.New("connection reset by peer"), "_OTHER"},
	} {
		if got := errorType(tc.err); got != tc.want {
			t.Errorf("errorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}

	for code, want := range map[string]string{
		ofauth.CodeSessionExpired: ofauth.CodeSessionExpired, ofauth.CodeRateLimitExceeded: ofauth.CodeRateLimitExceeded,
		"": "_OTHER", "SOMETHING_NEW": "_OTHER", "conn_123 not found": "_OTHER",
	} {
		if got := errorCode(code); got != want {
			t.Errorf("errorCode(%q) = %q, want %q", code, got, want)
		}
	}

	for _, tc := range []struct {
		a    ofauth.Attempt
		want string
	}{
		{ofauth.Attempt{Err: errors.New("dial tcp: refused")}, "network_error"},
		{ofauth.Attempt{StatusCode: 429}, "rate_limited"},
		{ofauth.Attempt{StatusCode: 409, Code: ofauth.CodeRulesOutdated}, "rules_outdated"},
		{ofauth.Attempt{StatusCode: 502}, "server_error"},
		{ofauth.Attempt{StatusCode: 200}, "_OTHER"},
	} {
		if got := retryReason(tc.a); got != tc.want {
			t.Errorf("retryReason(%+v) = %q, want %q", tc.a, got, tc.want)
		}
	}

	for _, tc := range []struct {
		typ      string
		verified bool
		want     string
	}{
		{ofauth.EventConnectionExpired, true, ofauth.EventConnectionExpired},
		{"realtime.new_thing", true, "_OTHER"},
		{"", true, "_OTHER"},
		{ofauth.EventConnectionExpired, false, ""},
	} {
		if got := eventType(tc.typ, tc.verified); got != tc.want {
			t.Errorf("eventType(%q, %v) = %q, want %q", tc.typ, tc.verified, got, tc.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
