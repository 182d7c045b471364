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

// Update changes a promotion; only the fields set in p are sent.
//
// PUT /v2/access/promotions/{promotionId}
func (s *PromotionsService) Update(ctx context.Context, promotionID int64, p *PromotionParams, opts ...CallOption) (*Promotion, error) {
	return accessSend[Promotion](ctx, s.with(opts), http.MethodPut, "/v2/access/promotions/{promotionId}", []string{strconv.FormatInt(promotionID, 10)}, p)
}

// Delete removes a promotion.
//
// DELETE /v2/access/promotions/{promotionId}
func (s *PromotionsService) Delete(ctx context.Context, promotionID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/promotions/{promotionId}", args: []string{strconv.FormatInt(promotionID, 10)}})
}

// Stop finishes a running promotion.
//
// POST /v2/access/promotions/{promotionId}/stop
func (s *PromotionsService) Stop(ctx context.Context, promotionID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodPost, route: "/v2/access/promotions/{promotionId}/stop", args: []string{strconv.FormatInt(promotionID, 10)}})
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

// CreateBundle creates a subscription bundle; p needs both fields.
//
// POST /v2/access/promotions/bundles
func (s *PromotionsService) CreateBundle(ctx context.Context, p *BundleParams, opts ...CallOption) (*Bundle, error) {
	if p == nil || p.Discount == 0 || p.Duration == 0 {
		return nil, refused(opts, fmt.Errorf("%w: a bundle needs a discount and a duration", ErrInvalidParams))
	}
	return accessSend[Bundle](ctx, s.with(opts), http.MethodPost, "/v2/access/promotions/bundles", nil, p)
}

// GetBundle returns one bundle.
//
// GET /v2/access/promotions/bundles/{bundleId}
func (s *PromotionsService) GetBundle(ctx context.Context, bundleID int64, opts ...CallOption) (*Bundle, error) {
	return accessGet[Bundle](ctx, s.with(opts), "/v2/access/promotions/bundles/{bundleId}", []string{strconv.FormatInt(bundleID, 10)}, nil)
}

// UpdateBundle changes a bundle; only the fields set in p are sent.
//
// PUT /v2/access/promotions/bundles/{bundleId}
func (s *PromotionsService) UpdateBundle(ctx context.Context, bundleID int64, p *BundleParams, opts ...CallOption) (*Bundle, error) {
	return accessSend[Bundle](ctx, s.with(opts), http.MethodPut, "/v2/access/promotions/bundles/{bundleId}", []string{strconv.FormatInt(bundleID, 10)}, p)
}

// DeleteBundle removes a bundle.
//
// DELETE /v2/access/promotions/bundles/{bundleId}
func (s *PromotionsService) DeleteBundle(ctx context.Context, bundleID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/promotions/bundles/{bundleId}", args: []string{strconv.FormatInt(bundleID, 10)}})
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

// CreateTrialLink creates a free-trial link; p needs Name and
// SubscribeDays.
//
// POST /v2/access/promotions/trial-links
func (s *PromotionsService) CreateTrialLink(ctx context.Context, p *TrialLinkParams, opts ...CallOption) (*TrialLink, error) {
	if p == nil || p.Name == "" || p.SubscribeDays == 0 {
		return nil, refused(opts, fmt.Errorf("%w: a trial link needs a name and subscribe days", ErrInvalidParams))
	}
	return accessSend[TrialLink](ctx, s.with(opts), http.MethodPost, "/v2/access/promotions/trial-links", nil, p)
}

// GetTrialLink returns one free-trial link.
//
// GET /v2/access/promotions/trial-links/{trialLinkId}
func (s *PromotionsService) GetTrialLink(ctx context.Context, trialLinkID int64, opts ...CallOption) (*TrialLink, error) {
	return accessGet[TrialLink](ctx, s.with(opts), "/v2/access/promotions/trial-links/{trialLinkId}", []string{strconv.FormatInt(trialLinkID, 10)}, nil)
}

// UpdateTrialLink changes a free-trial link; only the fields set in p are
// sent.
//
// PUT /v2/access/promotions/trial-links/{trialLinkId}
func (s *PromotionsService) UpdateTrialLink(ctx context.Context, trialLinkID int64, p *TrialLinkParams, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodPut, route: "/v2/access/promotions/trial-links/{trialLinkId}", args: []string{strconv.FormatInt(trialLinkID, 10)}, body: p})
}

// DeleteTrialLink removes a free-trial link.
//
// DELETE /v2/access/promotions/trial-links/{trialLinkId}
func (s *PromotionsService) DeleteTrialLink(ctx context.Context, trialLinkID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/promotions/trial-links/{trialLinkId}", args: []string{strconv.FormatInt(trialLinkID, 10)}})
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

// GetTrackingLink returns one tracking link.
//
// GET /v2/access/promotions/tracking-links/{trackingLinkId}
func (s *PromotionsService) GetTrackingLink(ctx context.Context, trackingLinkID int64, opts ...CallOption) (*TrackingLink, error) {
	return accessGet[TrackingLink](ctx, s.with(opts), "/v2/access/promotions/tracking-links/{trackingLinkId}", []string{strconv.FormatInt(trackingLinkID, 10)}, nil)
}

// UpdateTrackingLink renames a tracking link.
//
// PUT /v2/access/promotions/tracking-links/{trackingLinkId}
func (s *PromotionsService) UpdateTrackingLink(ctx context.Context, trackingLinkID int64, p *TrackingLinkParams, opts ...CallOption) (*TrackingLink, error) {
	return accessSend[TrackingLink](ctx, s.with(opts), http.MethodPut, "/v2/access/promotions/tracking-links/{trackingLinkId}", []string{strconv.FormatInt(trackingLinkID, 10)}, p)
}

// DeleteTrackingLink removes a tracking link.
//
// DELETE /v2/access/promotions/tracking-links/{trackingLinkId}
func (s *PromotionsService) DeleteTrackingLink(ctx context.Context, trackingLinkID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/promotions/tracking-links/{trackingLinkId}", args: []string{strconv.FormatInt(trackingLinkID, 10)}})
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
