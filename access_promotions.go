package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/ofauth-go/ofauth/internal/query"
)

// PromotionsService manages the creator's subscription promotions, bundles,
// free-trial links and tracking (campaign) links.
//
// Promotions are the service's own verbs (List, Create, Update, Delete,
// Stop); bundles, trial links and tracking links have their own List
// (Bundles, TrialLinks, TrackingLinks), All, Create, Get, Update and
// Delete methods. Ids are the numeric ids the API returns.
type PromotionsService struct{ accessGroup }

// The methods of PromotionsService are generated from spec/openapi.yaml
// into access_promotions_gen.go, except those below (x-go-override in the
// spec): the lists, whose answer is a bare array or a page (the tracking
// links' also sends with_deleted as 1), Create and CreateTrackingLink,
// whose answers are unions too, the share calls, whose body is built from
// the two ids, and TrackingLinkClaimers, one page without an iterator.

// List returns one page of subscription promotions.
//
// GET /v2/access/promotions
func (s *PromotionsService) List(ctx context.Context, p *PromotionListParams, opts ...CallOption) (*Page[Promotion], error) {
	return fetchListOrArray[Promotion](ctx, s.with(opts), "/v2/access/promotions", query.Values(p), paramsOf(p).Offset, paramsOf(p).Limit, promotionsDefaultLimit)
}

// All walks every promotion from p.Offset on. p is not modified.
func (s *PromotionsService) All(ctx context.Context, p *PromotionListParams, opts ...CallOption) iter.Seq2[*Promotion, error] {
	return walkOffsets(ctx, opts, p, func(q *PromotionListParams) *int { return &q.Offset }, s.List)
}

// Create starts a subscription promotion. Every field of p is required.
// The API answers with the promotions list, which is returned as is.
//
// POST /v2/access/promotions
func (s *PromotionsService) Create(ctx context.Context, p *PromotionParams, opts ...CallOption) ([]Promotion, error) {
	if p == nil || p.Discount == 0 || p.Message == "" || p.FinishDays == 0 ||
		p.SubscribeCounts == 0 || p.SubscribeDays == 0 || len(p.Types) == 0 {
		return nil, refused(opts, fmt.Errorf("%w: a promotion needs a discount, message, finish days, subscribe counts, subscribe days and at least one type", ErrInvalidParams))
	}
	out, err := accessSend[listOrArray[Promotion]](ctx, s.with(opts), http.MethodPost, "/v2/access/promotions", nil, p)
	if err != nil {
		return nil, err
	}
	return out.List, nil
}

// Bundles returns one page of subscription bundles.
//
// GET /v2/access/promotions/bundles
func (s *PromotionsService) Bundles(ctx context.Context, p *PromotionListParams, opts ...CallOption) (*Page[Bundle], error) {
	return fetchListOrArray[Bundle](ctx, s.with(opts), "/v2/access/promotions/bundles", query.Values(p), paramsOf(p).Offset, paramsOf(p).Limit, promotionsDefaultLimit)
}

// AllBundles walks every bundle from p.Offset on. p is not modified.
func (s *PromotionsService) AllBundles(ctx context.Context, p *PromotionListParams, opts ...CallOption) iter.Seq2[*Bundle, error] {
	return walkOffsets(ctx, opts, p, func(q *PromotionListParams) *int { return &q.Offset }, s.Bundles)
}

// TrialLinks returns one page of free-trial links.
//
// GET /v2/access/promotions/trial-links
func (s *PromotionsService) TrialLinks(ctx context.Context, p *PromotionListParams, opts ...CallOption) (*Page[TrialLink], error) {
	return fetchListOrArray[TrialLink](ctx, s.with(opts), "/v2/access/promotions/trial-links", query.Values(p), paramsOf(p).Offset, paramsOf(p).Limit, promotionsDefaultLimit)
}

// AllTrialLinks walks every free-trial link from p.Offset on. p is not
// modified.
func (s *PromotionsService) AllTrialLinks(ctx context.Context, p *PromotionListParams, opts ...CallOption) iter.Seq2[*TrialLink, error] {
	return walkOffsets(ctx, opts, p, func(q *PromotionListParams) *int { return &q.Offset }, s.TrialLinks)
}

// ShareTrialLink gives another user access to a free-trial link.
//
// POST /v2/access/promotions/trial-links/share-access
func (s *PromotionsService) ShareTrialLink(ctx context.Context, trialLinkID, userID int64, opts ...CallOption) error {
	return s.shareAccess(ctx, http.MethodPost, "/v2/access/promotions/trial-links/share-access", trialLinkID, userID, &trialLinkShare{TrialID: trialLinkID, UserID: userID}, opts)
}

// UnshareTrialLink revokes another user's access to a free-trial link.
//
// DELETE /v2/access/promotions/trial-links/share-access
func (s *PromotionsService) UnshareTrialLink(ctx context.Context, trialLinkID, userID int64, opts ...CallOption) error {
	return s.shareAccess(ctx, http.MethodDelete, "/v2/access/promotions/trial-links/share-access", trialLinkID, userID, &trialLinkShare{TrialID: trialLinkID, UserID: userID}, opts)
}

// TrackingLinks returns one page of tracking (campaign) links.
//
// GET /v2/access/promotions/tracking-links
func (s *PromotionsService) TrackingLinks(ctx context.Context, p *TrackingLinkListParams, opts ...CallOption) (*Page[TrackingLink], error) {
	q := query.Values(p)
	if p != nil && p.WithDeleted {
		q.Set("with_deleted", "1")
	}
	return fetchListOrArray[TrackingLink](ctx, s.with(opts), "/v2/access/promotions/tracking-links", q, paramsOf(p).Offset, paramsOf(p).Limit, promotionsDefaultLimit)
}

// AllTrackingLinks walks every tracking link from p.Offset on. p is not
// modified.
func (s *PromotionsService) AllTrackingLinks(ctx context.Context, p *TrackingLinkListParams, opts ...CallOption) iter.Seq2[*TrackingLink, error] {
	return walkOffsets(ctx, opts, p, func(q *TrackingLinkListParams) *int { return &q.Offset }, s.TrackingLinks)
}

// CreateTrackingLink creates a tracking link; p needs a Name. The API
// answers with the new link or with a list of links; either way the links
// come back as a slice.
//
// POST /v2/access/promotions/tracking-links
func (s *PromotionsService) CreateTrackingLink(ctx context.Context, p *TrackingLinkParams, opts ...CallOption) ([]TrackingLink, error) {
	if p == nil || p.Name == "" {
		return nil, refused(opts, fmt.Errorf("%w: a tracking link needs a name", ErrInvalidParams))
	}
	out, err := accessSend[objectOrArray[TrackingLink]](ctx, s.with(opts), http.MethodPost, "/v2/access/promotions/tracking-links", nil, p)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// ShareTrackingLink gives another user access to a tracking link's
// statistics.
//
// POST /v2/access/promotions/tracking-links/share-access
func (s *PromotionsService) ShareTrackingLink(ctx context.Context, trackingLinkID, userID int64, opts ...CallOption) error {
	return s.shareAccess(ctx, http.MethodPost, "/v2/access/promotions/tracking-links/share-access", trackingLinkID, userID, &trackingLinkShare{CampaignID: trackingLinkID, UserID: userID}, opts)
}

// UnshareTrackingLink revokes another user's access to a tracking link's
// statistics.
//
// DELETE /v2/access/promotions/tracking-links/share-access
func (s *PromotionsService) UnshareTrackingLink(ctx context.Context, trackingLinkID, userID int64, opts ...CallOption) error {
	return s.shareAccess(ctx, http.MethodDelete, "/v2/access/promotions/tracking-links/share-access", trackingLinkID, userID, &trackingLinkShare{CampaignID: trackingLinkID, UserID: userID}, opts)
}

// TrackingLinkClaimers returns the users who subscribed through a tracking
// link, as one page (the endpoint cannot be paged). The API does not type
// the items; decode them into the shape you need, e.g. UserBrief.
//
// GET /v2/access/promotions/tracking-links/{trackingLinkId}/claimers
func (s *PromotionsService) TrackingLinkClaimers(ctx context.Context, trackingLinkID int64, opts ...CallOption) (*Page[json.RawMessage], error) {
	out, err := accessGet[listOrArray[json.RawMessage]](ctx, s.with(opts), "/v2/access/promotions/tracking-links/{trackingLinkId}/claimers", []string{strconv.FormatInt(trackingLinkID, 10)}, nil)
	if err != nil {
		return nil, err
	}
	return &Page[json.RawMessage]{Items: out.List, HasMore: out.HasMore}, nil
}

// shareAccess sends a share or unshare request for a link and a user.
func (s *PromotionsService) shareAccess(ctx context.Context, method, route string, linkID, userID int64, body any, opts []CallOption) error {
	if linkID <= 0 || userID <= 0 {
		return refused(opts, fmt.Errorf("%w: sharing a link needs a link id and a user id above 0", ErrInvalidParams))
	}
	return s.with(opts).do(ctx, &request{method: method, route: route, body: body})
}
