package ofauth

import (
	"net/url"
	"time"

	"github.com/ofauth-go/ofauth/internal/query"
)

// SubscriptionType selects subscriptions by state.
type SubscriptionType string

// Subscription types.
const (
	SubscriptionsAll     SubscriptionType = "all"
	SubscriptionsActive  SubscriptionType = "active"
	SubscriptionsExpired SubscriptionType = "expired"
)

// SubscriptionListParams filter and page SubscriptionsService.List.
type SubscriptionListParams struct {
	Query  string              `url:"query"` // free text
	Type   SubscriptionType    `url:"type"`
	Filter *SubscriptionFilter `url:"-"`     // nil: no filter
	Limit  int                 `url:"limit"` // 1-50; 0: the API's default
	Offset int                 `url:"offset"`
}

// values encodes the params, the filter included.
func (p *SubscriptionListParams) values() url.Values {
	q := query.Values(p)
	if p != nil {
		query.Encode(q, p.Filter)
	}
	return q
}

// SubscriptionFilter narrows SubscriptionsService.List. Like
// SubscriberFilter, it is sent in the bracket form filter[key]=value,
// which the API does not document and which is unconfirmed against the
// live API.
type SubscriptionFilter struct {
	Online *bool `url:"filter[online]"` // nil: online or not
	Paid   *bool `url:"filter[paid]"`   // nil: paid or free
}

// Subscription is an account the connected account subscribes to or
// follows, with what it spent there.
type Subscription struct {
	ID                int64         `json:"id"`
	Username          string        `json:"username"`
	Name              string        `json:"name"`
	Avatar            string        `json:"avatar"`
	AvatarThumbs      *AvatarThumbs `json:"avatarThumbs,omitempty"`
	Lists             []UserListRef `json:"lists"`
	SubscribedAt      time.Time     `json:"subscribedAt"`
	ExpiredAt         time.Time     `json:"expiredAt"` // zero while active
	RenewedAt         time.Time     `json:"renewedAt"`
	IsActive          bool          `json:"isActive"`
	SubscriptionPrice float64       `json:"subscriptionPrice"` // the current price
	TipsSumm          float64       `json:"tipsSumm,omitempty"`
	SubscribesSumm    float64       `json:"subscribesSumm,omitempty"`
	MessagesSumm      float64       `json:"messagesSumm,omitempty"`
	PostsSumm         float64       `json:"postsSumm,omitempty"`
	StreamsSumm       float64       `json:"streamsSumm,omitempty"`
	TotalSumm         float64       `json:"totalSumm,omitempty"`
}

// SubscriptionCounts count the account's subscriptions and fans by state.
// The API types the counts as numbers, so they are float64.
type SubscriptionCounts struct {
	Subscriptions SubscriptionStatusCounts `json:"subscriptions"`
	Subscribers   SubscriberStatusCounts   `json:"subscribers"`
	Bookmarks     float64                  `json:"bookmarks"`
}

// SubscriptionStatusCounts count the accounts the connected account
// subscribes to, by state.
type SubscriptionStatusCounts struct {
	Active     float64 `json:"active"`
	Muted      float64 `json:"muted"`
	Restricted float64 `json:"restricted"`
	Expired    float64 `json:"expired"`
	Blocked    float64 `json:"blocked"`
	Attention  float64 `json:"attention"`
	All        float64 `json:"all"`
}

// SubscriberStatusCounts count the creator's fans by state.
type SubscriberStatusCounts struct {
	Active       float64 `json:"active"`
	Muted        float64 `json:"muted"`
	Restricted   float64 `json:"restricted"`
	Expired      float64 `json:"expired"`
	Blocked      float64 `json:"blocked"`
	All          float64 `json:"all"`
	ActiveOnline float64 `json:"activeOnline"`
}

// SubscriptionHistoryParams tune SubscriptionsService.History.
type SubscriptionHistoryParams struct {
	All bool `url:"all"` // the full history rather than the recent periods
}

// SubscriptionHistory is the billing history of one subscription.
type SubscriptionHistory struct {
	Entries []SubscriptionHistoryEntry `json:"list"`
	HasMore bool                       `json:"hasMore"` // older periods exist: ask with All
}

// SubscriptionHistoryEntry is one billing period of a subscription.
type SubscriptionHistoryEntry struct {
	SubscribeDate time.Time `json:"subscribeDate"`
	ExpireDate    time.Time `json:"expireDate"`
	Price         float64   `json:"price"`
}
