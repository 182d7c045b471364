package ofauth

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptionsWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{
			name: "List", method: "GET", path: "/subscriptions",
			query: url.Values{"query": {"anna"}, "type": {"expired"}, "filter[paid]": {"true"}, "filter[online]": {"false"},
				"limit": {"50"}, "offset": {"100"}},
			reply: `{"list": [{"id": 4242, "username": "anna", "name": "Anna", "avatar": "https://cdn.example/anna.jpg",
				"avatarThumbs": {"c50": "https://cdn.example/a50.jpg", "c144": "https://cdn.example/a144.jpg"},
				"lists": [{"id": "following", "type": "following", "name": "Following"}],
				"subscribedAt": "2023-11-11T11:11:11+00:00", "expiredAt": null, "renewedAt": "2024-05-11T11:11:11+00:00",
				"isActive": true, "subscriptionPrice": 14.99, "tipsSumm": 30, "totalSumm": 119.94}], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				paid, online := true, false
				p, err := a.Subscriptions.List(context.Background(), &SubscriptionListParams{
					Query: "anna", Type: SubscriptionsExpired, Filter: &SubscriptionFilter{Paid: &paid, Online: &online},
					Limit: 50, Offset: 100,
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				s := p.Items[0]
				assert.Equal(t, int64(4242), s.ID)
				assert.Equal(t, "anna", s.Username)
				require.NotNil(t, s.AvatarThumbs)
				assert.Equal(t, []UserListRef{{ID: "following", Type: "following", Name: "Following"}}, s.Lists)
				assertTime(t, "2023-11-11T11:11:11Z", s.SubscribedAt)
				assert.True(t, s.ExpiredAt.IsZero())
				assertTime(t, "2024-05-11T11:11:11Z", s.RenewedAt)
				assert.True(t, s.IsActive)
				assert.InDelta(t, 14.99, s.SubscriptionPrice, 1e-9)
				assert.InDelta(t, 119.94, s.TotalSumm, 1e-9)
				assert.Zero(t, s.MessagesSumm)
				assert.True(t, p.HasMore)
				assert.Equal(t, 101, p.NextOffset)
			},
		},
		{
			name: "List without params", method: "GET", path: "/subscriptions", reply: `{"list": [], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Subscriptions.List(context.Background(), nil)
				require.NoError(t, err)
				assert.Empty(t, p.Items)
			},
		},
		{
			name: "Counts", method: "GET", path: "/subscriptions/count",
			reply: `{"subscriptions": {"active": 12, "muted": 1, "restricted": 0, "expired": 30, "blocked": 2, "attention": 3, "all": 48},
				"subscribers": {"active": 1520, "muted": 4, "restricted": 7, "expired": 3900, "blocked": 11, "all": 5442, "activeOnline": 38},
				"bookmarks": 5}`,
			call: func(t *testing.T, a *AccessService) {
				n, err := a.Subscriptions.Counts(context.Background())
				require.NoError(t, err)
				assert.Equal(t, &SubscriptionCounts{
					Subscriptions: SubscriptionStatusCounts{Active: 12, Muted: 1, Expired: 30, Blocked: 2, Attention: 3, All: 48},
					Subscribers:   SubscriberStatusCounts{Active: 1520, Muted: 4, Restricted: 7, Expired: 3900, Blocked: 11, All: 5442, ActiveOnline: 38},
					Bookmarks:     5,
				}, n)
			},
		},
		{
			name: "History", method: "GET", path: "/subscriptions/777/history",
			reply: `{"list": [{"subscribeDate": "2024-04-11T11:11:11+00:00", "expireDate": "2024-05-11T11:11:11+00:00", "price": 14.99},
				{"subscribeDate": "2024-05-11T11:11:11+00:00", "expireDate": null, "price": 0}], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				h, err := a.Subscriptions.History(context.Background(), 777, nil)
				require.NoError(t, err)
				require.Len(t, h.Entries, 2)
				assertTime(t, "2024-04-11T11:11:11Z", h.Entries[0].SubscribeDate)
				assertTime(t, "2024-05-11T11:11:11Z", h.Entries[0].ExpireDate)
				assert.InDelta(t, 14.99, h.Entries[0].Price, 1e-9)
				assert.True(t, h.Entries[1].ExpireDate.IsZero())
				assert.True(t, h.HasMore)
			},
		},
		{
			name: "History in full", method: "GET", path: "/subscriptions/778/history", query: url.Values{"all": {"true"}},
			reply: `{"list": [], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				h, err := a.Subscriptions.History(context.Background(), 778, &SubscriptionHistoryParams{All: true})
				require.NoError(t, err)
				assert.Empty(t, h.Entries)
				assert.False(t, h.HasMore)
			},
		},
	})
}

func TestSubscriptionsWalk(t *testing.T) {
	runWalkCases(t, []walkCase{{
		name: "All", path: "/subscriptions", key: "offset", fixed: url.Values{"filter[online]": {"true"}, "limit": {"2"}},
		pages: map[string]string{
			"":  `{"list": [{"id": 1, "username": "a"}, {"id": 2, "username": "b"}], "hasMore": true}`,
			"2": `{"list": [{"id": 3, "username": "c"}], "hasMore": true}`,
			"3": `{"list": [], "hasMore": true}`,
		},
		walk: func(a *AccessService, max int) ([]string, error) {
			online := true
			p := &SubscriptionListParams{Filter: &SubscriptionFilter{Online: &online}, Limit: 2}
			return take(a.Subscriptions.All(context.Background(), p), max, func(s *Subscription) string { return s.Username })
		},
		want: []string{"a", "b", "c"}, cursors: []string{"", "2", "3"},
	}})
}
