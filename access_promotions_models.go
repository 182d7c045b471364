package ofauth

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// PromotionListParams page the promotions, bundles and trial links.
type PromotionListParams struct {
	Limit  int `url:"limit"` // 1-100; 0: the API's default (20)
	Offset int `url:"offset"`
}

// TrackingLinkListParams filter and page PromotionsService.TrackingLinks.
type TrackingLinkListParams struct {
	Limit  int `url:"limit"` // 1-100; 0: the API's default (20)
	Offset int `url:"offset"`
	// WithDeleted includes deleted links (sent as with_deleted=1).
	WithDeleted bool `url:"-"`
	// SortingDeleted is the sort option for deleted links, sent as is.
	SortingDeleted string `url:"sorting_deleted"`
	// Stats asks for each link's statistics (true) or leaves them out
	// (false); nil: the API's default.
	Stats *bool `url:"stats"`
	// Pagination is an extra paging value the API accepts but does not
	// document; leave it 0 unless you know you need it.
	Pagination int `url:"pagination"`
}

// PromotionParams is the body of PromotionsService.Create and Update.
// Create needs every field; Update sends only the fields that are set.
type PromotionParams struct {
	Discount        int      `json:"discount,omitempty"`        // percent, 1-100
	Message         string   `json:"message,omitempty"`         // the offer's text, up to 1000 characters
	FinishDays      int      `json:"finishDays,omitempty"`      // days until the promotion ends, 1-365
	SubscribeCounts int      `json:"subscribeCounts,omitempty"` // how many fans may claim it
	SubscribeDays   int      `json:"subscribeDays,omitempty"`   // length of the discounted subscription, 1-365
	Types           []string `json:"type,omitempty"`            // promotion kinds, at least one
}

// BundleParams is the body of PromotionsService.CreateBundle and
// UpdateBundle. CreateBundle needs both fields; UpdateBundle sends only
// the fields that are set.
type BundleParams struct {
	Discount int `json:"discount,omitempty"` // percent, 1-100
	Duration int `json:"duration,omitempty"` // the bundle's length, 1-365
}

// TrialLinkParams is the body of PromotionsService.CreateTrialLink and
// UpdateTrialLink. CreateTrialLink needs Name and SubscribeDays;
// UpdateTrialLink sends only the fields that are set.
type TrialLinkParams struct {
	Name            string     `json:"trialLinkName,omitempty"`   // 1-100 characters
	SubscribeDays   int        `json:"subscribeDays,omitempty"`   // length of the free trial, 1-365
	SubscribeCounts int        `json:"subscribeCounts,omitempty"` // how many fans may claim it; 0: no limit sent
	ExpiredAt       *time.Time `json:"expiredAt,omitempty"`       // when the link expires; nil: not sent
}

// TrackingLinkParams is the body of PromotionsService.CreateTrackingLink
// and UpdateTrackingLink.
type TrackingLinkParams struct {
	Name string `json:"name,omitempty"` // 1-100 characters
}

// trialLinkShare is the body of the trial-link share-access calls.
type trialLinkShare struct {
	TrialID int64 `json:"trialId"`
	UserID  int64 `json:"userId"`
}

// trackingLinkShare is the body of the tracking-link share-access calls.
type trackingLinkShare struct {
	CampaignID int64 `json:"campaignId"`
	UserID     int64 `json:"userId"`
}

// Promotion is a subscription discount offer.
type Promotion struct {
	ID              int64     `json:"id"`
	Message         string    `json:"message"`
	RawMessage      string    `json:"rawMessage"`
	HasRelatedPromo bool      `json:"hasRelatedPromo"`
	Price           float64   `json:"price"` // the discounted subscription price
	Type            string    `json:"type"`
	CanClaim        bool      `json:"canClaim"`
	ClaimsCount     int64     `json:"claimsCount"`
	SubscribeCounts int64     `json:"subscribeCounts"`
	SubscribeDays   float64   `json:"subscribeDays"`
	CreatedAt       time.Time `json:"createdAt"`
	FinishedAt      time.Time `json:"finishedAt"`
	IsFinished      bool      `json:"isFinished"`
}

// Bundle is a multi-month subscription discount.
type Bundle struct {
	ID       int64   `json:"id"`
	Discount float64 `json:"discount"` // percent
	Duration float64 `json:"duration"`
	Price    float64 `json:"price"`
	CanBuy   bool    `json:"canBuy"`
}

// TrialLink is a free-trial link.
type TrialLink struct {
	ID              int64     `json:"id"`
	Name            string    `json:"trialLinkName"`
	URL             string    `json:"url"` // the link to share
	SubscribeDays   float64   `json:"subscribeDays"`
	SubscribeCounts int64     `json:"subscribeCounts"`
	ClaimCounts     int64     `json:"claimCounts"`
	ClicksCounts    int64     `json:"clicksCounts"`
	ExpiredAt       time.Time `json:"expiredAt"` // zero when the link does not expire
	CreatedAt       time.Time `json:"createdAt"`
	IsFinished      bool      `json:"isFinished"`
	// User is untyped in the API's contract; nil when absent or null.
	User json.RawMessage `json:"user,omitempty"`
	// SharedWith is whom the link is shared with, as the API sends it.
	SharedWith string `json:"sharedWith,omitempty"`
}

// UnmarshalJSON decodes timestamps leniently and a null user as nil.
func (l *TrialLink) UnmarshalJSON(b []byte) error { return l.decode(auxSource{b: b}) }

// decode is UnmarshalJSON reading from src: bytes, or a response's decoder in place.
func (l *TrialLink) decode(src auxSource) error {
	type plain TrialLink
	aux := struct {
		*plain
		ExpiredAt jsonx.Time `json:"expiredAt"`
		CreatedAt jsonx.Time `json:"createdAt"`
	}{plain: (*plain)(l)}
	if err := src.into(&aux); err != nil {
		return err
	}
	l.ExpiredAt, l.CreatedAt = aux.ExpiredAt.Time, aux.CreatedAt.Time
	l.User = rawOrNil(l.User)
	return nil
}

// TrackingLink is a tracking (campaign) link. The API types only its id
// and name; Raw keeps the whole object for the other fields it sends.
type TrackingLink struct {
	ID   int64           `json:"id"`
	Name string          `json:"name"`
	Raw  json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the typed fields and keeps the object in Raw.
func (l *TrackingLink) UnmarshalJSON(b []byte) error {
	type plain TrackingLink
	if err := unmarshalJSON(b, (*plain)(l)); err != nil {
		return err
	}
	l.Raw = rawOrNil(bytes.Clone(b))
	return nil
}

// promotionsDefaultLimit is the page size of the promotion lists when no
// limit is sent.
const promotionsDefaultLimit = 20
