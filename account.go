package ofauth

import (
	"context"
	"net/http"
)

// AccountService reads the organization behind the API key and its
// settings.
type AccountService struct{ service }

// Whoami returns the organization of the API key; it is the cheapest way to
// check that a key works.
//
// GET /v2/account/whoami
func (s *AccountService) Whoami(ctx context.Context, opts ...CallOption) (*Account, error) {
	var out Account
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/account/whoami", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Settings returns the organization's settings.
//
// GET /v2/account/settings
func (s *AccountService) Settings(ctx context.Context, opts ...CallOption) (*AccountSettings, error) {
	var out AccountSettings
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/account/settings", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateSettings changes the organization's settings; unset fields are left
// as they are.
//
// PATCH /v2/account/settings
func (s *AccountService) UpdateSettings(ctx context.Context, p *AccountSettingsUpdateParams, opts ...CallOption) (*AccountSettingsResult, error) {
	var out AccountSettingsResult
	r := &request{opts: opts, method: http.MethodPatch, route: "/v2/account/settings", body: p, out: &out}
	if err := s.core.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// OrgVaultPlusUpdateParams changes the organization's Vault+ configuration.
type OrgVaultPlusUpdateParams struct {
	AutoEnableForNewConnections *bool `json:"autoEnableForNewConnections,omitempty"`
	// ApplyToExistingConnections propagates the defaults to every connection.
	ApplyToExistingConnections *bool              `json:"applyToExistingConnections,omitempty"`
	DefaultSettings            *VaultPlusSettings `json:"defaultSettings,omitempty"`
}

// Ptr returns a pointer to v, for the optional fields of params.
func Ptr[T any](v T) *T { return &v }
