package ofauth

import (
	"context"
	"iter"
	"strconv"

	"github.com/ofauth-go/ofauth/internal/query"
)

// AnalyticsService covers the creator's statistics: posts, stories,
// streams, mass messages, promotions, trials, campaigns and visitors.
//
// The charts return their series by name (a ChartSeries per metric); the
// top lists page by offset, and their All methods walk every page.
type AnalyticsService struct{ accessGroup }

// PostsChart returns the post series (purchases, tips, views, likes,
// comments, posts) by name, or the one series p.By picks.
//
// GET /v2/access/analytics/posts/chart
func (s *AnalyticsService) PostsChart(ctx context.Context, p *AnalyticsMetricChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/posts/chart", p)
}

// StoriesChart returns the story series by name, or the one series p.By
// picks.
//
// GET /v2/access/analytics/stories/chart
func (s *AnalyticsService) StoriesChart(ctx context.Context, p *AnalyticsMetricChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/stories/chart", p)
}

// StreamsChart returns the live-stream series by name, or the one series
// p.By picks.
//
// GET /v2/access/analytics/streams/chart
func (s *AnalyticsService) StreamsChart(ctx context.Context, p *AnalyticsMetricChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/streams/chart", p)
}

// CampaignsChart returns the tracking-link (campaign) series by name.
//
// GET /v2/access/analytics/campaigns/chart
func (s *AnalyticsService) CampaignsChart(ctx context.Context, p *AnalyticsChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/campaigns/chart", p)
}

// PromotionsChart returns the promotion series by name.
//
// GET /v2/access/analytics/promotions/chart
func (s *AnalyticsService) PromotionsChart(ctx context.Context, p *AnalyticsChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/promotions/chart", p)
}

// TrialsChart returns the free-trial link series by name.
//
// GET /v2/access/analytics/trials/chart
func (s *AnalyticsService) TrialsChart(ctx context.Context, p *AnalyticsChartParams, opts ...CallOption) (map[string]ChartSeries, error) {
	return s.chart(ctx, opts, "/v2/access/analytics/trials/chart", p)
}

// MassMessagesChart returns the mass-message sends and purchases, group
// versus direct.
//
// GET /v2/access/analytics/mass-messages/chart
func (s *AnalyticsService) MassMessagesChart(ctx context.Context, p *AnalyticsChartParams, opts ...CallOption) (*MassMessagesChart, error) {
	return accessGet[MassMessagesChart](ctx, s.with(opts), "/v2/access/analytics/mass-messages/chart", nil, query.Values(p))
}

// VisitorCountriesChart returns the profile visitors and visit duration
// over time.
//
// GET /v2/access/analytics/visitor-countries/chart
func (s *AnalyticsService) VisitorCountriesChart(ctx context.Context, p *AnalyticsVisitorParams, opts ...CallOption) (*VisitorCountriesChart, error) {
	return accessGet[VisitorCountriesChart](ctx, s.with(opts), "/v2/access/analytics/visitor-countries/chart", nil, query.Values(p))
}

// TopVisitorCountries returns the countries ranked by profile visits. The
// API sends one ranking, with no way to page it.
//
// GET /v2/access/analytics/visitor-countries/top
func (s *AnalyticsService) TopVisitorCountries(ctx context.Context, p *AnalyticsVisitorParams, opts ...CallOption) (*VisitorCountriesTop, error) {
	return accessGet[VisitorCountriesTop](ctx, s.with(opts), "/v2/access/analytics/visitor-countries/top", nil, query.Values(p))
}

// PostStats returns one post's detailed statistics.
//
// GET /v2/access/analytics/posts/{postId}
func (s *AnalyticsService) PostStats(ctx context.Context, postID int64, opts ...CallOption) (*PostStats, error) {
	return accessGet[PostStats](ctx, s.with(opts), "/v2/access/analytics/posts/{postId}", []string{strconv.FormatInt(postID, 10)}, nil)
}

// TopPosts returns one page of the posts ranked by p.By.
//
// GET /v2/access/analytics/posts/top
func (s *AnalyticsService) TopPosts(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) (*Page[TopPost], error) {
	return analyticsItemsPage[TopPost](ctx, s.with(opts), "/v2/access/analytics/posts/top", p, paramsOf(p).Offset)
}

// AllTopPosts walks the whole post ranking from p.Offset on. p is not
// modified.
func (s *AnalyticsService) AllTopPosts(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) iter.Seq2[*TopPost, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsMetricTopParams) *int { return &q.Offset }, s.TopPosts)
}

// TopStories returns one page of the stories ranked by p.By.
//
// GET /v2/access/analytics/stories/top
func (s *AnalyticsService) TopStories(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) (*Page[TopStory], error) {
	return analyticsItemsPage[TopStory](ctx, s.with(opts), "/v2/access/analytics/stories/top", p, paramsOf(p).Offset)
}

// AllTopStories walks the whole story ranking from p.Offset on. p is not
// modified.
func (s *AnalyticsService) AllTopStories(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) iter.Seq2[*TopStory, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsMetricTopParams) *int { return &q.Offset }, s.TopStories)
}

// TopStreams returns one page of the live streams ranked by p.By.
//
// GET /v2/access/analytics/streams/top
func (s *AnalyticsService) TopStreams(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) (*Page[TopStream], error) {
	return analyticsItemsPage[TopStream](ctx, s.with(opts), "/v2/access/analytics/streams/top", p, paramsOf(p).Offset)
}

// AllTopStreams walks the whole stream ranking from p.Offset on. p is not
// modified.
func (s *AnalyticsService) AllTopStreams(ctx context.Context, p *AnalyticsMetricTopParams, opts ...CallOption) iter.Seq2[*TopStream, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsMetricTopParams) *int { return &q.Offset }, s.TopStreams)
}

// TopPromotions returns one page of the best performing promotions.
//
// GET /v2/access/analytics/promotions/top
func (s *AnalyticsService) TopPromotions(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) (*Page[TopPromotion], error) {
	return analyticsItemsPage[TopPromotion](ctx, s.with(opts), "/v2/access/analytics/promotions/top", p, paramsOf(p).Offset)
}

// AllTopPromotions walks the whole promotion ranking from p.Offset on. p
// is not modified.
func (s *AnalyticsService) AllTopPromotions(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) iter.Seq2[*TopPromotion, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsTopParams) *int { return &q.Offset }, s.TopPromotions)
}

// TopTrials returns one page of the best performing free-trial links.
//
// GET /v2/access/analytics/trials/top
func (s *AnalyticsService) TopTrials(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) (*Page[TopTrial], error) {
	return analyticsItemsPage[TopTrial](ctx, s.with(opts), "/v2/access/analytics/trials/top", p, paramsOf(p).Offset)
}

// AllTopTrials walks the whole free-trial ranking from p.Offset on. p is
// not modified.
func (s *AnalyticsService) AllTopTrials(ctx context.Context, p *AnalyticsTopParams, opts ...CallOption) iter.Seq2[*TopTrial, error] {
	return walkOffsets(ctx, opts, p, func(q *AnalyticsTopParams) *int { return &q.Offset }, s.TopTrials)
}

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

// PurchasedMassMessages returns one page of the mass messages fans bought,
// with their figures.
//
// GET /v2/access/analytics/mass-messages/purchased
func (s *AnalyticsService) PurchasedMassMessages(ctx context.Context, p *PurchasedMassMessagesParams, opts ...CallOption) (*Page[MassMessageStat], error) {
	return analyticsItemsPage[MassMessageStat](ctx, s.with(opts), "/v2/access/analytics/mass-messages/purchased", p, paramsOf(p).Offset)
}

// AllPurchasedMassMessages walks every purchased mass message from
// p.Offset on. p is not modified.
func (s *AnalyticsService) AllPurchasedMassMessages(ctx context.Context, p *PurchasedMassMessagesParams, opts ...CallOption) iter.Seq2[*MassMessageStat, error] {
	return walkOffsets(ctx, opts, p, func(q *PurchasedMassMessagesParams) *int { return &q.Offset }, s.PurchasedMassMessages)
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

// MassMessageBuyers returns one page of the fans who bought a mass
// message. The next page starts at the returned Page.NextMarker.
//
// GET /v2/access/analytics/mass-messages/{massMessageId}/buyers
func (s *AnalyticsService) MassMessageBuyers(ctx context.Context, massMessageID int64, p *MassMessageBuyersParams, opts ...CallOption) (*Page[UserBrief], error) {
	return getMarkerPage[UserBrief](ctx, s.with(opts), "/v2/access/analytics/mass-messages/{massMessageId}/buyers",
		[]string{strconv.FormatInt(massMessageID, 10)}, query.Values(p))
}

// AllMassMessageBuyers walks every buyer of a mass message, from p.Marker
// on. p is not modified.
func (s *AnalyticsService) AllMassMessageBuyers(ctx context.Context, massMessageID int64, p *MassMessageBuyersParams, opts ...CallOption) iter.Seq2[*UserBrief, error] {
	return walkMarkers(ctx, opts, p, func(q *MassMessageBuyersParams) *string { return &q.Marker }, func(ctx context.Context, q *MassMessageBuyersParams, o ...CallOption) (*Page[UserBrief], error) {
		return s.MassMessageBuyers(ctx, massMessageID, q, o...)
	})
}

// chart fetches a set of series keyed by name.
func (s *AnalyticsService) chart(ctx context.Context, opts []CallOption, route string, p any) (map[string]ChartSeries, error) {
	out, err := accessGet[map[string]ChartSeries](ctx, s.with(opts), route, nil, query.Values(p))
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// analyticsItemsPage fetches one {hasMore, items} page that starts at
// offset.
func analyticsItemsPage[T any](ctx context.Context, g accessGroup, route string, p any, offset int) (*Page[T], error) {
	out, err := accessGet[analyticsItems[T]](ctx, g, route, nil, query.Values(p))
	if err != nil {
		return nil, err
	}
	return offsetPage(out.Items, out.HasMore, offset, nil), nil
}
