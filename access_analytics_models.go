package ofauth

import "time"

// AnalyticsMetric is the measure a posts, stories or streams chart is cut
// by, or their top lists are ranked by. Each endpoint accepts a subset; see
// the params' doc.
type AnalyticsMetric string

// Analytics metrics.
const (
	MetricPurchases AnalyticsMetric = "purchases"
	MetricTips      AnalyticsMetric = "tips"
	MetricViews     AnalyticsMetric = "views"
	MetricLikes     AnalyticsMetric = "likes"
	MetricComments  AnalyticsMetric = "comments"
	MetricPosts     AnalyticsMetric = "posts"    // posts chart only
	MetricStories   AnalyticsMetric = "stories"  // stories chart only
	MetricDuration  AnalyticsMetric = "duration" // streams only
)

// VisitorMetric selects which profile visitors the visitor-country
// statistics count.
type VisitorMetric string

// Visitor metrics.
const (
	VisitorsTotal  VisitorMetric = "total"
	VisitorsGuests VisitorMetric = "guests"
	VisitorsUsers  VisitorMetric = "users"
)

// AnalyticsChartParams select the period of the campaigns, promotions,
// trials and mass-messages charts. Zero dates leave the range to the API.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type AnalyticsChartParams struct {
	StartDate time.Time `url:"startDate,date"`
	EndDate   time.Time `url:"endDate,date"`
	WithTotal bool      `url:"withTotal"` // include the series' totals
}

// AnalyticsMetricChartParams select the period and metric of the posts,
// stories and streams charts.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type AnalyticsMetricChartParams struct {
	StartDate time.Time `url:"startDate,date"`
	EndDate   time.Time `url:"endDate,date"`
	WithTotal bool      `url:"withTotal"` // include the series' totals
	// By picks one series: posts take purchases, posts, tips, views, likes
	// or comments; stories tips, stories, views, likes or comments; streams
	// purchases, duration, tips, views, likes or comments.
	By AnalyticsMetric `url:"by"`
}

// AnalyticsTopParams filter and page the top campaigns, promotions and
// trials.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type AnalyticsTopParams struct {
	StartDate time.Time `url:"startDate,date"`
	EndDate   time.Time `url:"endDate,date"`
	Limit     int       `url:"limit"` // 1-100; 0: the API's default (20)
	Offset    int       `url:"offset"`
}

// AnalyticsMetricTopParams rank, filter and page the top posts, stories
// and streams.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type AnalyticsMetricTopParams struct {
	// By is the ranking: purchases, tips, views, likes or comments
	// (stories take no purchases; streams also take duration).
	By        AnalyticsMetric `url:"by"`
	StartDate time.Time       `url:"startDate,date"`
	EndDate   time.Time       `url:"endDate,date"`
	Limit     int             `url:"limit"` // 1-20; 0: the API's default (20)
	Offset    int             `url:"offset"`
}

// AnalyticsVisitorParams select the period and visitors of the
// visitor-country statistics.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type AnalyticsVisitorParams struct {
	StartDate time.Time     `url:"startDate,date"`
	EndDate   time.Time     `url:"endDate,date"`
	By        VisitorMetric `url:"by"`
}

// PurchasedMassMessagesParams page AnalyticsService.PurchasedMassMessages.
type PurchasedMassMessagesParams struct {
	Limit  int `url:"limit"` // 1-100; 0: the API's default (20)
	Offset int `url:"offset"`
}

// SentMassMessagesParams filter AnalyticsService.SentMassMessages.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type SentMassMessagesParams struct {
	StartDate time.Time `url:"startDate,date"`
	EndDate   time.Time `url:"endDate,date"`
	Limit     int       `url:"limit"`
}

// MassMessageBuyersParams page AnalyticsService.MassMessageBuyers.
type MassMessageBuyersParams struct {
	Limit int `url:"limit"` // 1-20; 0: the API's default (10)
	// Marker is the previous page's Page.NextMarker; empty for the first
	// page.
	Marker string `url:"marker"`
}

// analyticsItems is the {hasMore, items} envelope of the analytics lists.
type analyticsItems[T any] struct {
	HasMore bool `json:"hasMore"`
	Items   []T  `json:"items"`
}

// analyticsDefaultLimit is the page size of the analytics lists when no
// limit is sent.
const analyticsDefaultLimit = 20
