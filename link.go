package ofauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
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

// Geolocation is where the session's proxy should be. Country is required
// when a Geolocation is sent.
type Geolocation struct {
	Country string `json:"country"`
	State   string `json:"state,omitempty"`
	City    string `json:"city,omitempty"`
}

// LinkOptionsParams are deprecated per-session options.
type LinkOptionsParams struct {
	ReturnRawSession bool `json:"returnRawSession,omitempty"`
}

// LinkSession is a started Link session: a URL to send the creator to
// (hosted), or a client secret for your own UI (whitelabel).
type LinkSession struct {
	Mode         string    `json:"mode"`
	URL          string    `json:"url"`
	ClientSecret string    `json:"clientSecret"`
	ExpiresAt    time.Time `json:"expiresAt"`
}

// UnmarshalJSON fills the mode and client secret when the response left
// them out: older deployments send only {url, expiresAt}.
func (s *LinkSession) UnmarshalJSON(b []byte) error {
	var aux struct {
		Mode         string     `json:"mode"`
		URL          string     `json:"url"`
		ClientSecret string     `json:"clientSecret"`
		ExpiresAt    jsonx.Time `json:"expiresAt"`
	}
	if err := unmarshalJSON(b, &aux); err != nil {
		return err
	}
	*s = LinkSession{Mode: aux.Mode, URL: aux.URL, ClientSecret: aux.ClientSecret, ExpiresAt: aux.ExpiresAt.Time}
	if s.ClientSecret == "" {
		s.ClientSecret = clientSecretFromURL(s.URL)
	}
	if s.Mode == "" {
		s.Mode = LinkModeWhitelabel
		if s.URL != "" {
			s.Mode = LinkModeHosted
		}
	}
	return nil
}

// clientSecretFromURL finds the cs_… segment of a hosted Link URL, so the
// session's status can be polled.
func clientSecretFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if strings.HasPrefix(seg, "cs_") {
			return seg
		}
	}
	return ""
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

// LinkLoginStatus is the state of a Link session's login.
type LinkLoginStatus struct {
	Status LinkLoginState `json:"status"`
	// TwoFactor is set while the login awaits a second factor.
	TwoFactor *TwoFactorState `json:"-"`
	// Completed is set when the login completed and the app receives raw
	// sessions.
	Completed *LinkCompletedLogin `json:"-"`
	// Data is the response's data as sent.
	Data json.RawMessage `json:"data,omitempty"`
}

// UnmarshalJSON decodes data by its shape.
func (s *LinkLoginStatus) UnmarshalJSON(b []byte) error {
	var aux struct {
		Status LinkLoginState  `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := unmarshalJSON(b, &aux); err != nil {
		return err
	}
	*s = LinkLoginStatus{Status: aux.Status}
	if len(aux.Data) == 0 || string(aux.Data) == "null" {
		return nil
	}
	s.Data = aux.Data
	var shape struct {
		TwoFactorState *TwoFactorState `json:"twoFactorState"`
		Session        *RawSession     `json:"session"`
	}
	if unmarshalJSON(aux.Data, &shape) != nil {
		return nil //nolint:nilerr // an unknown data shape is kept raw in Data
	}
	s.TwoFactor = shape.TwoFactorState
	if shape.Session != nil {
		var done LinkCompletedLogin
		if unmarshalJSON(aux.Data, &done) == nil {
			s.Completed = &done
		}
	}
	return nil
}

// Format prints the status without the session of a completed login: Data
// is redacted when it holds one, and Completed is printed through
// RawSession's redaction, for every verb.
func (s LinkLoginStatus) Format(f fmt.State, verb rune) {
	// Completed is shown by value: fmt prints a pointer under a verb it does
	// not suit (%s, %q) without calling any Format method inside it.
	type LinkLoginStatus struct {
		Status    LinkLoginState
		TwoFactor *TwoFactorState
		Completed any
		Data      json.RawMessage
	}
	v := LinkLoginStatus{Status: s.Status, TwoFactor: s.TwoFactor, Data: s.Data}
	if s.Completed != nil {
		v.Completed = *s.Completed
	}
	var probe struct {
		Session json.RawMessage `json:"session"`
	}
	if json.Unmarshal(s.Data, &probe) == nil && len(probe.Session) > 0 && string(probe.Session) != "null" {
		v.Data = json.RawMessage(`"[REDACTED]"`)
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}

// TwoFactorState describes the second factor a login waits for.
type TwoFactorState struct {
	Options    []string       `json:"options"` // "phone", "app", "face", "forceFace"
	PhoneCode  *TwoFactorCode `json:"phoneCode,omitempty"`
	FaceCode   *TwoFactorCode `json:"faceCode,omitempty"`
	PhoneLast4 string         `json:"phoneLast4,omitempty"`
}

// TwoFactorCode holds the attempt counters of one second factor.
type TwoFactorCode struct {
	RequestAttemptsLimit int       `json:"requestAttemptsLimit"`
	RequestAttemptsLeft  int       `json:"requestAttemptsLeft"`
	CheckAttemptsLimit   int       `json:"checkAttemptsLimit,omitempty"`
	CheckAttemptsLeft    int       `json:"checkAttemptsLeft,omitempty"`
	ExpirationDate       time.Time `json:"expirationDate"`
	ExpirationSeconds    int       `json:"expirationSeconds,omitempty"`
	LastSentDate         time.Time `json:"lastSentDate"`
}

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
