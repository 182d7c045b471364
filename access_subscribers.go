package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"
)

// SubscribersService covers the creator's fans (access-endpoints.json tag "Subscribers").
//
// A userID is a fan's numeric OnlyFans user id, as User.ID and
// Subscriber.ID hold it.
type SubscribersService struct{ accessGroup }

// List returns one page of the creator's fans, with their spend and
// subscription details.
//
// GET /v2/access/subscribers
func (s *SubscribersService) List(ctx context.Context, p *SubscriberListParams, opts ...CallOption) (*Page[Subscriber], error) {
	return getOffsetPage[Subscriber](ctx, s.with(opts), "/v2/access/subscribers", nil, p.values(), paramsOf(p).Offset)
}

// All walks every fan matching p, page by page, starting at p.Offset. p is
// not modified.
func (s *SubscribersService) All(ctx context.Context, p *SubscriberListParams, opts ...CallOption) iter.Seq2[*Subscriber, error] {
	return walkOffsets(ctx, opts, p, func(q *SubscriberListParams) *int { return &q.Offset }, s.List)
}

// SetNote sets the creator's private note on a fan (up to 1000
// characters); an empty note clears it.
//
// PUT /v2/access/subscribers/{userId}/note
func (s *SubscribersService) SetNote(ctx context.Context, userID int64, note string, opts ...CallOption) error {
	return s.put(ctx, "/v2/access/subscribers/{userId}/note", userID, &subscriberNote{Notice: note}, opts)
}

// SetCustomName sets the private name the creator sees for a fan (1-100
// characters).
//
// PUT /v2/access/subscribers/{userId}/custom-name
func (s *SubscribersService) SetCustomName(ctx context.Context, userID int64, displayName string, opts ...CallOption) error {
	if strings.TrimSpace(displayName) == "" {
		return refused(opts, fmt.Errorf("%w: empty display name", ErrInvalidParams))
	}
	return s.put(ctx, "/v2/access/subscribers/{userId}/custom-name", userID, &subscriberCustomName{DisplayName: displayName}, opts)
}

// SetDiscount gives a fan a renewal discount of p.Discount percent for
// p.Period months.
//
// PUT /v2/access/subscribers/{userId}/discount
func (s *SubscribersService) SetDiscount(ctx context.Context, userID int64, p *SubscriberDiscountParams, opts ...CallOption) error {
	if p == nil || p.Discount <= 0 || p.Period <= 0 {
		return refused(opts, fmt.Errorf("%w: a discount needs a percentage and a period", ErrInvalidParams))
	}
	return s.put(ctx, "/v2/access/subscribers/{userId}/discount", userID, p, opts)
}

// put sends a fan setting; the API answers with an empty object.
func (s *SubscribersService) put(ctx context.Context, route string, userID int64, body any, opts []CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodPut, route: route, args: []string{idArg(userID)}, body: body})
}
