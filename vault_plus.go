package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/ofauth-go/ofauth/internal/query"
)

// VaultPlusService manages Vault+, OFAuth's persistent storage of a
// connection's media. Calls other than Stats are connection-scoped: set the
// connection with WithConnectionID or VaultPlusService.WithConnection.
type VaultPlusService struct {
	service
	connID string
}

// WithConnection returns a copy of the service bound to a connection.
func (s *VaultPlusService) WithConnection(connectionID string) *VaultPlusService {
	return &VaultPlusService{service: s.service, connID: strings.TrimSpace(connectionID)}
}

func (s *VaultPlusService) do(ctx context.Context, r *request) error {
	r.connID, r.needsConn = s.connID, true
	return s.core.do(ctx, r)
}

// StoreList queues every media item of a vault list for storage.
//
// POST /v2/vault-plus/store/list/{listId}
func (s *VaultPlusService) StoreList(ctx context.Context, listID int64, opts ...CallOption) (*VaultPlusStoreResult, error) {
	var out VaultPlusStoreResult
	r := &request{opts: opts, method: http.MethodPost, route: "/v2/vault-plus/store/list/{listId}", args: []string{idArg(listID)}, out: &out}
	if err := s.do(ctx, r); err != nil {
		return nil, err
	}
	return &out, nil
}

// StoreStatus returns the connection's storage progress.
//
// GET /v2/vault-plus/store/status
func (s *VaultPlusService) StoreStatus(ctx context.Context, opts ...CallOption) (*VaultPlusStoreStatus, error) {
	var out VaultPlusStoreStatus
	if err := s.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/vault-plus/store/status", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Stats returns the organization's Vault+ totals; it needs no connection.
//
// GET /v2/vault-plus/store/stats
func (s *VaultPlusService) Stats(ctx context.Context, opts ...CallOption) (*VaultPlusStats, error) {
	var out VaultPlusStats
	if err := s.core.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/vault-plus/store/stats", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns one stored media item.
//
// GET /v2/vault-plus/{mediaId}
func (s *VaultPlusService) Get(ctx context.Context, mediaID string, opts ...CallOption) (*VaultPlusItem, error) {
	var out VaultPlusItem
	if err := s.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/vault-plus/{mediaId}", args: []string{mediaID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes a stored media item.
//
// DELETE /v2/vault-plus/{mediaId}
func (s *VaultPlusService) Delete(ctx context.Context, mediaID string, opts ...CallOption) error {
	return s.do(ctx, &request{opts: opts, method: http.MethodDelete, route: "/v2/vault-plus/{mediaId}", args: []string{mediaID}})
}

// maxBatch is the API's limit of media ids per Batch call.
const maxBatch = 100

// Batch returns up to 100 stored media items.
//
// POST /v2/vault-plus/batch
func (s *VaultPlusService) Batch(ctx context.Context, mediaIDs []string, opts ...CallOption) ([]VaultPlusItem, error) {
	if len(mediaIDs) == 0 || len(mediaIDs) > maxBatch {
		return nil, refused(opts, fmt.Errorf("%w: batch takes 1 to %d media ids, got %d", ErrInvalidParams, maxBatch, len(mediaIDs)))
	}
	var out struct {
		Items []VaultPlusItem `json:"items"`
	}
	body := struct {
		MediaIDs []string `json:"mediaIds"`
	}{mediaIDs}
	if err := s.do(ctx, &request{opts: opts, method: http.MethodPost, route: "/v2/vault-plus/batch", body: body, out: &out}); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// VaultPlusListParams filter and page VaultPlusService.List.
type VaultPlusListParams struct {
	Status      string `url:"status"`
	Source      string `url:"source"`
	ContentType string `url:"contentType"`
	Limit       int    `url:"limit"`
	Cursor      string `url:"cursor"` // Page.NextMarker of the previous page
}

// List returns one page of stored media.
//
// GET /v2/vault-plus/list
func (s *VaultPlusService) List(ctx context.Context, p *VaultPlusListParams, opts ...CallOption) (*Page[VaultPlusItem], error) {
	var out vaultPlusList
	if err := s.do(ctx, &request{opts: opts, method: http.MethodGet, route: "/v2/vault-plus/list", query: query.Values(p), out: &out}); err != nil {
		return nil, err
	}
	return markerPage(out.Items, out.NextCursor != "", out.NextCursor), nil
}

// vaultPlusList is the envelope of a Vault+ list page.
type vaultPlusList struct {
	Items      []VaultPlusItem `json:"items"`
	NextCursor string          `json:"nextCursor"`
}

// All walks every stored media item matching p. p is not modified.
func (s *VaultPlusService) All(ctx context.Context, p *VaultPlusListParams, opts ...CallOption) iter.Seq2[*VaultPlusItem, error] {
	return walkMarkers(ctx, opts, p, func(q *VaultPlusListParams) *string { return &q.Cursor }, s.List)
}

// Purge removes every stored media item of the connection.
//
// DELETE /v2/vault-plus/purge
func (s *VaultPlusService) Purge(ctx context.Context, opts ...CallOption) error {
	return s.do(ctx, &request{opts: opts, method: http.MethodDelete, route: "/v2/vault-plus/purge"})
}
