package ofauth

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// promotionJSON is a realistic promotion.
const promotionJSON = `{
	"id": 5500000001, "message": "<p>50% off your first month</p>", "rawMessage": "50% off your first month", "hasRelatedPromo": false,
	"price": 4.99, "type": "new", "canClaim": true, "claimsCount": 12, "subscribeCounts": 100, "subscribeDays": 30,
	"createdAt": "2024-03-01T09:00:00+00:00", "finishedAt": null, "isFinished": false
}`

func assertPromotion(t *testing.T, p Promotion) {
	t.Helper()
	assert.Equal(t, int64(5500000001), p.ID)
	assert.Equal(t, 4.99, p.Price)
	assert.Equal(t, "50% off your first month", p.RawMessage)
	assert.Equal(t, int64(12), p.ClaimsCount)
	assert.Equal(t, 30.0, p.SubscribeDays)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), p.CreatedAt.UTC())
	assert.True(t, p.FinishedAt.IsZero(), "null time decodes to zero")
}

func TestPromotionsListShapes(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		p           *PromotionListParams
		wantQuery   url.Values
		wantHasMore bool
		wantNext    int
	}{
		{"page object", `{"hasMore": true, "list": [` + promotionJSON + `]}`, &PromotionListParams{Limit: 1, Offset: 3},
			url.Values{"limit": {"1"}, "offset": {"3"}}, true, 4},
		{"page object, last", `{"hasMore": false, "list": [` + promotionJSON + `]}`, nil, url.Values{}, false, 1},
		{"bare array, full page", `[` + promotionJSON + `]`, &PromotionListParams{Limit: 1},
			url.Values{"limit": {"1"}}, true, 1},
		{"bare array, short page", ` ` + "\n" + `[` + promotionJSON + `]`, &PromotionListParams{Limit: 5, Offset: 10},
			url.Values{"limit": {"5"}, "offset": {"10"}}, false, 11},
		{"bare array, default limit", `[` + promotionJSON + `]`, nil, url.Values{}, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions", tt.body, func(r *http.Request) {
				assert.Equal(t, tt.wantQuery, r.URL.Query())
				assertNoBody(t, r)
			})
			page, err := a.Promotions.List(context.Background(), tt.p)
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			assertPromotion(t, page.Items[0])
			assert.Equal(t, tt.wantHasMore, page.HasMore)
			assert.Equal(t, tt.wantNext, page.NextOffset)
		})
	}
}

func TestPromotionsCreate(t *testing.T) {
	for name, body := range map[string]string{
		"bare array":  `[` + promotionJSON + `]`,
		"page object": `{"hasMore": false, "list": [` + promotionJSON + `]}`,
	} {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, "POST /v2/access/promotions", body, func(r *http.Request) {
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				assert.Equal(t, map[string]any{
					"discount": 50.0, "message": "50% off your first month", "finishDays": 14.0,
					"subscribeCounts": 100.0, "subscribeDays": 30.0, "type": []any{"new", "expired"},
				}, readJSON(t, r))
			})
			got, err := a.Promotions.Create(context.Background(), &PromotionParams{
				Discount: 50, Message: "50% off your first month", FinishDays: 14, SubscribeCounts: 100, SubscribeDays: 30,
				Types: []string{"new", "expired"},
			})
			require.NoError(t, err)
			require.Len(t, got, 1)
			assertPromotion(t, got[0])
		})
	}
}

func TestPromotionsValidation(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	ctx := context.Background()
	s := a.Promotions
	calls := map[string]func() error{
		"promotion nil": func() error { _, err := s.Create(ctx, nil); return err },
		"promotion without type": func() error {
			_, err := s.Create(ctx, &PromotionParams{Discount: 5, Message: "m", FinishDays: 1, SubscribeCounts: 1, SubscribeDays: 1})
			return err
		},
		"promotion without text": func() error {
			_, err := s.Create(ctx, &PromotionParams{Discount: 5, FinishDays: 1, SubscribeCounts: 1, SubscribeDays: 1, Types: []string{"new"}})
			return err
		},
		"bundle nil":               func() error { _, err := s.CreateBundle(ctx, nil); return err },
		"bundle without duration":  func() error { _, err := s.CreateBundle(ctx, &BundleParams{Discount: 10}); return err },
		"trial link nil":           func() error { _, err := s.CreateTrialLink(ctx, nil); return err },
		"trial link without name":  func() error { _, err := s.CreateTrialLink(ctx, &TrialLinkParams{SubscribeDays: 7}); return err },
		"trial link without days":  func() error { _, err := s.CreateTrialLink(ctx, &TrialLinkParams{Name: "x"}); return err },
		"tracking link nil":        func() error { _, err := s.CreateTrackingLink(ctx, nil); return err },
		"tracking link no name":    func() error { _, err := s.CreateTrackingLink(ctx, &TrackingLinkParams{}); return err },
		"share trial no user":      func() error { return s.ShareTrialLink(ctx, 5, 0) },
		"unshare trial no link":    func() error { return s.UnshareTrialLink(ctx, 0, 5) },
		"share tracking no user":   func() error { return s.ShareTrackingLink(ctx, 5, -1) },
		"unshare tracking no link": func() error { return s.UnshareTrackingLink(ctx, 0, 5) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, call(), ErrInvalidParams)
		})
	}
}

func TestPromotionsUpdateDeleteStop(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "PUT /v2/access/promotions/5500000001", promotionJSON, func(r *http.Request) {
		assert.Equal(t, map[string]any{"discount": 25.0, "type": []any{"all"}}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "DELETE /v2/access/promotions/5500000001", `{"success": true}`, assertNoBodyFn(t))
	handleAccess(t, mux, promoStatsConn, "POST /v2/access/promotions/5500000001/stop", `{"success": true}`, assertNoBodyFn(t))
	ctx := context.Background()

	p, err := a.Promotions.Update(ctx, 5500000001, &PromotionParams{Discount: 25, Types: []string{"all"}})
	require.NoError(t, err)
	assertPromotion(t, *p)

	require.NoError(t, a.Promotions.Delete(ctx, 5500000001))
	require.NoError(t, a.Promotions.Stop(ctx, 5500000001))
}

// bundleJSON is a realistic bundle.
const bundleJSON = `{"id": 330001, "discount": 15, "duration": 3, "price": 25.47, "canBuy": true}`

func TestPromotionsBundles(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	want := &Bundle{ID: 330001, Discount: 15, Duration: 3, Price: 25.47, CanBuy: true}
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/bundles", `[`+bundleJSON+`]`, func(r *http.Request) {
		assert.Equal(t, url.Values{"limit": {"10"}}, r.URL.Query())
	})
	handleAccess(t, mux, promoStatsConn, "POST /v2/access/promotions/bundles", bundleJSON, func(r *http.Request) {
		assert.Equal(t, map[string]any{"discount": 15.0, "duration": 90.0}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/bundles/330001", bundleJSON, assertNoBodyFn(t))
	handleAccess(t, mux, promoStatsConn, "PUT /v2/access/promotions/bundles/330001", bundleJSON, func(r *http.Request) {
		assert.Equal(t, map[string]any{"duration": 180.0}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "DELETE /v2/access/promotions/bundles/330001", bundleJSON, assertNoBodyFn(t))
	ctx := context.Background()

	page, err := a.Promotions.Bundles(ctx, &PromotionListParams{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []Bundle{*want}, page.Items)
	assert.False(t, page.HasMore, "a short bare array is the last page")

	b, err := a.Promotions.CreateBundle(ctx, &BundleParams{Discount: 15, Duration: 90})
	require.NoError(t, err)
	assert.Equal(t, want, b)

	b, err = a.Promotions.GetBundle(ctx, 330001)
	require.NoError(t, err)
	assert.Equal(t, want, b)

	b, err = a.Promotions.UpdateBundle(ctx, 330001, &BundleParams{Duration: 180})
	require.NoError(t, err)
	assert.Equal(t, want, b)

	require.NoError(t, a.Promotions.DeleteBundle(ctx, 330001))
}

// trialLinkJSON is a realistic free-trial link.
const trialLinkJSON = `{
	"id": 440000002, "trialLinkName": "Reddit July", "url": "https://onlyfans.com/action/trial/abcdef", "subscribeDays": 7,
	"subscribeCounts": 50, "claimCounts": 12, "clicksCounts": 340, "expiredAt": "2024-07-31T23:59:59Z",
	"createdAt": "2024-07-01T08:00:00Z", "isFinished": false, "user": {"id": 555, "_view": "s"}, "sharedWith": null
}`

func TestPromotionsTrialLinks(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/trial-links", `{"hasMore": true, "list": [`+trialLinkJSON+`]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"offset": {"20"}}, r.URL.Query())
	})
	expires := time.Date(2024, 7, 31, 23, 59, 59, 0, time.UTC)
	handleAccess(t, mux, promoStatsConn, "POST /v2/access/promotions/trial-links", trialLinkJSON, func(r *http.Request) {
		assert.Equal(t, map[string]any{"trialLinkName": "Reddit July", "subscribeDays": 7.0, "subscribeCounts": 50.0,
			"expiredAt": "2024-07-31T23:59:59Z"}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/trial-links/440000002", `{
		"id": 440000002, "trialLinkName": "Open", "url": "u", "subscribeDays": 30, "subscribeCounts": 0, "claimCounts": 0,
		"clicksCounts": 0, "expiredAt": null, "createdAt": 1719820800, "isFinished": false, "user": null, "sharedWith": "fan42"
	}`, assertNoBodyFn(t))
	handleAccess(t, mux, promoStatsConn, "PUT /v2/access/promotions/trial-links/440000002", `{"success": true}`, func(r *http.Request) {
		assert.Equal(t, map[string]any{"trialLinkName": "Reddit August"}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "DELETE /v2/access/promotions/trial-links/440000002", `{"success": true}`, assertNoBodyFn(t))
	ctx := context.Background()

	page, err := a.Promotions.TrialLinks(ctx, &PromotionListParams{Offset: 20})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 21, page.NextOffset)
	l := page.Items[0]
	assert.Equal(t, int64(440000002), l.ID)
	assert.Equal(t, "Reddit July", l.Name)
	assert.Equal(t, expires, l.ExpiredAt)
	assert.Equal(t, int64(340), l.ClicksCounts)
	assert.JSONEq(t, `{"id": 555, "_view": "s"}`, string(l.User))
	assert.Empty(t, l.SharedWith)

	created, err := a.Promotions.CreateTrialLink(ctx, &TrialLinkParams{Name: "Reddit July", SubscribeDays: 7, SubscribeCounts: 50, ExpiredAt: &expires})
	require.NoError(t, err)
	assert.Equal(t, "https://onlyfans.com/action/trial/abcdef", created.URL)
	assert.Equal(t, time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC), created.CreatedAt)

	got, err := a.Promotions.GetTrialLink(ctx, 440000002)
	require.NoError(t, err)
	assert.True(t, got.ExpiredAt.IsZero())
	assert.Equal(t, time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC), got.CreatedAt, "epoch seconds decode too")
	assert.Nil(t, got.User, "null user decodes to nil")
	assert.Equal(t, "fan42", got.SharedWith)
	assert.Equal(t, 30.0, got.SubscribeDays)

	require.NoError(t, a.Promotions.UpdateTrialLink(ctx, 440000002, &TrialLinkParams{Name: "Reddit August"}))
	require.NoError(t, a.Promotions.DeleteTrialLink(ctx, 440000002))
}

func TestPromotionsShareAccess(t *testing.T) {
	tests := []struct {
		pattern  string
		call     func(*PromotionsService) error
		wantBody map[string]any
	}{
		{"POST /v2/access/promotions/trial-links/share-access", func(s *PromotionsService) error {
			return s.ShareTrialLink(context.Background(), 440000002, 90210)
		}, map[string]any{"trialId": 440000002.0, "userId": 90210.0}},
		{"DELETE /v2/access/promotions/trial-links/share-access", func(s *PromotionsService) error {
			return s.UnshareTrialLink(context.Background(), 440000002, 90210)
		}, map[string]any{"trialId": 440000002.0, "userId": 90210.0}},
		{"POST /v2/access/promotions/tracking-links/share-access", func(s *PromotionsService) error {
			return s.ShareTrackingLink(context.Background(), 660000003, 90210)
		}, map[string]any{"campaignId": 660000003.0, "userId": 90210.0}},
		{"DELETE /v2/access/promotions/tracking-links/share-access", func(s *PromotionsService) error {
			return s.UnshareTrackingLink(context.Background(), 660000003, 90210)
		}, map[string]any{"campaignId": 660000003.0, "userId": 90210.0}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, tt.pattern, `{"success": true}`, func(r *http.Request) {
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				assert.Equal(t, tt.wantBody, readJSON(t, r))
			})
			require.NoError(t, tt.call(a.Promotions))
		})
	}
}

// trackingLinkJSON is a realistic tracking link, with fields the API
// leaves untyped.
const trackingLinkJSON = `{"id": 660000003, "name": "Twitter bio", "campaignCode": 190233, "countSubscribers": 42, "createdAt": "2023-11-01T00:00:00Z"}`

func TestPromotionsTrackingLinks(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/tracking-links", `{"hasMore": true, "list": [`+trackingLinkJSON+`]}`, func(r *http.Request) {
		assert.Equal(t, url.Values{"limit": {"30"}, "offset": {"60"}, "with_deleted": {"1"}, "sorting_deleted": {"desc"},
			"stats": {"false"}, "pagination": {"1"}}, r.URL.Query())
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/tracking-links/660000003", trackingLinkJSON, assertNoBodyFn(t))
	handleAccess(t, mux, promoStatsConn, "PUT /v2/access/promotions/tracking-links/660000003", trackingLinkJSON, func(r *http.Request) {
		assert.Equal(t, map[string]any{"name": "Twitter bio"}, readJSON(t, r))
	})
	handleAccess(t, mux, promoStatsConn, "DELETE /v2/access/promotions/tracking-links/660000003", `{"success": true}`, assertNoBodyFn(t))
	ctx := context.Background()

	page, err := a.Promotions.TrackingLinks(ctx, &TrackingLinkListParams{Limit: 30, Offset: 60, WithDeleted: true,
		SortingDeleted: "desc", Stats: new(bool), Pagination: 1})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 61, page.NextOffset)
	l := page.Items[0]
	assert.Equal(t, int64(660000003), l.ID)
	assert.Equal(t, "Twitter bio", l.Name)
	var extra struct {
		CampaignCode int64     `json:"campaignCode"`
		CreatedAt    time.Time `json:"createdAt"`
	}
	require.NoError(t, json.Unmarshal(l.Raw, &extra), "Raw keeps the untyped fields")
	assert.Equal(t, int64(190233), extra.CampaignCode)
	assert.Equal(t, time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), extra.CreatedAt)

	got, err := a.Promotions.GetTrackingLink(ctx, 660000003)
	require.NoError(t, err)
	assert.Equal(t, "Twitter bio", got.Name)
	assert.JSONEq(t, trackingLinkJSON, string(got.Raw))

	got, err = a.Promotions.UpdateTrackingLink(ctx, 660000003, &TrackingLinkParams{Name: "Twitter bio"})
	require.NoError(t, err)
	assert.Equal(t, int64(660000003), got.ID)

	require.NoError(t, a.Promotions.DeleteTrackingLink(ctx, 660000003))
}

func TestPromotionsTrackingLinksQueryDefaults(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	var queries []url.Values
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/tracking-links", `{"hasMore": false, "list": []}`, func(r *http.Request) {
		queries = append(queries, r.URL.Query())
	})
	stats := true
	for _, p := range []*TrackingLinkListParams{nil, {}, {Stats: &stats}} {
		page, err := a.Promotions.TrackingLinks(context.Background(), p)
		require.NoError(t, err)
		assert.Empty(t, page.Items)
	}
	assert.Equal(t, []url.Values{{}, {}, {"stats": {"true"}}}, queries, "unset fields are left out; with_deleted only when true")
}

func TestPromotionsCreateTrackingLinkShapes(t *testing.T) {
	tests := map[string]struct {
		body    string
		wantIDs []int64
	}{
		"object":     {trackingLinkJSON, []int64{660000003}},
		"array":      {`[` + trackingLinkJSON + `, {"id": 660000004, "name": "Instagram"}]`, []int64{660000003, 660000004}},
		"null":       {`null`, nil},
		"empty list": {`[]`, []int64{}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, "POST /v2/access/promotions/tracking-links", tt.body, func(r *http.Request) {
				assert.Equal(t, map[string]any{"name": "Twitter bio"}, readJSON(t, r))
			})
			links, err := a.Promotions.CreateTrackingLink(context.Background(), &TrackingLinkParams{Name: "Twitter bio"})
			require.NoError(t, err)
			var ids []int64
			if tt.wantIDs != nil {
				ids = []int64{}
			}
			for _, l := range links {
				ids = append(ids, l.ID)
			}
			assert.Equal(t, tt.wantIDs, ids)
			if len(links) > 0 {
				assert.Equal(t, "Twitter bio", links[0].Name)
				assert.NotEmpty(t, links[0].Raw)
			}
		})
	}
}

func TestPromotionsTrackingLinkClaimers(t *testing.T) {
	tests := map[string]struct {
		body        string
		wantItems   int
		wantHasMore bool
	}{
		"list":      {`{"hasMore": true, "list": [{"id": 101, "username": "fan101", "name": "Fan"}, {"id": 102}]}`, 2, true},
		"null list": {`{"list": null}`, 0, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
			handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/tracking-links/660000003/claimers", tt.body, func(r *http.Request) {
				assert.Empty(t, r.URL.RawQuery)
				assertNoBody(t, r)
			})
			page, err := a.Promotions.TrackingLinkClaimers(context.Background(), 660000003)
			require.NoError(t, err)
			assert.Len(t, page.Items, tt.wantItems)
			assert.Equal(t, tt.wantHasMore, page.HasMore)
			if tt.wantItems > 0 {
				var u UserBrief
				require.NoError(t, json.Unmarshal(page.Items[0], &u))
				assert.Equal(t, UserBrief{ID: 101, Username: "fan101", Name: "Fan"}, u)
			}
		})
	}
}

func TestPromotionsAll(t *testing.T) {
	ctx := context.Background()
	for _, key := range []string{"list", ""} {
		name := map[string]string{"list": "page objects", "": "bare arrays"}[key]
		t.Run(name, func(t *testing.T) {
			t.Run("promotions", func(t *testing.T) {
				p := &PromotionListParams{Limit: 2}
				testOffsetWalk(t, "/v2/access/promotions", key, func(a *AccessService) iter.Seq2[*Promotion, error] {
					return a.Promotions.All(ctx, p)
				}, func(x *Promotion) int64 { return x.ID })
				assert.Equal(t, &PromotionListParams{Limit: 2}, p, "params are not modified")
			})
			t.Run("bundles", func(t *testing.T) {
				testOffsetWalk(t, "/v2/access/promotions/bundles", key, func(a *AccessService) iter.Seq2[*Bundle, error] {
					return a.Promotions.AllBundles(ctx, &PromotionListParams{Limit: 2})
				}, func(x *Bundle) int64 { return x.ID })
			})
			t.Run("trial links", func(t *testing.T) {
				testOffsetWalk(t, "/v2/access/promotions/trial-links", key, func(a *AccessService) iter.Seq2[*TrialLink, error] {
					return a.Promotions.AllTrialLinks(ctx, &PromotionListParams{Limit: 2})
				}, func(x *TrialLink) int64 { return x.ID })
			})
		})
	}
	t.Run("tracking links", func(t *testing.T) {
		p := &TrackingLinkListParams{Limit: 2, WithDeleted: true}
		testOffsetWalk(t, "/v2/access/promotions/tracking-links", "list", func(a *AccessService) iter.Seq2[*TrackingLink, error] {
			return a.Promotions.AllTrackingLinks(ctx, p)
		}, func(x *TrackingLink) int64 { return x.ID })
		assert.Equal(t, &TrackingLinkListParams{Limit: 2, WithDeleted: true}, p, "params are not modified")
	})
}

func TestPromotionsAllBareArrayIgnoringOffset(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	calls := 0
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions/bundles", `[{"id": 1}, {"id": 2}]`, func(*http.Request) { calls++ })
	var ids []int64
	for b, err := range a.Promotions.AllBundles(context.Background(), &PromotionListParams{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, b.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids, "a repeated page ends the walk")
	assert.Equal(t, 2, calls)
}

func TestPromotionsErrorsPassThrough(t *testing.T) {
	a, mux := accessFor(t, promoStatsConn, WithMaxRetries(0))
	mux.HandleFunc("GET /v2/access/promotions/bundles/404", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"message": "Bundle not found", "code": "NOT_FOUND"}`)
	})
	handleAccess(t, mux, promoStatsConn, "GET /v2/access/promotions", `{"list": 5}`, nil)

	_, err := a.Promotions.GetBundle(context.Background(), 404)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Bundle not found", apiErr.Message)
	assert.ErrorIs(t, err, ErrNotFound)

	_, err = a.Promotions.List(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidResponse)
}
