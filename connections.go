package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"

	"github.com/ofauth-go/ofauth/internal/query"
)

// ConnectionsService manages the organization's creator connections.
type ConnectionsService struct{ service }

// ConnectionStatus is a connection's state. The set is open: compare with
// the constants and treat anything else as unknown.
type ConnectionStatus string

// Connection states.
const (
	ConnectionActive      ConnectionStatus = "active"
	ConnectionExpired     ConnectionStatus = "expired"
	ConnectionAwaiting2FA ConnectionStatus = "awaiting_2fa"
)

// ConnectionListParams filter and page ConnectionsService.List.
type ConnectionListParams struct {
	Status   ConnectionStatus `url:"status"`
	Imported *bool            `url:"imported"` // nil: both kinds
	Limit    int              `url:"limit"`    // 0: the API's default (10)
	Offset   int              `url:"offset"`
}

type connectionList struct {
	List       []Connection `json:"list"`
	HasMore    bool         `json:"hasMore"`
	NextOffset *int         `json:"nextOffset"`
}

// List returns one page of connections.
//
// GET /v2/account/connections
func (s *ConnectionsService) List(ctx context.Context, p *ConnectionListParams, opts ...CallOption) (*Page[Connection], error) {
	var out connectionList
	r := &request{opts: opts, method: http.MethodGet, route: "/v2/account/connections", query: query.Values(p), out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	offset := 0
	if p != nil {
		offset = p.Offset
	}
	return offsetPage(out.List, out.HasMore, offset, out.NextOffset), nil
}

// All walks every connection matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *ConnectionsService) All(ctx context.Context, p *ConnectionListParams, opts ...CallOption) iter.Seq2[*Connection, error] {
	return walkOffsets(ctx, opts, p, func(q *ConnectionListParams) *int { return &q.Offset }, s.List)
}

// Get finds one connection by id. The API has no endpoint for one
// connection, so Get walks the list; the error matches ErrNotFound when no
// connection has that id. Prefer storing what the connection.* webhooks
// send.
func (s *ConnectionsService) Get(ctx context.Context, connectionID string, opts ...CallOption) (*Connection, error) {
	if connectionID == "" {
		return nil, refused(opts, fmt.Errorf("%w: empty connection id", ErrInvalidParams))
	}
	for c, err := range s.All(ctx, &ConnectionListParams{Limit: 100}, opts...) {
		if err != nil {
			return nil, err
		}
		if c.ID == connectionID {
			return c, nil
		}
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Code: CodeResourceNotFound,
		Message: "no connection with id " + connectionID, Method: http.MethodGet, Route: "/v2/account/connections"}
}

// Delete disconnects the creator and removes the connection, which stops
// its billing; it fires connection.disconnected and cannot be undone.
//
// DELETE /v2/account/connections/{connectionId}
func (s *ConnectionsService) Delete(ctx context.Context, connectionID string, opts ...CallOption) error {
	return s.core.do(ctx, &request{opts: opts, method: http.MethodDelete, route: "/v2/account/connections/{connectionId}", args: []string{connectionID}})
}

// Invalidate marks the connection expired and logs the creator out but
// keeps the record, so they can reconnect through Link with its id. It
// fires connection.expired.
//
// POST /v2/account/connections/{connectionId}/invalidate
func (s *ConnectionsService) Invalidate(ctx context.Context, connectionID string, opts ...CallOption) error {
	return s.core.do(ctx, &request{opts: opts, method: http.MethodPost, route: "/v2/account/connections/{connectionId}/invalidate", args: []string{connectionID}})
}

// Settings returns a connection's Vault+ settings and storage figures.
//
// GET /v2/account/connections/{connectionId}/settings
func (s *ConnectionsService) Settings(ctx context.Context, connectionID string, opts ...CallOption) (*ConnectionSettings, error) {
	var out ConnectionSettings
	r := &request{opts: opts, method: http.MethodGet, route: "/v2/account/connections/{connectionId}/settings", args: []string{connectionID}, out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSettings changes a connection's Vault+ settings.
//
// PATCH /v2/account/connections/{connectionId}/settings
func (s *ConnectionsService) UpdateSettings(ctx context.Context, connectionID string, p *ConnectionSettingsUpdateParams, opts ...CallOption) (*ConnectionSettingsResult, error) {
	var out ConnectionSettingsResult
	r := &request{opts: opts, method: http.MethodPatch, route: "/v2/account/connections/{connectionId}/settings", args: []string{connectionID}, body: p, out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// Import adds a connection from an OnlyFans session managed outside OFAuth.
// Imported connections are not billed monthly nor health-checked.
//
// POST /v2/account/connections/import
func (s *ConnectionsService) Import(ctx context.Context, p *ImportConnectionParams, opts ...CallOption) (*Connection, error) {
	if p == nil || p.Cookie == "" || p.UserAgent == "" {
		return nil, refused(opts, fmt.Errorf("%w: import needs a cookie and a user agent", ErrInvalidParams))
	}
	var out Connection
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodPost, route: "/v2/account/connections/import", body: p, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateImport replaces the session of an imported connection; the new
// cookie must belong to the same OnlyFans user. The id is kept.
//
// PATCH /v2/account/connections/import/{connectionId}
func (s *ConnectionsService) UpdateImport(ctx context.Context, connectionID string, p *UpdateImportParams, opts ...CallOption) (*Connection, error) {
	if p == nil || p.Cookie == "" || p.UserAgent == "" {
		return nil, refused(opts, fmt.Errorf("%w: import update needs a cookie and a user agent", ErrInvalidParams))
	}
	var out Connection
	r := &request{opts: opts, method: http.MethodPatch, route: "/v2/account/connections/import/{connectionId}", args: []string{connectionID}, body: p, out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// ConnectionVaultPlusUpdateParams toggles Vault+ and overrides the organization
// defaults for one connection.
type ConnectionVaultPlusUpdateParams struct {
	Enabled  *bool
	Settings *VaultPlusSettings
	// ResetSettings drops the overrides, back to the organization defaults
	// (sent as "settings": null); Settings is then ignored.
	ResetSettings bool
}

// MarshalJSON sends "settings": null for ResetSettings.
func (u ConnectionVaultPlusUpdateParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if u.Enabled != nil {
		m["enabled"] = *u.Enabled
	}
	switch {
	case u.ResetSettings:
		m["settings"] = nil
	case u.Settings != nil:
		m["settings"] = u.Settings
	}
	return json.Marshal(m)
}

// ImportConnectionParams is the body of ConnectionsService.Import. Its
// Cookie is an OnlyFans session: fmt prints it redacted.
type ImportConnectionParams struct {
	Cookie            string   `json:"cookie"`    // must contain auth_id, sess and fp
	UserAgent         string   `json:"userAgent"` // the user agent that created the session
	Permissions       []string `json:"permissions,omitempty"`
	ClientReferenceID string   `json:"clientReferenceId,omitempty"`
}

// Format prints the params with the cookie redacted.
func (p ImportConnectionParams) Format(f fmt.State, verb rune) {
	p.Cookie = redactedIfSet(p.Cookie)
	type plain ImportConnectionParams
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(p))
}

// UpdateImportParams is the body of ConnectionsService.UpdateImport. Its
// Cookie is an OnlyFans session: fmt prints it redacted.
type UpdateImportParams struct {
	Cookie    string `json:"cookie"`
	UserAgent string `json:"userAgent"`
}

// Format prints the params with the cookie redacted.
func (p UpdateImportParams) Format(f fmt.State, verb rune) {
	p.Cookie = redactedIfSet(p.Cookie)
	type plain UpdateImportParams
	fmt.Fprintf(f, fmt.FormatString(f, verb), plain(p))
}

func redactedIfSet(s string) string {
	if s == "" {
		return ""
	}
	return "[REDACTED]"
}
