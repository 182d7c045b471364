package ofauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// LinkService starts and follows Link sessions, the hosted flow in which a
// creator connects their OnlyFans account.
type LinkService struct{ service }

// Link session modes.
const (
	LinkModeHosted     = "hosted"     // LinkSession.URL is the page to send the creator to
	LinkModeWhitelabel = "whitelabel" // LinkSession.ClientSecret drives your own UI
)

// LinkInitParams is the body of LinkService.Init; every field is optional.
type LinkInitParams struct {
	// ClientAppID selects the client app (app_…); without it the API uses
	// the first matching app of the key's environment.
	ClientAppID string `json:"clientAppId,omitempty"`
	// RedirectURL must be one of the app's allowed redirect URIs.
	RedirectURL string `json:"redirectUrl,omitempty"`
	// ClientReferenceID is your id for the user; webhooks and the redirect
	// echo it back.
	ClientReferenceID string `json:"clientReferenceId,omitempty"`
	// ConnectionID reconnects an existing (expired) connection.
	ConnectionID string `json:"connectionId,omitempty"`
	// Geolocation overrides the proxy location of the session.
	Geolocation *Geolocation `json:"geolocation,omitempty"`

	// Deprecated: configure the integration type on the client app.
	Mode string `json:"mode,omitempty"`
	// Deprecated: configure raw sessions on the client app.
	Options *LinkOptionsParams `json:"options,omitempty"`
	// Deprecated: configure allowed embed origins on the client app.
	Origin string `json:"origin,omitempty"`
}

// LinkOptionsParams are deprecated per-session options.
type LinkOptionsParams struct {
	ReturnRawSession bool `json:"returnRawSession,omitempty"`
}

// Init starts a Link session. Send the creator to the session's URL; they
// come back to the redirect URL (see ParseLinkCallback) and OFAuth sends a
// connection.created webhook.
//
// POST /v2/link/init
func (s *LinkService) Init(ctx context.Context, p *LinkInitParams, opts ...CallOption) (*LinkSession, error) {
	if p != nil && p.Geolocation != nil && p.Geolocation.Country == "" {
		return nil, refused(opts, fmt.Errorf("%w: geolocation needs a country", ErrInvalidParams))
	}
	if p == nil {
		p = &LinkInitParams{}
	}
	var out LinkSession
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodPost, route: "/v2/link/init", body: p, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// LinkLoginState is the state of a Link login; the set is open.
type LinkLoginState string

// Link login states.
const (
	LinkLoginInitialized        LinkLoginState = "initialized"
	LinkLoginPending            LinkLoginState = "pending"
	LinkLoginAwaiting2FA        LinkLoginState = "awaiting_2fa"
	LinkLoginDenied             LinkLoginState = "denied"
	LinkLoginCompleted          LinkLoginState = "completed"
	LinkLoginInvalidCredentials LinkLoginState = "invalid_credentials"
	LinkLoginFailed             LinkLoginState = "failed"
	LinkLoginNotFound           LinkLoginState = "not_found"
)

// LinkCompletedLogin is a completed login with its raw session.
type LinkCompletedLogin struct {
	ID       string         `json:"id"`
	Session  RawSession     `json:"session"`
	UserData ConnectionUser `json:"userData"`
}

// Format prints the session's user id only.
func (s RawSession) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "{UserID:%s Cookie:%s XBC:%s}", s.UserID, redactedIfSet(s.Cookie), redactedIfSet(s.XBC))
}

// Status polls the login state of a Link session.
//
// GET /v2/link/{clientSecret}
func (s *LinkService) Status(ctx context.Context, clientSecret string, opts ...CallOption) (*LinkLoginStatus, error) {
	var out LinkLoginStatus
	r := &request{opts: opts, method: http.MethodGet, route: "/v2/link/{clientSecret}", args: []string{clientSecret}, out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete ends a Link session.
//
// DELETE /v2/link/{clientSecret}
func (s *LinkService) Delete(ctx context.Context, clientSecret string, opts ...CallOption) error {
	return s.core.do(ctx, &request{opts: opts, method: http.MethodDelete, route: "/v2/link/{clientSecret}", args: []string{clientSecret}})
}

// LinkStatus is the outcome Link reports on the redirect.
type LinkStatus string

// Link outcomes.
const (
	LinkSucceeded LinkStatus = "success"
	LinkCancelled LinkStatus = "cancelled"
	LinkFailed    LinkStatus = "error"
)

// LinkCallback is the query of the redirect back from Link.
type LinkCallback struct {
	Status            LinkStatus
	ConnectionID      string // set on success
	ClientReferenceID string
	Step              string // where a cancelled flow stopped: "pre-login", "authorization", "login", "2fa"
	ErrorCode         string // why a flow failed: "session_expired", "invalid_credentials", …
}

// ErrInvalidCallback is matched by ParseLinkCallback's errors.
var ErrInvalidCallback = errors.New("ofauth: invalid link callback")

// ParseLinkCallback reads the query string of the redirect back from Link.
// It fails for a missing or unknown status and for a success without a
// connection id. The connection.created webhook remains the source of
// truth: a redirect can be forged by anyone who knows the URL.
func ParseLinkCallback(q url.Values) (*LinkCallback, error) {
	cb := &LinkCallback{
		Status:            LinkStatus(strings.TrimSpace(q.Get("status"))),
		ConnectionID:      strings.TrimSpace(q.Get("connection_id")),
		ClientReferenceID: q.Get("client_reference_id"),
		Step:              q.Get("step"),
		ErrorCode:         q.Get("error_code"),
	}
	switch cb.Status {
	case LinkSucceeded:
		if cb.ConnectionID == "" {
			return nil, fmt.Errorf("%w: success without connection_id", ErrInvalidCallback)
		}
	case LinkCancelled, LinkFailed:
	case "canceled":
		cb.Status = LinkCancelled
	case "":
		return nil, fmt.Errorf("%w: missing status", ErrInvalidCallback)
	default:
		return nil, fmt.Errorf("%w: unknown status %q", ErrInvalidCallback, truncateString(string(cb.Status), 64))
	}
	return cb, nil
}

func truncateString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
