package ofauth

import (
	"context"
	"iter"

	"github.com/ofauth-go/ofauth/internal/query"
)

// VaultService covers the creator's media vault (access-endpoints.json tag "Vault").
// Files get into the vault through UploadsService; folders are managed by
// VaultListsService.
type VaultService struct{ accessGroup }

// List returns one page of vault media.
//
// GET /v2/access/vault/media
func (s *VaultService) List(ctx context.Context, p *VaultMediaListParams, opts ...CallOption) (*Page[VaultMedia], error) {
	return getOffsetPage[VaultMedia](ctx, s.with(opts), "/v2/access/vault/media", nil, query.Values(p), paramsOf(p).Offset)
}

// All walks every vault media matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *VaultService) All(ctx context.Context, p *VaultMediaListParams, opts ...CallOption) iter.Seq2[*VaultMedia, error] {
	return walkOffsets(ctx, opts, p, func(q *VaultMediaListParams) *int { return &q.Offset }, s.List)
}
