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

// EarningsChart is the creator's earnings over a range.
type EarningsChart struct {
	Chart []ChartPoint `json:"chart"` // Count is the amount earned in the bucket
	Total float64      `json:"total"` // the sum over the range
	Gross float64      `json:"gross,omitempty"`
	Delta float64      `json:"delta,omitempty"` // change versus the previous period
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

// Amounts are the money figures of a payment.
type Amounts struct {
	Gross float64 `json:"gross"`
	Net   float64 `json:"net"` // after fees
	Fee   float64 `json:"fee"` // the platform's fee
	VAT   float64 `json:"vat"`
	Tax   float64 `json:"tax"`
}

// TxUser is the fan who paid.
type TxUser struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
	Avatar   string `json:"avatar"`
}

// Transaction is one earning of the creator.
type Transaction struct {
	ID                string    `json:"id"` // not numeric
	Type              string    `json:"type"`
	CreatedAt         time.Time `json:"createdAt"`
	Amounts           Amounts   `json:"amounts"`
	Currency          string    `json:"currency"`
	Description       string    `json:"description"`
	Status            string    `json:"status"`
	PayoutPendingDays int64     `json:"payoutPendingDays"` // days until payout
	User              TxUser    `json:"user"`
}

// Chargeback is a payment a fan's bank took back.
type Chargeback struct {
	ID          int64             `json:"id"`
	CreatedAt   time.Time         `json:"createdAt"`
	PaymentType string            `json:"paymentType"`
	Payment     ChargebackPayment `json:"payment"`
}

// ChargebackPayment is the payment a chargeback reversed.
type ChargebackPayment struct {
	ID          string    `json:"id"`
	CreatedAt   time.Time `json:"createdAt"`
	Amounts     Amounts   `json:"amounts"`
	Currency    string    `json:"currency"`
	Description string    `json:"description"`
	Status      string    `json:"status"`
	User        TxUser    `json:"user"`
}
