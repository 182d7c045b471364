package ofauth

import (
	"net/url"
	"time"

	"github.com/ofauth-go/ofauth/internal/query"
)

// SubscriberType selects fans by subscription state.
type SubscriberType string

// Subscriber types.
const (
	SubscribersAll     SubscriberType = "all"
	SubscribersActive  SubscriberType = "active"
	SubscribersExpired SubscriberType = "expired"
	SubscribersLatest  SubscriberType = "latest" // the newest, see SubscriberLatestType
)

// SubscriberLatestType narrows SubscribersLatest.
type SubscriberLatestType string

// Kinds of latest subscribers.
const (
	LatestSubscribersTotal    SubscriberLatestType = "total"
	LatestSubscribersNew      SubscriberLatestType = "new"
	LatestSubscribersRenewals SubscriberLatestType = "renewals"
)

// SubscriberListParams filter and page SubscribersService.List.
// Dates without a time of day are sent as YYYY-MM-DD (their own
// location's day); with one, as RFC 3339.
type SubscriberListParams struct {
	Query      string               `url:"query"` // free text
	Type       SubscriberType       `url:"type"`
	LatestType SubscriberLatestType `url:"latestType"`
	StartDate  time.Time            `url:"startDate,date"` // zero: no bound
	EndDate    time.Time            `url:"endDate,date"`   // zero: no bound
	Filter     *SubscriberFilter    `url:"-"`              // nil: no filter
	// Limit is 1-100; 0: the API's default (10). The API currently sends
	// at most 20 fans per page whatever the limit.
	Limit  int `url:"limit"`
	Offset int `url:"offset"`
}

// values encodes the params, the filter included.
func (p *SubscriberListParams) values() url.Values {
	q := query.Values(p)
	if p != nil {
		query.Encode(q, p.Filter)
	}
	return q
}

// SubscriberFilter narrows SubscribersService.List. The API takes it as a
// nested "filter" object whose query-string form it does not document; it
// is sent in the bracket form, filter[key]=value (e.g.
// filter[online]=true), the form such objects usually take; that form is
// unconfirmed against the live API. The ids are those of a promotion and
// of a free-trial link; the other values are strings as the API types
// them. To send another form, call AccessService.Do.
type SubscriberFilter struct {
	PromoID    int64  `url:"filter[promoId]"`
	TrialID    int64  `url:"filter[trial_id]"`
	Duration   string `url:"filter[duration]"`
	Tips       string `url:"filter[tips]"`
	TotalSpent string `url:"filter[total_spent]"`
	Online     *bool  `url:"filter[online]"` // nil: online or not
}

// Subscriber is a fan of the creator, with what they spent and the state
// of their subscription.
type Subscriber struct {
	ID           int64                  `json:"id"`
	Name         string                 `json:"name"`
	Username     string                 `json:"username"`
	DisplayName  string                 `json:"displayName"` // the creator's private name for the fan; may be empty
	IsVerified   bool                   `json:"isVerified"`
	Avatar       string                 `json:"avatar"`
	AvatarThumbs *AvatarThumbs          `json:"avatarThumbs,omitempty"`
	LastSeen     time.Time              `json:"lastSeen"` // zero when hidden
	Subscription SubscriberSubscription `json:"subscription"`
	Spending     SubscriberSpending     `json:"spending"`
	IsRestricted bool                   `json:"isRestricted"`
	IsBlocked    bool                   `json:"isBlocked"`
	Capabilities SubscriberCapabilities `json:"capabilities"`
	Lists        []SubscriberListRef    `json:"lists"`
}

// SubscriberSubscription is the state of a fan's subscription; unknown
// values are zero.
type SubscriberSubscription struct {
	IsActive           bool                     `json:"isActive"`
	IsExpired          bool                     `json:"isExpired"`
	SubscribedAt       time.Time                `json:"subscribedAt"`
	ExpiresAt          time.Time                `json:"expiresAt"`
	RenewedAt          time.Time                `json:"renewedAt"`
	Price              float64                  `json:"price"`
	RegularPrice       float64                  `json:"regularPrice"`
	DiscountPercent    float64                  `json:"discountPercent"`
	DiscountPeriod     float64                  `json:"discountPeriod"`
	DiscountStartedAt  time.Time                `json:"discountStartedAt"`
	DiscountFinishedAt time.Time                `json:"discountFinishedAt"`
	History            []SubscriberHistoryEntry `json:"history"`
}

// SubscriberHistoryEntry is one period of a fan's subscription.
type SubscriberHistoryEntry struct {
	ID           int64     `json:"id"`
	StartDate    time.Time `json:"startDate"`
	ExpireDate   time.Time `json:"expireDate"`
	Price        float64   `json:"price"`
	RegularPrice float64   `json:"regularPrice"`
	Discount     float64   `json:"discount"`
	Type         string    `json:"type"`
	Action       string    `json:"action"`
	IsCurrent    bool      `json:"isCurrent"`
}

// SubscriberSpending is what a fan spent on the creator, by kind.
type SubscriberSpending struct {
	Total         float64 `json:"total"`
	Tips          float64 `json:"tips"`
	Subscriptions float64 `json:"subscriptions"`
	Messages      float64 `json:"messages"`
	Posts         float64 `json:"posts"`
	Streams       float64 `json:"streams"`
}

// SubscriberCapabilities say what the creator can do with a fan.
type SubscriberCapabilities struct {
	CanRestrict        bool `json:"canRestrict"`
	CanBlock           bool `json:"canBlock"`
	CanReport          bool `json:"canReport"`
	CanUnsubscribe     bool `json:"canUnsubscribe"`
	CanReceiveMessages bool `json:"canReceiveMessages"`
	CanSendTrial       bool `json:"canSendTrial"`
}

// SubscriberListRef is a user list a fan is on.
type SubscriberListRef struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// SubscriberDiscountParams give a fan a renewal discount.
type SubscriberDiscountParams struct {
	Discount int `json:"discount"` // percent; the API accepts 5-60
	Period   int `json:"period"`   // months, 1-12
}

// subscriberNote is the body of SubscribersService.SetNote.
type subscriberNote struct {
	Notice string `json:"notice"`
}

// subscriberCustomName is the body of SubscribersService.SetCustomName.
type subscriberCustomName struct {
	DisplayName string `json:"displayName"`
}
