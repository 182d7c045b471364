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

// The methods of VaultListsService are generated from spec/openapi.yaml
// into access_vault_lists_gen.go, except those below (x-go-override in the
// spec): List reads its page from the whole answer ListPage returns, and
// Create and AddMedia wrap their argument into the body.

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
