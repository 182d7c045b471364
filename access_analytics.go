package ofauth

import (
	"context"
	"iter"

	"github.com/ofauth-go/ofauth/internal/query"
)

// AnalyticsService covers the creator's statistics: posts, stories,
// streams, mass messages, promotions, trials, campaigns and visitors.
//
// The charts return their series by name (a ChartSeries per metric); the
// top lists page by offset, and their All methods walk every page.
type AnalyticsService struct{ accessGroup }

// The methods of AnalyticsService are generated from spec/openapi.yaml
// into access_analytics_gen.go, except the two below (x-go-override in the
// spec): TopCampaigns's answer is a bare array or a page, and
// SentMassMessages is one page the API cannot follow, so it has no
// iterator.

// TopCampaigns returns one page of the best performing tracking links
// (campaigns).
//
// GET /v2/access/analytics/campaigns/top
func (s *AnalyticsService) TopCampaigns(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) (*Page[TopCampaign], error) {
	return fetchListOrArray[TopCampaign](ctx, s.with(opts), "/v2/access/analytics/campaigns/top", query.Values(p), paramsOf(p).Offset, paramsOf(p).Limit, analyticsDefaultLimit)
}

// AllTopCampaigns walks the whole campaign ranking from p.Offset on. p is
// not modified.
func (s *AnalyticsService) AllTopCampaigns(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) iter.Seq2[*TopCampaign, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsTopParams) *int { return &q.Offset }, s.TopCampaigns)
}

// SentMassMessages returns the mass messages sent in a period, with their
// figures. The endpoint cannot be paged: the result is one page, and
// HasMore says whether the API left messages out (raise p.Limit or narrow
// the period to see them).
//
// GET /v2/access/analytics/mass-messages/sent
func (s *AnalyticsService) SentMassMessages(ctx context.Context, p *SentMassMessagesParams, opts ...CallOption) (*Page[MassMessageStat], error) {
	out, err := accessGet[analyticsItems[MassMessageStat]](ctx, s.with(opts), "/v2/access/analytics/mass-messages/sent", nil, query.Values(p))
	if err != nil {
		return nil, err
	}
	return &Page[MassMessageStat]{Items: out.Items, HasMore: out.HasMore}, nil
}
