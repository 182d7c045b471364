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
func (s *VaultService) List(ctx context.Context, p *VaultMediaListParams) (*Page[VaultMedia], error) {
	return getOffsetPage[VaultMedia](ctx, s.accessGroup, "/v2/access/vault/media", nil, p)
}

// All walks every vault media matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *VaultService) All(ctx context.Context, p *VaultMediaListParams) iter.Seq2[*VaultMedia, error] {
	var params VaultMediaListParams
	if p != nil {
		params = *p
	}
	return paginate(ctx, pageCursor{offset: params.Offset}, func(ctx context.Context, c pageCursor) (*Page[VaultMedia], error) {
		q := params
		q.Offset = c.offset
		return s.List(ctx, &q)
	})
}

// offsetList is the envelope of offset-paged Access lists.
type offsetList[T any] struct {
	List       []T  `json:"list"`
	HasMore    bool `json:"hasMore"`
	NextOffset *int `json:"nextOffset"`
}

// offsetParams are the query params of an offset-paged list; a nil
// pointer starts at 0.
type offsetParams interface{ startOffset() int }

// getOffsetPage GETs one page of an offset-paged list, with p as the query
// string.
func getOffsetPage[T any](ctx context.Context, g accessGroup, route string, args []string, p offsetParams) (*Page[T], error) {
	out, err := accessGet[offsetList[T]](ctx, g, route, args, query.Values(p))
	if err != nil {
		return nil, err
	}
	return offsetPage(out.List, out.HasMore, p.startOffset(), out.NextOffset), nil
}
