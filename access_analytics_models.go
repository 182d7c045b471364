package ofauth

import (
	"time"
)

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

// PostStatsSummary are a post's or stream's statistics as embedded in the
// top lists.
type PostStatsSummary struct {
	IsAvailable         bool         `json:"isAvailable"`
	HasStats            bool         `json:"hasStats"`
	HasVideo            bool         `json:"hasVideo,omitempty"`
	LookCount           int64        `json:"lookCount"`
	UniqueLookCount     int64        `json:"uniqueLookCount"`
	UniqueLookChart     []ChartPoint `json:"uniqueLookChart"`
	LookChart           []ChartPoint `json:"lookChart"`
	LookDuration        float64      `json:"lookDuration"`
	LookDurationAverage float64      `json:"lookDurationAverage"`
	LikeCount           int64        `json:"likeCount"`
	LikeChart           []ChartPoint `json:"likeChart"`
	CommentCount        int64        `json:"commentCount"`
	CommentChart        []ChartPoint `json:"commentChart"`
	TipCount            int64        `json:"tipCount"`
	TipChart            []ChartPoint `json:"tipChart"`
	TipSum              float64      `json:"tipSum"`
	PurchasedCount      int64        `json:"purchasedCount"`
	PurchasedSum        float64      `json:"purchasedSumm"` // the API's spelling
}

// PostStats are one post's detailed statistics.
type PostStats struct {
	PostStatsSummary
	TipSumChart    []ChartPoint `json:"tipSumChart"`
	PurchasesChart []ChartPoint `json:"purchasesChart"`
}

// PostVoting is the poll of a post.
type PostVoting struct {
	FinishedAt time.Time          `json:"finishedAt"`
	Options    []PostVotingOption `json:"options"`
	Total      float64            `json:"total"`
}

// PostVotingOption is one answer of a poll.
type PostVotingOption struct {
	ID       int64   `json:"id"`
	Text     string  `json:"text,omitempty"`
	Count    float64 `json:"count,omitempty"`
	Percent  float64 `json:"percent,omitempty"`
	IsWinner bool    `json:"isWinner,omitempty"`
}

// TopPost is a post of the top-posts ranking, with its statistics.
type TopPost struct {
	Post

	Stats      *PostStatsSummary `json:"stats,omitempty"`
	HasVoting  bool              `json:"hasVoting,omitempty"`
	VotingType int64             `json:"votingType,omitempty"`
	Voting     *PostVoting       `json:"voting,omitempty"`
}

// TopStream is a live stream (a post) of the top-streams ranking, with its
// statistics.
type TopStream struct {
	Post

	Stats *PostStatsSummary `json:"stats,omitempty"`
}

// MassMessageStat is a sent or purchased mass message with its figures.
type MassMessageStat struct {
	ID                     int64            `json:"id"`
	Date                   time.Time        `json:"date"`
	ResponseType           string           `json:"responseType,omitempty"`
	Text                   string           `json:"text"` // may contain HTML
	RawText                string           `json:"rawText,omitempty"`
	GiphyID                string           `json:"giphyId,omitempty"`
	IsFree                 bool             `json:"isFree,omitempty"`
	IsMediaReady           bool             `json:"isMediaReady,omitempty"`
	MediaCount             int64            `json:"mediaCount,omitempty"`
	Media                  []Media          `json:"media"`
	Previews               []Media          `json:"previews"`
	IsTip                  bool             `json:"isTip,omitempty"`
	IsReportedByMe         bool             `json:"isReportedByMe,omitempty"`
	ViewedCount            int64            `json:"viewedCount,omitempty"`
	SentCount              int64            `json:"sentCount,omitempty"`
	IsCanceled             bool             `json:"isCanceled,omitempty"`
	ReleaseForms           []ReleaseFormRef `json:"releaseForms"`
	Template               string           `json:"template,omitempty"`
	CanUnsend              bool             `json:"canUnsend,omitempty"`
	UnsendSeconds          int64            `json:"unsendSeconds,omitempty"`
	Price                  string           `json:"price,omitempty"` // money, as the API sends it
	PurchasedCount         int64            `json:"purchasedCount,omitempty"`
	CanSendMessageToBuyers bool             `json:"canSendMessageToBuyers,omitempty"`
}

// MassMessagesChart are the mass-message series, group versus direct.
type MassMessagesChart struct {
	GroupMessages           ChartSeries `json:"group_messages"`
	GroupMessagesPurchases  ChartSeries `json:"group_messages_purchases"`
	DirectMessages          ChartSeries `json:"direct_messages"`
	DirectMessagesPurchases ChartSeries `json:"direct_messages_purchases"`
}

// TopStory is a story of the top-stories ranking.
type TopStory struct {
	ID                int64             `json:"id"`
	UserID            int64             `json:"userId"`
	IsReady           bool              `json:"isReady"`
	HasPost           bool              `json:"hasPost"`
	IsWatched         bool              `json:"isWatched"`
	Media             []Media           `json:"media"`
	CreatedAt         time.Time         `json:"createdAt"`
	CanvasHeight      float64           `json:"canvasHeight"`
	CanvasWidth       float64           `json:"canvasWidth"`
	Question          *TopStoryQuestion `json:"question,omitempty"`
	ViewersCount      int64             `json:"viewersCount"`
	Viewers           []StoryViewer     `json:"viewers"`
	CommentsCount     int64             `json:"commentsCount"`
	CanDelete         bool              `json:"canDelete"`
	IsHighlightCover  bool              `json:"isHighlightCover"`
	IsLastInHighlight bool              `json:"isLastInHighlight"`
	TipsAmount        string            `json:"tipsAmount"`    // money, formatted by the API
	TipsAmountRaw     float64           `json:"tipsAmountRaw"` // money, as a number
	TipsCount         int64             `json:"tipsCount"`
	LikesCount        int64             `json:"likesCount"`
	ReleaseForms      []ReleaseFormRef  `json:"releaseForms"`
	Post              *TopStoryPost     `json:"post,omitempty"`
	Texts             []TopStoryText    `json:"texts"`
}

// TopStoryQuestion is the question sticker of a story.
type TopStoryQuestion struct {
	Entity    TopStoryQuestionEntity   `json:"entity"`
	Type      string                   `json:"type"`
	Positions TopStoryQuestionPosition `json:"positions"`
}

// TopStoryQuestionEntity is the question asked.
type TopStoryQuestionEntity struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"createdAt"`
}

// TopStoryQuestionPosition places a question sticker on the story.
type TopStoryQuestionPosition struct {
	ZIndex int64   `json:"zIndex"`
	X      float64 `json:"x"` // 0 when the API sends null
	Y      float64 `json:"y"` // 0 when the API sends null
	Top    float64 `json:"top"`
	Left   float64 `json:"left"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Angle  float64 `json:"angle"`
	Color  string  `json:"color"`
}

// TopStoryPost is a post shared in a story.
type TopStoryPost struct {
	ID               int64                         `json:"id"`
	Author           *AuthorRef                    `json:"author,omitempty"`
	CoordinateParams *TopStoryPostCoordinateParams `json:"coordinateParams,omitempty"`
}

// TopStoryPostCoordinateParams place a shared post on the story.
type TopStoryPostCoordinateParams struct {
	Top    float64 `json:"top"`
	Left   float64 `json:"left"`
	Angle  float64 `json:"angle"`
	Scale  float64 `json:"scale"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// TopStoryText is a text overlay of a story.
type TopStoryText struct {
	Text     string               `json:"text"`
	Position TopStoryTextPosition `json:"position"`
}

// TopStoryTextPosition places a text overlay on the story.
type TopStoryTextPosition struct {
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Angle  float64 `json:"angle"`
}

// StoryViewer is a user who viewed a story.
type StoryViewer struct {
	ID                 int64        `json:"id"`
	Name               string       `json:"name"`
	Username           string       `json:"username"`
	Avatar             string       `json:"avatar"`
	AvatarThumbs       AvatarThumbs `json:"avatarThumbs"`
	IsVerified         bool         `json:"isVerified"`
	CanLookStory       bool         `json:"canLookStory"`
	CanCommentStory    bool         `json:"canCommentStory"`
	HasNotViewedStory  bool         `json:"hasNotViewedStory"`
	IsStoryLiked       bool         `json:"isStoryLiked"`
	IsStoryBlockedUser bool         `json:"isStoryBlockedUser"`
}

// TopPromotion is a promotion of the top-promotions ranking.
type TopPromotion struct {
	ID              int64     `json:"id"`
	Message         string    `json:"message"`
	RawMessage      string    `json:"rawMessage"`
	HasRelatedPromo bool      `json:"hasRelatedPromo"`
	Price           float64   `json:"price"`
	Type            string    `json:"type"`
	CanClaim        bool      `json:"canClaim"`
	ClaimsCount     int64     `json:"claimsCount"`
	SubscribeCounts int64     `json:"subscribeCounts"` // 0 when the API sends null
	SubscribeDays   float64   `json:"subscribeDays"`
	CreatedAt       time.Time `json:"createdAt"`
	FinishedAt      time.Time `json:"finishedAt"`
	IsFinished      bool      `json:"isFinished"`
}

// TopTrial is a free-trial link of the top-trials ranking.
type TopTrial struct {
	ID              int64     `json:"id"`
	TrialLinkName   string    `json:"trialLinkName"`
	URL             string    `json:"url"`
	SubscribeDays   float64   `json:"subscribeDays"`
	SubscribeCounts int64     `json:"subscribeCounts"`
	ClaimCounts     int64     `json:"claimCounts"`
	ExpiredAt       time.Time `json:"expiredAt"` // zero when the link does not expire
	CreatedAt       time.Time `json:"createdAt"`
	IsFinished      bool      `json:"isFinished"`
}

// TopCampaign is a tracking link (campaign) of the top-campaigns ranking.
type TopCampaign struct {
	ID               int64     `json:"id"`
	CountSubscribers int64     `json:"countSubscribers"` // subscribers gained
	CountTransitions int64     `json:"countTransitions"` // clicks
	CampaignCode     int64     `json:"campaignCode"`
	CampaignName     string    `json:"campaignName"`
	CreatedAt        time.Time `json:"createdAt"`
	EndDate          time.Time `json:"endDate"`
}

// VisitorCountriesChart is the profile visitors and visit duration over
// time.
type VisitorCountriesChart struct {
	IsAvailable bool               `json:"isAvailable"`
	HasStats    bool               `json:"hasStats"`
	Chart       VisitorChartSeries `json:"chart"`
	Total       VisitorChartTotal  `json:"total"`
}

// VisitorChartSeries are the series of the visitors chart.
type VisitorChartSeries struct {
	Visitors []ChartPoint `json:"visitors"`
	Duration []ChartPoint `json:"duration"`
}

// VisitorChartTotal is the visitors chart's total.
type VisitorChartTotal struct {
	Current string  `json:"current"` // formatted by the API
	Delta   float64 `json:"delta"`   // change versus the previous period
}

// VisitorCountriesTop are the countries ranked by profile visits.
type VisitorCountriesTop struct {
	IsAvailable  bool         `json:"isAvailable"`
	HasStats     bool         `json:"hasStats"`
	TopCountries TopCountries `json:"topCountries"`
}

// TopCountries is the country ranking with its totals.
type TopCountries struct {
	HasMore bool               `json:"hasMore"`
	Totals  TopCountriesTotals `json:"totals"`
	Rows    []CountryRow       `json:"rows"`
}

// TopCountriesTotals are the visits of all countries.
type TopCountriesTotals struct {
	Total       float64 `json:"total"`
	Guests      string  `json:"guests"` // formatted by the API
	Users       string  `json:"users"`  // formatted by the API
	Subscribers float64 `json:"subscribers"`
}

// CountryRow is one country's visits.
type CountryRow struct {
	Rank        int64         `json:"rank"`
	CountryName string        `json:"countryName"`
	CountryCode string        `json:"countryCode"`
	ViewsCount  VisitorCounts `json:"viewsCount"`
}

// VisitorCounts split a country's visits by kind of visitor.
type VisitorCounts struct {
	Total       float64 `json:"total"`
	Guests      int64   `json:"guests"`
	Users       int64   `json:"users"`
	Subscribers float64 `json:"subscribers"`
}

// analyticsDefaultLimit is the page size of the analytics lists when no
// limit is sent.
const analyticsDefaultLimit = 20
