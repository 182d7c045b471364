package ofauth

import (
	"context"
	"net/http"
)

// AccountService reads the organization behind the API key and its
// settings.
type AccountService struct{ service }

// Account is the organization an API key belongs to.
type Account struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
}

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

// AccountSettings are the organization's settings.
type AccountSettings struct {
	VaultPlus OrgVaultPlus `json:"vaultPlus"`
}

// OrgVaultPlus is the organization's Vault+ configuration.
type OrgVaultPlus struct {
	AutoEnableForNewConnections bool              `json:"autoEnableForNewConnections"`
	DefaultSettings             VaultPlusSettings `json:"defaultSettings"`
}

// AccountSettingsUpdateParams is the body of AccountService.UpdateSettings.
type AccountSettingsUpdateParams struct {
	VaultPlus *OrgVaultPlusUpdateParams `json:"vaultPlus,omitempty"`
}

// OrgVaultPlusUpdateParams changes the organization's Vault+ configuration.
type OrgVaultPlusUpdateParams struct {
	AutoEnableForNewConnections *bool `json:"autoEnableForNewConnections,omitempty"`
	// ApplyToExistingConnections propagates the defaults to every connection.
	ApplyToExistingConnections *bool              `json:"applyToExistingConnections,omitempty"`
	DefaultSettings            *VaultPlusSettings `json:"defaultSettings,omitempty"`
}

// AccountSettingsResult is the answer of AccountService.UpdateSettings.
type AccountSettingsResult struct {
	Settings AccountSettings `json:"settings"`
	// BroadcastResult is set when the defaults were applied to existing
	// connections.
	BroadcastResult *BroadcastResult `json:"broadcastResult,omitempty"`
}

// BroadcastResult tells what applying defaults to every connection did.
type BroadcastResult struct {
	AffectedConnections int           `json:"affectedConnections"`
	PurgeResults        []PurgeResult `json:"purgeResults"`
}

// PurgeResult tells what a settings change purged from Vault+ storage.
type PurgeResult struct {
	ConnectionID string `json:"connectionId,omitempty"`
	PurgedCount  int    `json:"purgedCount"`
	FreedBytes   int64  `json:"freedBytes"`
}

// VaultPlusSettings configure Vault+ media storage. In updates and
// per-connection overrides every field is optional: nil leaves it as is.
type VaultPlusSettings struct {
	AutoCacheVault            *bool    `json:"autoCacheVault,omitempty"`
	AutoCacheMessages         *bool    `json:"autoCacheMessages,omitempty"`
	AutoCachePosts            *bool    `json:"autoCachePosts,omitempty"`
	AutoCacheStories          *bool    `json:"autoCacheStories,omitempty"`
	MinAccessCountVault       *int     `json:"minAccessCountVault,omitempty"`
	MinAccessCountMessages    *int     `json:"minAccessCountMessages,omitempty"`
	MinAccessCountPosts       *int     `json:"minAccessCountPosts,omitempty"`
	MinAccessCountStories     *int     `json:"minAccessCountStories,omitempty"`
	CacheImages               *bool    `json:"cacheImages,omitempty"`
	CacheVideos               *bool    `json:"cacheVideos,omitempty"`
	CacheAudio                *bool    `json:"cacheAudio,omitempty"`
	ImageQualities            []string `json:"imageQualities,omitempty"` // "thumb", "preview", "full"
	VideoQualities            []string `json:"videoQualities,omitempty"` // "preview", "720p", "1080p", "source"
	RetentionDays             *int     `json:"retentionDays,omitempty"`
	AccessExpiryDays          *int     `json:"accessExpiryDays,omitempty"`
	PresignedURLTTLSeconds    *int     `json:"presignedUrlTtlSeconds,omitempty"`
	StorageLimitBytes         *int64   `json:"storageLimitBytes,omitempty"`
	StorageLimitPurgeStrategy string   `json:"storageLimitPurgeStrategy,omitempty"` // "purge_oldest", "purge_largest", "purge_smallest", "block_new"
}

// Ptr returns a pointer to v, for the optional fields of params.
func Ptr[T any](v T) *T { return &v }
