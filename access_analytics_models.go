package ofauth

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

// analyticsItems is the {hasMore, items} envelope of the analytics lists.
type analyticsItems[T any] struct {
	HasMore bool `json:"hasMore"`
	Items   []T  `json:"items"`
}

// analyticsDefaultLimit is the page size of the analytics lists when no
// limit is sent.
const analyticsDefaultLimit = 20
