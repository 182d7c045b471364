package ofauth

import "time"

// EarningsType is a kind of revenue charted by EarningsService.Chart.
type EarningsType string

// Revenue kinds.
const (
	EarningsTotal       EarningsType = "total"
	EarningsMessages    EarningsType = "messages"
	EarningsTips        EarningsType = "tips"
	EarningsStream      EarningsType = "stream"
	EarningsPost        EarningsType = "post"
	EarningsSubscribes  EarningsType = "subscribes"
	EarningsTipsProfile EarningsType = "tips_profile"
	EarningsTipsPost    EarningsType = "tips_post"
	EarningsTipsChat    EarningsType = "tips_chat"
	EarningsTipsStream  EarningsType = "tips_stream"
	EarningsTipsStory   EarningsType = "tips_story"
	EarningsReferrals   EarningsType = "ref"
)

// EarningsChartParams select the range and revenue kind of
// EarningsService.Chart.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type EarningsChartParams struct {
	StartDate    time.Time    `url:"startDate,date"` // zero: the API's default range
	EndDate      time.Time    `url:"endDate,date"`
	By           EarningsType `url:"by"` // empty: all revenue
	WithTotal    bool         `url:"withTotal"`
	MonthlyTotal bool         `url:"monthlyTotal"` // per-month totals
}

// TransactionType is a kind of earnings transaction.
type TransactionType string

// Transaction types.
const (
	TransactionSubscribes   TransactionType = "subscribes"
	TransactionChatMessages TransactionType = "chat_messages"
	TransactionPost         TransactionType = "post"
	TransactionStream       TransactionType = "stream"
	TransactionTips         TransactionType = "tips"
)

// TipsSource is where a tip was given.
type TipsSource string

// Tip sources.
const (
	TipsFromChat    TipsSource = "chat"
	TipsFromPosts   TipsSource = "post_all"
	TipsFromProfile TipsSource = "profile"
	TipsFromStory   TipsSource = "story"
	TipsFromStream  TipsSource = "stream"
)

// TransactionListParams filter and page EarningsService.Transactions.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type TransactionListParams struct {
	StartDate  time.Time       `url:"startDate,date"` // zero: no bound
	Type       TransactionType `url:"type"`
	TipsSource TipsSource      `url:"tipsSource"` // only with TransactionTips
	Marker     string          `url:"marker"`     // Page.NextMarker of the previous page
}

// ChargebackListParams filter and page EarningsService.Chargebacks.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type ChargebackListParams struct {
	StartDate time.Time `url:"startDate,date"` // zero: no bound
	EndDate   time.Time `url:"endDate,date"`
	Marker    string    `url:"marker"` // Page.NextMarker of the previous page
}
