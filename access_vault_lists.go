package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"

	"github.com/ofauth-go/ofauth/internal/query"
)

// VaultListsService covers the folders of the creator's vault (access-endpoints.json tag "Vault Lists").
type VaultListsService struct{ accessGroup }

// List returns one page of vault folders.
//
// GET /v2/access/vault/lists
func (s *VaultListsService) List(ctx context.Context, p *VaultListListParams, opts ...CallOption) (*Page[VaultList], error) {
	out, err := s.ListPage(ctx, p, opts...)
	if err != nil {
		return nil, err
	}
	return offsetPage(out.List, out.HasMore, paramsOf(p).Offset, nil), nil
}

// ListPage is List with the whole answer, including the media counts of
// the whole vault and whether more folders may be created.
//
// GET /v2/access/vault/lists
func (s *VaultListsService) ListPage(ctx context.Context, p *VaultListListParams, opts ...CallOption) (*VaultListsPage, error) {
	return accessGet[VaultListsPage](ctx, s.with(opts), "/v2/access/vault/lists", nil, query.Values(p))
}

// All walks every vault folder matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *VaultListsService) All(ctx context.Context, p *VaultListListParams, opts ...CallOption) iter.Seq2[*VaultList, error] {
	return walkOffsets(ctx, opts, p, func(q *VaultListListParams) *int { return &q.Offset }, s.List)
}

// Create creates a vault folder.
//
// POST /v2/access/vault/lists
func (s *VaultListsService) Create(ctx context.Context, name string, opts ...CallOption) (*VaultList, error) {
	if strings.TrimSpace(name) == "" {
		return nil, refused(opts, fmt.Errorf("%w: empty vault folder name", ErrInvalidParams))
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	return accessSend[VaultList](ctx, s.with(opts), http.MethodPost, "/v2/access/vault/lists", nil, body)
}

// Update renames a vault folder, and empties it when p.ClearMedia is set.
//
// PATCH /v2/access/vault/lists/{listId}
func (s *VaultListsService) Update(ctx context.Context, listID int64, p *VaultListUpdateParams, opts ...CallOption) (*VaultList, error) {
	if p == nil || strings.TrimSpace(p.Name) == "" {
		return nil, refused(opts, fmt.Errorf("%w: empty vault folder name", ErrInvalidParams))
	}
	return accessSend[VaultList](ctx, s.with(opts), http.MethodPatch, "/v2/access/vault/lists/{listId}", []string{strconv.FormatInt(listID, 10)}, p)
}

// Delete deletes a vault folder; its media stay in the vault.
//
// DELETE /v2/access/vault/lists/{listId}
func (s *VaultListsService) Delete(ctx context.Context, listID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/vault/lists/{listId}", args: []string{strconv.FormatInt(listID, 10)}})
}

// Media returns one page of the media of a vault folder.
//
// GET /v2/access/vault/lists/{listId}/media
func (s *VaultListsService) Media(ctx context.Context, listID int64, p *VaultListMediaParams, opts ...CallOption) (*Page[VaultMedia], error) {
	return getOffsetPage[VaultMedia](ctx, s.with(opts), "/v2/access/vault/lists/{listId}/media", []string{strconv.FormatInt(listID, 10)}, query.Values(p), paramsOf(p).Offset)
}

// AllMedia walks the media of a vault folder, page by page, starting at
// p.Offset. p is not modified.
func (s *VaultListsService) AllMedia(ctx context.Context, listID int64, p *VaultListMediaParams, opts ...CallOption) iter.Seq2[*VaultMedia, error] {
	return walkOffsets(ctx, opts, p, func(q *VaultListMediaParams) *int { return &q.Offset }, func(ctx context.Context, q *VaultListMediaParams, o ...CallOption) (*Page[VaultMedia], error) {
		return s.Media(ctx, listID, q, o...)
	})
}

// AddMedia puts vault media (1 to 100 ids) into a folder.
//
// POST /v2/access/vault/lists/{listId}/media
func (s *VaultListsService) AddMedia(ctx context.Context, listID int64, mediaIDs []int64, opts ...CallOption) (*VaultList, error) {
	if len(mediaIDs) == 0 {
		return nil, refused(opts, fmt.Errorf("%w: no media ids", ErrInvalidParams))
	}
	body := struct {
		MediaIDs []int64 `json:"mediaIds"`
	}{mediaIDs}
	return accessSend[VaultList](ctx, s.with(opts), http.MethodPost, "/v2/access/vault/lists/{listId}/media", []string{strconv.FormatInt(listID, 10)}, body)
}
