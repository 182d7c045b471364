package ofauth

import (
	"net/url"

	"github.com/ofauth-go/ofauth/internal/query"
)

// Written by hand: SubscriptionListParams encodes its nested filter
// itself (values), a shape the query params generator does not express.

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
