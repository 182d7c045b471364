package ofauth

import (
	"net/url"
	"time"

	"github.com/ofauth-go/ofauth/internal/query"
)

// Written by hand: SubscriberListParams encodes its nested filter itself
// (values), a shape the query params generator does not express.

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
