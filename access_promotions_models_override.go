package ofauth

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// TrialLink and TrackingLink decode themselves (lenient times, a null
// user, the raw object kept), so they stay hand-written (x-go-override in
// spec/openapi.yaml).

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

// Written by hand: TrackingLinkListParams sends WithDeleted as
// with_deleted=1, not as a boolean.

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
