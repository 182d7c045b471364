package ofauth

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// promoStatsConn is the connection the Analytics and Promotions tests bind.
const promoStatsConn = "conn_promo_stats"

// chartBody is a chart response with one series per name.
const chartBody = `{
	"purchases": {"chart": [{"date": "2024-03-01T00:00:00.000Z", "count": 12.5}, {"date": "2024-03-02T00:00:00.000Z", "count": 0}], "total": 150.75, "delta": -3.5, "gross": 188.44},
	"tips": {"chart": [], "total": 0, "delta": 0}
}`

func TestAnalyticsCharts(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	start, end := time.Date(2024, 3, 1, 1, 0, 0, 0, cet), time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	metric := &AnalyticsMetricChartParams{StartDate: start, EndDate: end, WithTotal: true, By: MetricPurchases}
	plain := &AnalyticsChartParams{StartDate: start, EndDate: end, WithTotal: true}
	withBy := url.Values{"startDate": {"2024-03-01T00:00:00Z"}, "endDate": {"2024-03-31"}, "withTotal": {"true"}, "by": {"purchases"}}
	noBy := url.Values{"startDate": {"2024-03-01T00:00:00Z"}, "endDate": {"2024-03-31"}, "withTotal": {"true"}}

	tests := []struct {
		path      string
		wantQuery url.Values
		call      func(*AnalyticsService, bool) (map[string]ChartSeries, error)
	}{
		{"/posts/chart", withBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.PostsChart(context.Background(), pick(set, metric))
		}},
		{"/stories/chart", withBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.StoriesChart(context.Background(), pick(set, metric))
		}},
		{"/streams/chart", withBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.StreamsChart(context.Background(), pick(set, metric))
		}},
		{"/campaigns/chart", noBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.CampaignsChart(context.Background(), pick(set, plain))
		}},
		{"/promotions/chart", noBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.PromotionsChart(context.Background(), pick(set, plain))
		}},
		{"/trials/chart", noBy, func(s *AnalyticsService, set bool) (map[string]ChartSeries, error) {
			return s.TrialsChart(context.Background(), pick(set, plain))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			var queries []url.Values
			handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics"+tt.path, chartBody, func(r *http.Request) {
				queries = append(queries, r.URL.Query())
			})

			got, err := tt.call(a.Analytics, true)
			require.NoError(t, err)
			require.Len(t, got, 2)
			p := got["purchases"]
			assert.Equal(t, 150.75, p.Total)
			assert.Equal(t, -3.5, p.Delta)
			assert.Equal(t, 188.44, p.Gross)
			require.Len(t, p.Chart, 2)
			assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), p.Chart[0].Date.UTC())
			assert.Equal(t, 12.5, p.Chart[0].Count)
			assert.Empty(t, got["tips"].Chart)

			_, err = tt.call(a.Analytics, false)
			require.NoError(t, err)
			require.Len(t, queries, 2)
			assert.Equal(t, tt.wantQuery, queries[0])
			assert.Empty(t, queries[1], "nil params send no query")
		})
	}
}

func TestAnalyticsMassMessagesChart(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/mass-messages/chart", `{
		"group_messages": {"chart": [{"date": "2024-03-01T00:00:00Z", "count": 4}], "total": 4, "delta": 1},
		"group_messages_purchases": {"chart": [{"date": "2024-03-01T00:00:00Z", "count": 9.99}], "total": 89.91, "delta": 12.5},
		"direct_messages": {"chart": [], "total": 17, "delta": 0},
		"direct_messages_purchases": {"chart": [], "total": 0, "delta": 0}
	}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"endDate": {"2024-04-01"}}, r.URL.Query())
	})
	got, err := a.Analytics.MassMessagesChart(context.Background(), &AnalyticsChartParams{EndDate: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Equal(t, 4.0, got.GroupMessages.Total)
	assert.Equal(t, 89.91, got.GroupMessagesPurchases.Total)
	assert.Equal(t, 9.99, got.GroupMessagesPurchases.Chart[0].Count)
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), got.GroupMessagesPurchases.Chart[0].Date)
	assert.Equal(t, 17.0, got.DirectMessages.Total)
	assert.Empty(t, got.DirectMessagesPurchases.Chart)
}

func TestAnalyticsVisitorCountries(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	wantQuery := url.Values{"startDate": {"2024-01-01"}, "by": {"guests"}}
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/visitor-countries/chart", `{
		"isAvailable": true, "hasStats": true,
		"chart": {"visitors": [{"date": "2024-01-01", "count": 320}], "duration": [{"date": "2024-01-01", "count": 41.5}]},
		"total": {"current": "1,204", "delta": 7.25}
	}`, func(r *http.Request) { assert.Equal(t, wantQuery, r.URL.Query()) })
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/visitor-countries/top", `{
		"isAvailable": true, "hasStats": true,
		"topCountries": {"hasMore": true, "totals": {"total": 1204, "guests": "800", "users": "404", "subscribers": 96},
			"rows": [{"rank": 1, "countryName": "United States", "countryCode": "US", "viewsCount": {"total": 640, "guests": 420, "users": 220, "subscribers": 51}}]}
	}`, func(r *http.Request) { assert.Equal(t, wantQuery, r.URL.Query()) })
	p := &AnalyticsVisitorParams{StartDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), By: VisitorsGuests}

	chart, err := a.Analytics.VisitorCountriesChart(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, chart.IsAvailable)
	assert.Equal(t, "1,204", chart.Total.Current)
	assert.Equal(t, 7.25, chart.Total.Delta)
	assert.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), chart.Chart.Visitors[0].Date)
	assert.Equal(t, 320.0, chart.Chart.Visitors[0].Count)
	assert.Equal(t, 41.5, chart.Chart.Duration[0].Count)

	top, err := a.Analytics.TopVisitorCountries(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, top.TopCountries.HasMore)
	assert.Equal(t, "800", top.TopCountries.Totals.Guests)
	assert.Equal(t, 96.0, top.TopCountries.Totals.Subscribers)
	require.Len(t, top.TopCountries.Rows, 1)
	row := top.TopCountries.Rows[0]
	assert.Equal(t, CountryRow{Rank: 1, CountryName: "United States", CountryCode: "US",
		ViewsCount: VisitorCounts{Total: 640, Guests: 420, Users: 220, Subscribers: 51}}, row)
}

func TestAnalyticsPostStats(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/posts/9007199254740993", `{
		"isAvailable": true, "hasStats": true, "hasVideo": true,
		"lookCount": 5120, "uniqueLookCount": 3001, "uniqueLookChart": [], "lookChart": [{"date": "2024-03-01T00:00:00Z", "count": 410}],
		"lookDuration": 15360.5, "lookDurationAverage": 3.2,
		"likeCount": 212, "likeChart": [], "commentCount": 14, "commentChart": [],
		"tipCount": 6, "tipChart": [], "tipSum": 75.5, "purchasedCount": 31, "purchasedSumm": 309.69,
		"tipSumChart": [{"date": "2024-03-02T00:00:00Z", "count": 25}], "purchasesChart": null
	}`, assertNoBodyFn(t))
	got, err := a.Analytics.PostStats(context.Background(), 9007199254740993)
	require.NoError(t, err)
	assert.True(t, got.HasVideo)
	assert.Equal(t, int64(5120), got.LookCount)
	assert.Equal(t, 15360.5, got.LookDuration)
	assert.Equal(t, 75.5, got.TipSum)
	assert.Equal(t, 309.69, got.PurchasedSum)
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), got.LookChart[0].Date)
	assert.Equal(t, 25.0, got.TipSumChart[0].Count)
	assert.Nil(t, got.PurchasesChart)
}

func TestAnalyticsTopPosts(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/posts/top", `{"hasMore": true, "items": [{
		"id": 3210987654, "canDelete": true, "canEdit": true, "mediaCount": 1,
		"media": [{"id": 88001, "type": "photo", "canView": true, "createdAt": "2024-02-28T10:00:00+00:00", "isReady": true, "releaseForms": []}],
		"canViewMedia": true, "author": {"id": 555, "_view": "a"}, "responseType": "post",
		"postedAt": "2024-03-01T12:30:00+00:00", "postedAtPrecise": "1709296200.000000",
		"isMarkdownDisabled": false, "isOpened": true, "canToggleFavorite": true, "tipsAmount": "45.50",
		"text": "<p>New set</p>", "isFavorite": false, "canComment": true, "favoritesCount": 87, "isMediaReady": true, "rawText": "New set",
		"stats": {"isAvailable": true, "hasStats": true, "lookCount": 1200, "uniqueLookCount": 800, "uniqueLookChart": [], "lookChart": [],
			"lookDuration": 5400.5, "lookDurationAverage": 4.5, "likeCount": 87, "likeChart": [], "commentCount": 5, "commentChart": [],
			"tipCount": 3, "tipChart": [], "tipSum": 45.5, "purchasedCount": 12, "purchasedSumm": 119.88},
		"hasVoting": true, "votingType": 1,
		"voting": {"finishedAt": "2024-03-08T12:30:00Z", "total": 60, "options": [{"id": 1, "text": "Yes", "count": 40, "percent": 66.67, "isWinner": true}]}
	}]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"by": {"purchases"}, "limit": {"10"}, "offset": {"20"}, "startDate": {"2024-03-01"}}, r.URL.Query())
	})
	page, err := a.Analytics.TopPosts(context.Background(), &AnalyticsMetricTopParams{
		By: MetricPurchases, StartDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Limit: 10, Offset: 20,
	})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 21, page.NextOffset)
	require.Len(t, page.Items, 1)
	p := page.Items[0]
	assert.Equal(t, int64(3210987654), p.ID)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC), p.PostedAt.UTC())
	assert.Equal(t, "45.50", p.TipsAmount)
	assert.Equal(t, &AuthorRef{ID: 555, View: "a"}, p.Author)
	assert.Equal(t, int64(88001), p.Media[0].ID)
	assert.Equal(t, time.Date(2024, 2, 28, 10, 0, 0, 0, time.UTC), p.Media[0].CreatedAt.UTC())
	require.NotNil(t, p.Stats)
	assert.Equal(t, 119.88, p.Stats.PurchasedSum)
	assert.Equal(t, int64(1200), p.Stats.LookCount)
	require.NotNil(t, p.Voting)
	assert.Equal(t, time.Date(2024, 3, 8, 12, 30, 0, 0, time.UTC), p.Voting.FinishedAt)
	assert.Equal(t, PostVotingOption{ID: 1, Text: "Yes", Count: 40, Percent: 66.67, IsWinner: true}, p.Voting.Options[0])
	assert.Equal(t, int64(1), p.VotingType)
}

func TestAnalyticsTopStreams(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/streams/top", `{"hasMore": false, "items": [{
		"id": 4400123, "responseType": "post", "postedAt": "2024-03-05T20:00:00Z", "tipsAmount": "120.00",
		"text": "Live Q&A", "media": [], "author": null, "stats": {"lookCount": 900, "tipSum": 120, "purchasedSumm": 0}
	}]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"by": {"duration"}}, r.URL.Query())
	})
	page, err := a.Analytics.TopStreams(context.Background(), &AnalyticsMetricTopParams{By: MetricDuration})
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	s := page.Items[0]
	assert.Equal(t, int64(4400123), s.ID)
	assert.Equal(t, time.Date(2024, 3, 5, 20, 0, 0, 0, time.UTC), s.PostedAt)
	assert.Equal(t, "120.00", s.TipsAmount)
	assert.Nil(t, s.Author)
	assert.Equal(t, 120.0, s.Stats.TipSum)
}

func TestAnalyticsTopStories(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/stories/top", `{"hasMore": false, "items": [{
		"id": 7700001, "userId": 555, "isReady": true, "hasPost": true, "isWatched": false, "media": [],
		"createdAt": "2024-03-03T09:15:00Z", "canvasHeight": 1920, "canvasWidth": 1080,
		"question": {"type": "question", "entity": {"id": 31, "text": "Ask me", "createdAt": "2024-03-03T09:14:00Z"},
			"positions": {"zIndex": 2, "x": null, "y": 0.4, "top": 0.1, "left": 0.2, "width": 0.6, "height": 0.2, "angle": 0, "color": "#fff"}},
		"viewersCount": 2, "viewers": [{"id": 901, "name": "Fan", "username": "fan901", "avatar": "", "avatarThumbs": {"c50": "a50", "c144": "a144"},
			"isVerified": false, "canLookStory": true, "canCommentStory": true, "hasNotViewedStory": false, "isStoryLiked": true, "isStoryBlockedUser": false}],
		"commentsCount": 1, "canDelete": true, "isHighlightCover": false, "isLastInHighlight": false,
		"tipsAmount": "$15.00", "tipsAmountRaw": 15, "tipsCount": 2, "likesCount": 40, "releaseForms": [],
		"post": {"id": 3210987654, "coordinateParams": {"top": 0.5, "left": 0.5, "angle": 0, "scale": 1.2, "width": 0.8, "height": 0.3}},
		"texts": [{"text": "Hi", "position": {"x": 0.1, "y": 0.9, "width": 0.3, "height": 0.05, "angle": 15}}]
	}]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"by": {"likes"}, "limit": {"5"}}, r.URL.Query())
	})
	page, err := a.Analytics.TopStories(context.Background(), &AnalyticsMetricTopParams{By: MetricLikes, Limit: 5})
	require.NoError(t, err)
	s := page.Items[0]
	assert.Equal(t, int64(7700001), s.ID)
	assert.Equal(t, time.Date(2024, 3, 3, 9, 15, 0, 0, time.UTC), s.CreatedAt)
	assert.Equal(t, 15.0, s.TipsAmountRaw)
	assert.Equal(t, "$15.00", s.TipsAmount)
	require.NotNil(t, s.Question)
	assert.Equal(t, time.Date(2024, 3, 3, 9, 14, 0, 0, time.UTC), s.Question.Entity.CreatedAt)
	assert.Equal(t, 0.0, s.Question.Positions.X, "null decodes to 0")
	assert.Equal(t, 0.4, s.Question.Positions.Y)
	assert.Equal(t, "fan901", s.Viewers[0].Username)
	assert.Equal(t, "a144", s.Viewers[0].AvatarThumbs.C144)
	assert.Equal(t, 1.2, s.Post.CoordinateParams.Scale)
	assert.Equal(t, 15.0, s.Texts[0].Position.Angle)
}

func TestAnalyticsTopPromotionsAndTrials(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	wantQuery := url.Values{"endDate": {"2024-03-31"}, "limit": {"50"}}
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/promotions/top", `{"hasMore": false, "items": [{
		"id": 61001, "message": "<b>50% off</b>", "rawMessage": "50% off", "hasRelatedPromo": false, "price": 4.99, "type": "all",
		"canClaim": true, "claimsCount": 18, "subscribeCounts": null, "subscribeDays": 30,
		"createdAt": "2024-02-01T00:00:00Z", "finishedAt": "2024-03-01T00:00:00Z", "isFinished": true
	}]}`, func(r *http.Request) { assert.Equal(t, wantQuery, r.URL.Query()) })
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/trials/top", `{"hasMore": false, "items": [{
		"id": 72002, "trialLinkName": "Reddit", "url": "https://onlyfans.com/creator/trial/abc", "subscribeDays": 7,
		"subscribeCounts": 100, "claimCounts": 64, "expiredAt": null, "createdAt": "2024-01-15T08:00:00Z", "isFinished": false
	}]}`, func(r *http.Request) { assert.Equal(t, wantQuery, r.URL.Query()) })
	p := &AnalyticsTopParams{EndDate: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Limit: 50}

	promos, err := a.Analytics.TopPromotions(context.Background(), p)
	require.NoError(t, err)
	promo := promos.Items[0]
	assert.Equal(t, int64(61001), promo.ID)
	assert.Equal(t, 4.99, promo.Price)
	assert.Equal(t, int64(0), promo.SubscribeCounts)
	assert.Equal(t, 30.0, promo.SubscribeDays)
	assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), promo.FinishedAt)
	assert.True(t, promo.IsFinished)

	trials, err := a.Analytics.TopTrials(context.Background(), p)
	require.NoError(t, err)
	trial := trials.Items[0]
	assert.Equal(t, int64(72002), trial.ID)
	assert.Equal(t, "https://onlyfans.com/creator/trial/abc", trial.URL)
	assert.True(t, trial.ExpiredAt.IsZero())
	assert.Equal(t, time.Date(2024, 1, 15, 8, 0, 0, 0, time.UTC), trial.CreatedAt)
	assert.Equal(t, int64(64), trial.ClaimCounts)
}

func TestAnalyticsTopCampaigns(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/campaigns/top", `{"hasMore": true, "list": [{
		"id": 81003, "countSubscribers": 42, "countTransitions": 1300, "campaignCode": 190233,
		"campaignName": "Twitter bio", "createdAt": "2023-11-01T00:00:00Z", "endDate": "2024-11-01"
	}]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"offset": {"40"}, "startDate": {"2024-01-01"}}, r.URL.Query())
	})
	page, err := a.Analytics.TopCampaigns(context.Background(), &AnalyticsTopParams{StartDate: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Offset: 40})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 41, page.NextOffset)
	assert.Equal(t, TopCampaign{ID: 81003, CountSubscribers: 42, CountTransitions: 1300, CampaignCode: 190233, CampaignName: "Twitter bio",
		CreatedAt: time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), EndDate: time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)}, page.Items[0])
}

// massMessageStatJSON is a realistic mass-message statistics item.
const massMessageStatJSON = `{
	"id": 9100200300, "date": "2024-03-10T18:00:00+00:00", "responseType": "message", "text": "<p>Weekend special</p>", "rawText": "Weekend special",
	"giphyId": null, "isFree": false, "isMediaReady": true, "mediaCount": 2,
	"media": [{"id": 501, "type": "video", "canView": true, "createdAt": "2024-03-09T11:00:00Z", "isReady": true, "duration": 62.5, "releaseForms": []}],
	"previews": [], "isTip": false, "viewedCount": 420, "sentCount": 1800, "isCanceled": false, "releaseForms": [],
	"canUnsend": true, "unsendSeconds": 86400, "price": "14.99", "purchasedCount": 57, "canSendMessageToBuyers": true
}`

func TestAnalyticsMassMessageStats(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/mass-messages/purchased", `{"hasMore": true, "items": [`+massMessageStatJSON+`]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"limit": {"25"}, "offset": {"50"}}, r.URL.Query())
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/mass-messages/sent", `{"hasMore": true, "items": [`+massMessageStatJSON+`]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"startDate": {"2024-03-01"}, "endDate": {"2024-03-15"}, "limit": {"100"}}, r.URL.Query())
	})
	check := func(m MassMessageStat) {
		assert.Equal(t, int64(9100200300), m.ID)
		assert.Equal(t, time.Date(2024, 3, 10, 18, 0, 0, 0, time.UTC), m.Date.UTC())
		assert.Equal(t, "14.99", m.Price)
		assert.Equal(t, "", m.GiphyID)
		assert.Equal(t, int64(57), m.PurchasedCount)
		assert.Equal(t, 62.5, m.Media[0].Duration)
		assert.Equal(t, int64(86400), m.UnsendSeconds)
	}

	bought, err := a.Analytics.PurchasedMassMessages(context.Background(), &PurchasedMassMessagesParams{Limit: 25, Offset: 50})
	require.NoError(t, err)
	assert.True(t, bought.HasMore)
	assert.Equal(t, 51, bought.NextOffset)
	check(bought.Items[0])

	sent, err := a.Analytics.SentMassMessages(context.Background(), &SentMassMessagesParams{
		StartDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), EndDate: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), Limit: 100,
	})
	require.NoError(t, err)
	assert.True(t, sent.HasMore, "HasMore is passed on as sent")
	assert.Zero(t, sent.NextOffset, "the sent list cannot be paged")
	assert.Empty(t, sent.NextMarker)
	check(sent.Items[0])
}

func TestAnalyticsMassMessageBuyers(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	var queries []url.Values
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/mass-messages/9100200300/buyers", `{"hasMore": true, "nextMarker": 1709900000, "list": [
		{"id": 12345678901, "username": "u12345", "name": "Sam", "isVerified": false, "avatar": "https://cdn/a.jpg", "avatarThumbs": {"c50": "https://cdn/a50.jpg", "c144": "https://cdn/a144.jpg"}}
	]}`, func(r *http.Request) { queries = append(queries, r.URL.Query()) })
	page, err := a.Analytics.MassMessageBuyers(context.Background(), 9100200300, &MassMessageBuyersParams{Limit: 20, Marker: "1709800000"})
	require.NoError(t, err)
	assert.Equal(t, []url.Values{{"limit": {"20"}, "marker": {"1709800000"}}}, queries)
	assert.True(t, page.HasMore)
	assert.Equal(t, "1709900000", page.NextMarker)
	assert.Equal(t, UserBrief{ID: 12345678901, Username: "u12345", Name: "Sam", Avatar: "https://cdn/a.jpg",
		AvatarThumbs: &AvatarThumbs{C50: "https://cdn/a50.jpg", C144: "https://cdn/a144.jpg"}}, page.Items[0])
}

func TestAnalyticsMassMessageBuyersWithoutMarkerEnds(t *testing.T) {
	for name, body := range map[string]string{
		"null":   `{"hasMore": true, "nextMarker": null, "list": [{"id": 1}]}`,
		"absent": `{"hasMore": true, "list": [{"id": 1}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/mass-messages/5/buyers", body, nil)
			page, err := a.Analytics.MassMessageBuyers(context.Background(), 5, nil)
			require.NoError(t, err)
			assert.False(t, page.HasMore, "no marker, no next page")
			assert.Empty(t, page.NextMarker)
		})
	}
}

func TestAnalyticsAllMassMessageBuyers(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	var markers []string
	mux.HandleFunc("GET /v2/access/analytics/mass-messages/77/buyers", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, promoStatsConn, r.Header.Get("x-connection-id"))
		assert.Equal(t, "2", r.URL.Query().Get("limit"))
		m := r.URL.Query().Get("marker")
		markers = append(markers, m)
		switch m {
		case "":
			writeJSON(w, 200, `{"hasMore": true, "nextMarker": 111, "list": [{"id": 1}, {"id": 2}]}`)
		case "111":
			writeJSON(w, 200, `{"hasMore": true, "nextMarker": 222, "list": [{"id": 3}, {"id": 4}]}`)
		default:
			writeJSON(w, 200, `{"hasMore": false, "nextMarker": null, "list": [{"id": 5}]}`)
		}
	})
	p := &MassMessageBuyersParams{Limit: 2}
	var ids []int64
	for u, err := range a.Analytics.AllMassMessageBuyers(context.Background(), 77, p) {
		require.NoError(t, err)
		ids = append(ids, u.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids)
	assert.Equal(t, []string{"", "111", "222"}, markers)
	assert.Equal(t, &MassMessageBuyersParams{Limit: 2}, p, "params are not modified")

	markers = nil
	for _, err := range a.Analytics.AllMassMessageBuyers(context.Background(), 77, p) {
		require.NoError(t, err)
		break
	}
	assert.Equal(t, []string{""}, markers, "breaking early stops the requests")
}

func TestAnalyticsAllOffsetLists(t *testing.T) {
	ctx := context.Background()
	t.Run("posts", func(t *testing.T) {
		p := &AnalyticsMetricTopParams{By: MetricViews, Limit: 2}
		testOffsetWalk(t, "/v2/access/analytics/posts/top", "items", func(a *AccessService) iter.Seq2[*TopPost, error] {
			return a.Analytics.AllTopPosts(ctx, p)
		}, func(x *TopPost) int64 { return x.ID })
		assert.Equal(t, &AnalyticsMetricTopParams{By: MetricViews, Limit: 2}, p, "params are not modified")
	})
	t.Run("stories", func(t *testing.T) {
		testOffsetWalk(t, "/v2/access/analytics/stories/top", "items", func(a *AccessService) iter.Seq2[*TopStory, error] {
			return a.Analytics.AllTopStories(ctx, &AnalyticsMetricTopParams{Limit: 2})
		}, func(x *TopStory) int64 { return x.ID })
	})
	t.Run("streams", func(t *testing.T) {
		testOffsetWalk(t, "/v2/access/analytics/streams/top", "items", func(a *AccessService) iter.Seq2[*TopStream, error] {
			return a.Analytics.AllTopStreams(ctx, &AnalyticsMetricTopParams{Limit: 2})
		}, func(x *TopStream) int64 { return x.ID })
	})
	t.Run("promotions", func(t *testing.T) {
		testOffsetWalk(t, "/v2/access/analytics/promotions/top", "items", func(a *AccessService) iter.Seq2[*TopPromotion, error] {
			return a.Analytics.AllTopPromotions(ctx, &AnalyticsTopParams{Limit: 2})
		}, func(x *TopPromotion) int64 { return x.ID })
	})
	t.Run("trials", func(t *testing.T) {
		testOffsetWalk(t, "/v2/access/analytics/trials/top", "items", func(a *AccessService) iter.Seq2[*TopTrial, error] {
			return a.Analytics.AllTopTrials(ctx, &AnalyticsTopParams{Limit: 2})
		}, func(x *TopTrial) int64 { return x.ID })
	})
	t.Run("campaigns", func(t *testing.T) {
		p := &AnalyticsTopParams{Limit: 2}
		testOffsetWalk(t, "/v2/access/analytics/campaigns/top", "list", func(a *AccessService) iter.Seq2[*TopCampaign, error] {
			return a.Analytics.AllTopCampaigns(ctx, p)
		}, func(x *TopCampaign) int64 { return x.ID })
		assert.Equal(t, &AnalyticsTopParams{Limit: 2}, p, "params are not modified")
	})
	t.Run("purchased mass messages", func(t *testing.T) {
		testOffsetWalk(t, "/v2/access/analytics/mass-messages/purchased", "items", func(a *AccessService) iter.Seq2[*MassMessageStat, error] {
			return a.Analytics.AllPurchasedMassMessages(ctx, &PurchasedMassMessagesParams{Limit: 2})
		}, func(x *MassMessageStat) int64 { return x.ID })
	})
}

func TestAnalyticsAllStopsAtError(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	calls := 0
	mux.HandleFunc("GET /v2/access/analytics/trials/top", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.URL.Query().Get("offset") == "" {
			writeJSON(w, 200, `{"hasMore": true, "items": [{"id": 1}]}`)
			return
		}
		writeJSON(w, http.StatusUnauthorized, `{"error": "Session expired", "type": "SESSION_EXPIRED"}`)
	})
	var ids []int64
	var errs []error
	for trial, err := range a.Analytics.AllTopTrials(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, trial.ID)
	}
	assert.Equal(t, []int64{1}, ids)
	require.Len(t, errs, 1)
	var apiErr *APIError
	require.True(t, errors.As(errs[0], &apiErr), "the core's error is returned as is")
	assert.True(t, errors.Is(errs[0], ErrSessionExpired))
	assert.Equal(t, 2, calls)
}

func TestAnalyticsNeedsConnection(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	_, err := c.Access.Analytics.PostStats(context.Background(), 1)
	assert.ErrorIs(t, err, ErrNoConnection)
	_, err = c.Access.Analytics.TopPosts(context.Background(), nil)
	assert.ErrorIs(t, err, ErrNoConnection)
}

func TestAnalyticsOddBodies(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	mux.HandleFunc("GET /v2/access/analytics/posts/chart", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/posts/top", `{"hasMore": true, "items": null}`, nil)
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/analytics/stories/top", `{"hasMore": true, "items": "nope"}`, nil)

	charts, err := a.Analytics.PostsChart(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, charts)

	page, err := a.Analytics.TopPosts(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	for _, err := range a.Analytics.AllTopPosts(context.Background(), nil) {
		t.Fatal("an empty page yields nothing", err)
	}

	_, err = a.Analytics.TopStories(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidResponse)
}
