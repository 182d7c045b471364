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

// assertTime checks a decoded timestamp against an RFC 3339 one.
func assertTime(t *testing.T, want string, got time.Time) {
	t.Helper()
	w, err := time.Parse(time.RFC3339, want)
	require.NoError(t, err)
	assert.True(t, w.Equal(got), "want %s, got %s", want, got)
}

// userJSON is a realistic full profile.
const userJSON = `{
	"id": 123456789, "username": "jane.doe", "name": "Jane Doe", "isVerified": true,
	"avatar": "https://cdn.example/avatar.jpg", "avatarThumbs": {"c50": "https://cdn.example/a50.jpg", "c144": "https://cdn.example/a144.jpg"},
	"lists": [{"id": "fans", "type": "fans", "name": "Fans"}, {"id": 9001, "type": "custom", "name": "VIP"}],
	"about": "Hello", "website": null, "location": null, "header": "https://cdn.example/h.jpg",
	"headerSize": {"width": 1920, "height": 480}, "headerThumbs": null,
	"subscribersCount": null, "postsCount": 310, "photosCount": 1200, "videosCount": 85,
	"joinDate": "2021-05-04T10:00:00+00:00", "lastSeen": null,
	"subscribedBy": false, "subscribedByExpireDate": null,
	"subscribedOn": true, "subscribedOnDuration": "3 months",
	"subscribedOnData": {"price": 9.99, "newPrice": 9.99, "regularPrice": 12.5, "subscribePrice": 12.5,
		"discountPercent": 20, "discountPeriod": 1, "subscribeAt": "2024-01-02T03:04:05+00:00",
		"expiredAt": "2024-07-02T03:04:05+00:00", "renewedAt": null, "discountFinishedAt": null,
		"discountStartedAt": null, "status": null, "isMuted": false, "unsubscribeReason": "",
		"duration": "6 months", "hasActivePaidSubscriptions": true,
		"subscribes": [{"id": 77, "userId": 123456789, "subscriberId": 555, "date": "2024-01-02T03:04:05+00:00",
			"duration": 30, "startDate": "2024-01-02T03:04:05+00:00", "expireDate": "2024-02-01T03:04:05+00:00",
			"cancelDate": null, "price": 9.99, "regularPrice": 12.5, "discount": 20, "earningId": 8800000001,
			"action": "subscribe", "type": "regular", "offerStart": null, "offerEnd": null, "isCurrent": true}],
		"tipsSumm": 45.5, "subscribesSumm": 59.94, "messagesSumm": 20, "postsSumm": 0, "streamsSumm": 0, "totalSumm": 125.44},
	"subscribePrice": 12.5, "currentSubscribePrice": null, "tipsEnabled": true, "tipsMin": 5, "tipsMax": 200,
	"isPerformer": true, "canChat": true, "someFutureField": {"x": 1}
}`

// assertUser checks the decoding of userJSON.
func assertUser(t *testing.T, u *User) {
	t.Helper()
	require.NotNil(t, u)
	assert.Equal(t, int64(123456789), u.ID)
	assert.Equal(t, "jane.doe", u.Username)
	assert.Equal(t, "Jane Doe", u.Name)
	assert.True(t, u.IsVerified)
	require.NotNil(t, u.AvatarThumbs)
	assert.Equal(t, "https://cdn.example/a144.jpg", u.AvatarThumbs.C144)
	assert.Equal(t, []UserListRef{{ID: "fans", Type: "fans", Name: "Fans"}, {ID: "9001", Type: "custom", Name: "VIP"}}, u.Lists)
	assert.Empty(t, u.Website)
	assert.Equal(t, &HeaderSize{Width: 1920, Height: 480}, u.HeaderSize)
	assert.Nil(t, u.HeaderThumbs)
	assert.Zero(t, u.SubscribersCount)
	assert.Equal(t, int64(310), u.PostsCount)
	assert.Equal(t, int64(85), u.VideosCount)
	assertTime(t, "2021-05-04T10:00:00Z", u.JoinDate)
	assert.True(t, u.LastSeen.IsZero())
	assert.True(t, u.SubscribedByExpireDate.IsZero())
	assert.Nil(t, u.SubscribedByData)
	require.NotNil(t, u.SubscribedOnData)
	d := u.SubscribedOnData
	assert.InDelta(t, 9.99, d.Price, 1e-9)
	assert.InDelta(t, 125.44, d.TotalSumm, 1e-9)
	assertTime(t, "2024-07-02T03:04:05Z", d.ExpiredAt)
	assert.True(t, d.RenewedAt.IsZero())
	require.Len(t, d.Subscribes, 1)
	assert.Equal(t, int64(8800000001), d.Subscribes[0].EarningID)
	assertTime(t, "2024-02-01T03:04:05Z", d.Subscribes[0].ExpireDate)
	assert.True(t, d.Subscribes[0].CancelDate.IsZero())
	assert.InDelta(t, 12.5, u.SubscribePrice, 1e-9)
	assert.Zero(t, u.CurrentSubscribePrice)
	assert.InDelta(t, 200, u.TipsMax, 1e-9)
	assert.True(t, u.IsPerformer)
}

// restrictedJSON is a realistic page of restricted or blocked users.
const restrictedJSON = `{"list": [{
	"id": 555, "username": "fan555", "name": "Sam", "isVerified": false, "avatar": null, "avatarThumbs": null,
	"lists": [], "displayName": "", "isRestricted": true, "canRestrict": true, "subscribedBy": null,
	"subscribedByExpireDate": "2024-06-01T00:00:00+00:00", "currentSubscribePrice": 4.99, "hideChat": true,
	"lastSeen": "2024-05-20T18:30:00+00:00", "isBlocked": false
}], "hasMore": true}`

func assertRestricted(t *testing.T, p *Page[RestrictedUser], offset int) {
	t.Helper()
	require.Len(t, p.Items, 1)
	u := p.Items[0]
	assert.Equal(t, int64(555), u.ID)
	assert.Equal(t, "fan555", u.Username)
	assert.Empty(t, u.Avatar)
	assert.Nil(t, u.AvatarThumbs)
	assert.True(t, u.IsRestricted)
	assert.True(t, u.HideChat)
	assert.InDelta(t, 4.99, u.CurrentSubscribePrice, 1e-9)
	assertTime(t, "2024-05-20T18:30:00Z", u.LastSeen)
	assertTime(t, "2024-06-01T00:00:00Z", u.SubscribedByExpireDate)
	assert.True(t, p.HasMore)
	assert.Equal(t, offset+1, p.NextOffset)
}

func TestUsersWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{
			name: "Get", method: "GET", path: "/users/123456789", reply: userJSON,
			call: func(t *testing.T, a *AccessService) {
				u, err := a.Users.Get(context.Background(), 123456789)
				require.NoError(t, err)
				assertUser(t, u)
			},
		},
		{
			name: "GetByUsername is escaped", method: "GET", path: "/users/jane%20doe%2Fx", reply: `{"id": 1, "username": "jane doe/x"}`,
			call: func(t *testing.T, a *AccessService) {
				u, err := a.Users.GetByUsername(context.Background(), "jane doe/x")
				require.NoError(t, err)
				assert.Equal(t, "jane doe/x", u.Username)
			},
		},
		{
			name: "GetMany", method: "GET", path: "/users/list", query: url.Values{"userIds": {"123456789", "42"}},
			reply: `{"users": [` + userJSON + `, {"id": 42, "username": "other", "name": "Other", "lists": []}]}`,
			call: func(t *testing.T, a *AccessService) {
				users, err := a.Users.GetMany(context.Background(), []int64{123456789, 42})
				require.NoError(t, err)
				require.Len(t, users, 2)
				assertUser(t, &users[0])
				assert.Equal(t, int64(42), users[1].ID)
			},
		},
		{
			name: "Search bare array", method: "GET", path: "/users/search",
			query: url.Values{"query": {"jane"}, "limit": {"2"}, "offset": {"4"}},
			reply: `[` + userJSON + `, {"id": 2, "username": "janet"}]`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Users.Search(context.Background(), &UserSearchParams{Query: "jane", Limit: 2, Offset: 4})
				require.NoError(t, err)
				require.Len(t, p.Items, 2)
				assertUser(t, &p.Items[0])
				assert.Equal(t, "janet", p.Items[1].Username)
				assert.True(t, p.HasMore, "a full page may have a successor")
				assert.Equal(t, 6, p.NextOffset)
			},
		},
		{
			name: "Search short bare array ends", method: "GET", path: "/users/search",
			reply: `[{"id": 2, "username": "janet"}]`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Users.Search(context.Background(), nil)
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				assert.False(t, p.HasMore, "fewer than the default 20 items: the last page")
			},
		},
		{
			name: "Search page object", method: "GET", path: "/users/search", query: url.Values{"query": {"jane"}},
			reply: `{"list": [{"id": 2, "username": "janet", "joinDate": "2020-01-01T00:00:00Z"}], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Users.Search(context.Background(), &UserSearchParams{Query: "jane"})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				assertTime(t, "2020-01-01T00:00:00Z", p.Items[0].JoinDate)
				assert.True(t, p.HasMore)
				assert.Equal(t, 1, p.NextOffset)
			},
		},
		{
			name: "Restricted", method: "GET", path: "/users/restrict", query: url.Values{"limit": {"20"}, "offset": {"40"}},
			reply: restrictedJSON,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Users.Restricted(context.Background(), &RestrictedUserListParams{Limit: 20, Offset: 40})
				require.NoError(t, err)
				assertRestricted(t, p, 40)
			},
		},
		{
			name: "Blocked", method: "GET", path: "/users/blocked", reply: restrictedJSON,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Users.Blocked(context.Background(), nil)
				require.NoError(t, err)
				assertRestricted(t, p, 0)
			},
		},
		{
			name: "Restrict", method: "POST", path: "/users/555/restrict", reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Users.Restrict(context.Background(), 555))
			},
		},
		{
			name: "Unrestrict", method: "DELETE", path: "/users/556/restrict", status: http.StatusNoContent,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.Users.Unrestrict(context.Background(), 556))
			},
		},
	})
}

func TestUsersWalks(t *testing.T) {
	restricted := func(ids ...int) string {
		s := `{"list": [`
		for i, id := range ids {
			if i > 0 {
				s += ","
			}
			s += `{"id": ` + strconv.Itoa(id) + `, "username": "u` + strconv.Itoa(id) + `", "lists": []}`
		}
		return s + `], "hasMore": ` + strconv.FormatBool(len(ids) == 2) + `}`
	}
	restrictedIDs := func(u *RestrictedUser) string { return u.Username }
	runWalkCases(t, []walkCase{
		{
			name: "AllRestricted", path: "/users/restrict", key: "offset", fixed: url.Values{"limit": {"2"}},
			pages: map[string]string{"": restricted(1, 2), "2": restricted(3, 4), "4": restricted(5)},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Users.AllRestricted(context.Background(), &RestrictedUserListParams{Limit: 2}), max, restrictedIDs)
			},
			want: []string{"u1", "u2", "u3", "u4", "u5"}, cursors: []string{"", "2", "4"},
		},
		{
			name: "AllBlocked from an offset", path: "/users/blocked", key: "offset", fixed: url.Values{"limit": {"2"}},
			pages: map[string]string{"10": restricted(1, 2), "12": restricted(3)},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Users.AllBlocked(context.Background(), &RestrictedUserListParams{Limit: 2, Offset: 10}), max, restrictedIDs)
			},
			want: []string{"u1", "u2", "u3"}, cursors: []string{"10", "12"},
		},
		{
			name: "AllSearch stops at a short page", path: "/users/search", key: "offset",
			fixed: url.Values{"limit": {"2"}, "query": {"ja"}},
			pages: map[string]string{
				"":  `[{"id": 1, "username": "ja1"}, {"id": 2, "username": "ja2"}]`,
				"2": `[{"id": 3, "username": "ja3"}]`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Users.AllSearch(context.Background(), &UserSearchParams{Query: "ja", Limit: 2}), max,
					func(u *User) string { return u.Username })
			},
			want: []string{"ja1", "ja2", "ja3"}, cursors: []string{"", "2"},
		},
	})
}

func TestUsersGetManyNeedsIDs(t *testing.T) {
	c, _ := setup(t)
	_, err := c.Access.WithConnection(wireConn).Users.GetMany(context.Background(), nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestUsersEmptyIDIsRejected(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	a := c.Access.WithConnection(wireConn)
	_, err := a.Users.Get(context.Background(), 0)
	assert.ErrorIs(t, err, ErrInvalidParams)
	assert.ErrorIs(t, a.Users.Restrict(context.Background(), -1), ErrInvalidParams)
	_, err = a.Users.GetByUsername(context.Background(), "")
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.Users.GetByUsername(context.Background(), "12345")
	assert.ErrorIs(t, err, ErrInvalidParams, "a numeric username would be read as an id")
	_, err = a.Users.GetMany(context.Background(), []int64{1, 0})
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestUsersErrorsAreTheCoresAPIError(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	mux.HandleFunc("GET /v2/access/users/{userId}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"message": "User not found", "code": "RESOURCE_NOT_FOUND"}`)
	})
	_, err := c.Access.WithConnection(wireConn).Users.Get(context.Background(), 404)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "User not found", apiErr.Message)
	assert.ErrorIs(t, err, ErrNotFound)
}
