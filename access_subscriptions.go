package ofauth

import (
	"context"
	"iter"

	"github.com/ofauth-go/ofauth/internal/query"
)

// SubscriptionsService covers the accounts the creator subscribes to (access-endpoints.json tag "Subscriptions").
type SubscriptionsService struct{ accessGroup }

// List returns one page of the accounts the connected account subscribes
// to or follows.
//
// GET /v2/access/subscriptions
func (s *SubscriptionsService) List(ctx context.Context, p *SubscriptionListParams, opts ...CallOption) (*Page[Subscription], error) {
	return getOffsetPage[Subscription](ctx, s.with(opts), "/v2/access/subscriptions", nil, p.values(), paramsOf(p).Offset)
}

// All walks every subscription matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *SubscriptionsService) All(ctx context.Context, p *SubscriptionListParams, opts ...CallOption) iter.Seq2[*Subscription, error] {
	return walkOffsets(ctx, opts, p, func(q *SubscriptionListParams) *int { return &q.Offset }, s.List)
}

// Counts returns how many subscriptions and fans the account has, by
// state.
//
// GET /v2/access/subscriptions/count
func (s *SubscriptionsService) Counts(ctx context.Context, opts ...CallOption) (*SubscriptionCounts, error) {
	return accessGet[SubscriptionCounts](ctx, s.with(opts), "/v2/access/subscriptions/count", nil, nil)
}

// History returns the billing periods of one subscription; the API does
// not page it.
//
// GET /v2/access/subscriptions/{subscriptionId}/history
func (s *SubscriptionsService) History(ctx context.Context, subscriptionID int64, p *SubscriptionHistoryParams, opts ...CallOption) (*SubscriptionHistory, error) {
	return accessGet[SubscriptionHistory](ctx, s.with(opts), "/v2/access/subscriptions/{subscriptionId}/history", []string{idArg(subscriptionID)}, query.Values(p))
}
