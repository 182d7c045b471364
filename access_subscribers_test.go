package ofauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subscriberJSON is a realistic fan.
const subscriberJSON = `{
	"id": 555, "name": "Sam", "username": "fan555", "displayName": "Sam (VIP)", "isVerified": false,
	"avatar": null, "avatarThumbs": null, "lastSeen": "2024-05-20T18:30:00+00:00",
	"subscription": {"isActive": true, "isExpired": false, "subscribedAt": "2024-01-02T03:04:05+00:00",
		"expiresAt": "2024-06-02T03:04:05+00:00", "renewedAt": null, "price": 9.99, "regularPrice": 12.5,
		"discountPercent": null, "discountPeriod": null, "discountStartedAt": null, "discountFinishedAt": null,
		"history": [{"id": 77, "startDate": "2024-05-02T03:04:05+00:00", "expireDate": "2024-06-02T03:04:05+00:00",
			"price": 9.99, "regularPrice": 12.5, "discount": 20, "type": "regular", "action": "renew", "isCurrent": true}]},
	"spending": {"total": 125.44, "tips": 45.5, "subscriptions": 59.94, "messages": 20, "posts": 0, "streams": 0},
	"isRestricted": false, "isBlocked": false,
	"capabilities": {"canRestrict": true, "canBlock": true, "canReport": true, "canUnsubscribe": false,
		"canReceiveMessages": true, "canSendTrial": false},
	"lists": [{"id": "fans", "name": "Fans"}, {"id": 9001, "name": "VIP"}]
}`

func TestSubscribersWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{
			name: "List", method: "GET", path: "/subscribers",
			query: url.Values{
				"query": {"sam"}, "type": {"latest"}, "latestType": {"renewals"},
				"startDate": {"2024-05-01"}, "endDate": {"2024-06-01T00:00:00Z"}, // 02:00 CEST has a time of day
				"filter[online]": {"true"}, "filter[total_spent]": {"100"}, "filter[promoId]": {"31"},
				"limit": {"20"}, "offset": {"40"},
			},
			reply: `{"list": [` + subscriberJSON + `], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				online := true
				p, err := a.Subscribers.List(context.Background(), &SubscriberListParams{
					Query: "sam", Type: SubscribersLatest, LatestType: LatestSubscribersRenewals,
					StartDate: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
					EndDate:   time.Date(2024, 6, 1, 2, 0, 0, 0, time.FixedZone("CEST", 2*3600)),
					Filter:    &SubscriberFilter{Online: &online, TotalSpent: "100", PromoID: 31},
					Limit:     20, Offset: 40,
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				s := p.Items[0]
				assert.Equal(t, int64(555), s.ID)
				assert.Equal(t, "fan555", s.Username)
				assert.Equal(t, "Sam (VIP)", s.DisplayName)
				assert.Nil(t, s.AvatarThumbs)
				assertTime(t, "2024-05-20T18:30:00Z", s.LastSeen)
				assert.True(t, s.Subscription.IsActive)
				assertTime(t, "2024-06-02T03:04:05Z", s.Subscription.ExpiresAt)
				assert.True(t, s.Subscription.RenewedAt.IsZero())
				assert.InDelta(t, 9.99, s.Subscription.Price, 1e-9)
				assert.Zero(t, s.Subscription.DiscountPercent)
				require.Len(t, s.Subscription.History, 1)
				assert.Equal(t, "renew", s.Subscription.History[0].Action)
				assertTime(t, "2024-05-02T03:04:05Z", s.Subscription.History[0].StartDate)
				assert.Equal(t, SubscriberSpending{Total: 125.44, Tips: 45.5, Subscriptions: 59.94, Messages: 20}, s.Spending)
				assert.True(t, s.Capabilities.CanBlock)
				assert.False(t, s.Capabilities.CanUnsubscribe)
				assert.Equal(t, []SubscriberListRef{{ID: "fans", Name: "Fans"}, {ID: "9001", Name: "VIP"}}, s.Lists)
				assert.True(t, p.HasMore)
				assert.Equal(t, 41, p.NextOffset)
			},
		},
		{
			name: "List without params", method: "GET", path: "/subscribers", reply: `{"list": [], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Subscribers.List(context.Background(), nil)
				require.NoError(t, err)
				assert.Empty(t, p.Items)
				assert.False(t, p.HasMore)
			},
		},
		{
			name: "List with an explicit offline filter", method: "GET", path: "/subscribers",
			query: url.Values{"filter[online]": {"false"}, "filter[trial_id]": {"8"}, "filter[duration]": {"3"}, "filter[tips]": {"10"}},
			reply: `{"list": [], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				offline := false
				_, err := a.Subscribers.List(context.Background(), &SubscriberListParams{
					Filter: &SubscriberFilter{Online: &offline, TrialID: 8, Duration: "3", Tips: "10"},
				})
				require.NoError(t, err)
			},
		},
		{
			name: "SetNote", method: "PUT", path: "/subscribers/555/note", body: `{"notice": "likes cats"}`, reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Subscribers.SetNote(context.Background(), 555, "likes cats"))
			},
		},
		{
			name: "SetNote clears", method: "PUT", path: "/subscribers/556/note", body: `{"notice": ""}`, status: http.StatusNoContent,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Subscribers.SetNote(context.Background(), 556, ""))
			},
		},
		{
			name: "SetCustomName", method: "PUT", path: "/subscribers/555/custom-name", body: `{"displayName": "Sam (VIP)"}`, reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Subscribers.SetCustomName(context.Background(), 555, "Sam (VIP)"))
			},
		},
		{
			name: "SetDiscount", method: "PUT", path: "/subscribers/557/discount", body: `{"discount": 20, "period": 3}`, reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Subscribers.SetDiscount(context.Background(), 557, &SubscriberDiscountParams{Discount: 20, Period: 3}))
			},
		},
	})
}

func TestSubscribersInvalidParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	a := c.Access.WithConnection(wireConn)
	ctx := context.Background()
	assert.ErrorIs(t, a.Subscribers.SetCustomName(ctx, 555, " "), ErrInvalidParams)
	assert.ErrorIs(t, a.Subscribers.SetDiscount(ctx, 555, nil), ErrInvalidParams)
	assert.ErrorIs(t, a.Subscribers.SetDiscount(ctx, 555, &SubscriberDiscountParams{Discount: 20}), ErrInvalidParams)
	assert.ErrorIs(t, a.Subscribers.SetNote(ctx, 0, "x"), ErrInvalidParams)
}

func TestSubscribersWalk(t *testing.T) {
	fans := func(more bool, ids ...int) string {
		s := `{"list": [`
		for i, id := range ids {
			if i > 0 {
				s += ","
			}
			s += `{"id": ` + strconv.Itoa(id) + `, "username": "fan` + strconv.Itoa(id) + `"}`
		}
		return s + `], "hasMore": ` + strconv.FormatBool(more) + `}`
	}
	runWalkCases(t, []walkCase{{
		name: "All", path: "/subscribers", key: "offset",
		fixed: url.Values{"type": {"active"}, "limit": {"2"}, "filter[online]": {"true"}},
		pages: map[string]string{"": fans(true, 1, 2), "2": fans(true, 3, 4), "4": fans(false, 5)},
		walk: func(a *AccessService, max int) ([]string, error) {
			online := true
			p := &SubscriberListParams{Type: SubscribersActive, Limit: 2, Filter: &SubscriberFilter{Online: &online}}
			before := *p
			got, err := take(a.Subscribers.All(context.Background(), p), max, func(s *Subscriber) string { return s.Username })
			if *p != before {
				return nil, errors.New("All changed the caller's params")
			}
			return got, err
		},
		want: []string{"fan1", "fan2", "fan3", "fan4", "fan5"}, cursors: []string{"", "2", "4"},
	}})
}

func TestSubscribersAllStopsOnError(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var offsets []string
	mux.HandleFunc("GET /v2/access/subscribers", func(w http.ResponseWriter, r *http.Request) {
		offsets = append(offsets, r.URL.Query().Get("offset"))
		if r.URL.Query().Get("offset") == "" {
			writeJSON(w, http.StatusOK, `{"list": [{"id": 1, "username": "fan1"}], "hasMore": true}`)
			return
		}
		writeJSON(w, http.StatusTooManyRequests, `{"error": "Slow down", "type": "RATE_LIMIT_EXCEEDED"}`)
	})
	var names []string
	var errs []error
	for s, err := range c.Access.WithConnection(wireConn).Subscribers.All(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		names = append(names, s.Username)
	}
	assert.Equal(t, []string{"fan1"}, names)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrRateLimitExceeded)
	assert.Equal(t, []string{"", "1"}, offsets)
}
