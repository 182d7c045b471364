package ofauth

import "time"

// The subscription details of a user share their terms, which the spec
// repeats in each schema: Go embeds them, so these stay hand-written
// (x-go-override in spec/openapi.yaml).

// SubscriptionTerms are the price, discount and dates of a subscription
// between two accounts, as OnlyFans reports them on either side.
type SubscriptionTerms struct {
	Price                      float64          `json:"price"`
	NewPrice                   float64          `json:"newPrice"`
	RegularPrice               float64          `json:"regularPrice"`
	SubscribePrice             float64          `json:"subscribePrice"`
	DiscountPercent            float64          `json:"discountPercent"`
	DiscountPeriod             float64          `json:"discountPeriod"`
	SubscribeAt                time.Time        `json:"subscribeAt"`
	ExpiredAt                  time.Time        `json:"expiredAt"`
	RenewedAt                  time.Time        `json:"renewedAt"`
	DiscountFinishedAt         time.Time        `json:"discountFinishedAt"`
	DiscountStartedAt          time.Time        `json:"discountStartedAt"`
	Status                     string           `json:"status"`
	IsMuted                    bool             `json:"isMuted"`
	UnsubscribeReason          string           `json:"unsubscribeReason"`
	Duration                   string           `json:"duration"`
	HasActivePaidSubscriptions bool             `json:"hasActivePaidSubscriptions"`
	Subscribes                 []SubscribeEvent `json:"subscribes"`
}

// SubscribedByData is the connected account's subscription to a user.
type SubscribedByData struct {
	SubscriptionTerms
	ShowPostsInFeed bool `json:"showPostsInFeed"`
}

// SubscribedOnData is a user's subscription to the connected account, with
// their lifetime spend by kind.
type SubscribedOnData struct {
	SubscriptionTerms
	TipsSumm       float64 `json:"tipsSumm"`
	SubscribesSumm float64 `json:"subscribesSumm"`
	MessagesSumm   float64 `json:"messagesSumm"`
	PostsSumm      float64 `json:"postsSumm"`
	StreamsSumm    float64 `json:"streamsSumm"`
	TotalSumm      float64 `json:"totalSumm"` // lifetime spend
}
