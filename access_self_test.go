package ofauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelfWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{
			name: "Get", method: "GET", path: "/self",
			reply: `{"id": 123456789, "username": "jane.doe", "name": "Jane Doe", "isAuth": true, "isVerified": true,
				"avatar": null, "subscribersCount": 1520, "postsCount": 310, "photosCount": 1200, "videosCount": 85}`,
			call: func(t *testing.T, a *AccessService) {
				me, err := a.Self.Get(context.Background())
				require.NoError(t, err)
				assert.Equal(t, &User{
					ID: 123456789, Username: "jane.doe", Name: "Jane Doe", IsAuth: true, IsVerified: true,
					SubscribersCount: 1520, PostsCount: 310, PhotosCount: 1200, VideosCount: 85,
				}, me)
			},
		},
		{
			name: "Get full profile", method: "GET", path: "/self", reply: userJSON,
			call: func(t *testing.T, a *AccessService) {
				me, err := a.Self.Get(context.Background())
				require.NoError(t, err)
				assertUser(t, me)
			},
		},
		{
			name: "Update name and bio", method: "PATCH", path: "/self",
			body: `{"name": "Jane D.", "about": "New bio"}`, reply: userJSON,
			call: func(t *testing.T, a *AccessService) {
				me, err := a.Self.Update(context.Background(), &SelfUpdateParams{Name: "Jane D.", About: "New bio"})
				require.NoError(t, err)
				assertUser(t, me)
			},
		},
		{
			name: "Update name only", method: "PATCH", path: "/self", body: `{"name": "Jane D."}`, reply: `{"id": 1, "name": "Jane D."}`,
			call: func(t *testing.T, a *AccessService) {
				me, err := a.Self.Update(context.Background(), &SelfUpdateParams{Name: "Jane D."})
				require.NoError(t, err)
				assert.Equal(t, "Jane D.", me.Name)
			},
		},
		{
			name: "Update clears the bio", method: "PATCH", path: "/self", body: `{"about": ""}`, reply: `{"id": 1, "about": null}`,
			call: func(t *testing.T, a *AccessService) {
				me, err := a.Self.Update(context.Background(), &SelfUpdateParams{About: "ignored", ClearAbout: true})
				require.NoError(t, err)
				assert.Empty(t, me.About)
			},
		},
		{
			name: "Notifications", method: "GET", path: "/self/notifications",
			query: url.Values{"type": {"tip"}, "relatedUsername": {"fan555"}, "limit": {"20"}, "offset": {"40"}},
			reply: `{"list": [
				{"id": 9000000001, "type": "tip", "subType": null, "createdAt": "2024-05-20T18:30:00+00:00", "isRead": false,
				 "text": "<a href=\"/fan555\">{NAME}</a> tipped you {AMOUNT}", "replacePairs": {"{NAME}": "Sam", "{AMOUNT}": "$10.00"},
				 "canGoToProfile": true, "userId": 555},
				{"id": 9000000002, "type": "subscribed", "subType": "renewal", "createdAt": "2024-05-19T08:00:00.000Z", "isRead": true,
				 "text": "Renewed", "replacePairs": null, "canGoToProfile": false, "userId": null}
			], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Self.Notifications(context.Background(), &NotificationListParams{
					Type: NotificationTip, RelatedUsername: "fan555", Limit: 20, Offset: 40,
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 2)
				n := p.Items[0]
				assert.Equal(t, int64(9000000001), n.ID)
				assert.Equal(t, NotificationTip, n.Type)
				assert.Empty(t, n.SubType)
				assertTime(t, "2024-05-20T18:30:00Z", n.CreatedAt)
				assert.Equal(t, "$10.00", n.ReplacePairs["{AMOUNT}"])
				assert.Equal(t, int64(555), n.UserID)
				assert.Nil(t, p.Items[1].ReplacePairs)
				assert.Zero(t, p.Items[1].UserID)
				assertTime(t, "2024-05-19T08:00:00Z", p.Items[1].CreatedAt)
				assert.True(t, p.HasMore)
				assert.Equal(t, 42, p.NextOffset)
			},
		},
		{
			name: "Notifications without params", method: "GET", path: "/self/notifications", reply: `{"list": [], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Self.Notifications(context.Background(), nil)
				require.NoError(t, err)
				assert.Empty(t, p.Items)
				assert.False(t, p.HasMore)
			},
		},
		{
			name: "ReleaseForms", method: "GET", path: "/self/release-forms",
			query: url.Values{"filter": {"pending"}, "sortBy": {"name"}, "sortDirection": {"asc"}, "search": {"ann"}, "limit": {"5"}},
			reply: `{"list": [{"id": 31, "type": "document", "name": "Ann Smith", "partnerId": 777, "code": "RF-31",
				"status": "pending", "createdAt": "2024-04-01T09:00:00+00:00", "approvedAt": null, "lastChangedAt": "2024-04-02T09:00:00+00:00",
				"userName": "ann", "hasUser": true, "isHidden": false}], "hasMore": false}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Self.ReleaseForms(context.Background(), &ReleaseFormListParams{
					Filter: ReleaseFormsPending, SortBy: ReleaseFormSortName, SortDirection: "asc", Search: "ann", Limit: 5,
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				f := p.Items[0]
				assert.Equal(t, int64(31), f.ID)
				assert.Equal(t, int64(777), f.PartnerID)
				assert.Equal(t, "pending", f.Status)
				assertTime(t, "2024-04-01T09:00:00Z", f.CreatedAt)
				assert.True(t, f.ApprovedAt.IsZero())
				assertTime(t, "2024-04-02T09:00:00Z", f.LastChangedAt)
				assert.True(t, f.HasUser)
				assert.False(t, p.HasMore)
			},
		},
		{
			name: "TaggedFriends", method: "GET", path: "/self/tagged-friend-users",
			query: url.Values{"filter": {"all"}, "sortBy": {"date"}, "sortDirection": {"desc"}, "offset": {"10"}},
			reply: `{"list": [{"id": 32, "type": "user", "name": "Bob", "user": {"id": 888, "name": "Bob", "username": "bob",
				"isVerified": true, "avatar": null, "isHidden": false}}], "hasMore": true}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.Self.TaggedFriends(context.Background(), &ReleaseFormListParams{
					Filter: ReleaseFormsAll, SortBy: ReleaseFormSortDate, SortDirection: "desc", Offset: 10,
				})
				require.NoError(t, err)
				require.Len(t, p.Items, 1)
				assert.Equal(t, TaggedFriend{ID: 32, Type: "user", Name: "Bob",
					User: TaggedFriendUser{ID: 888, Name: "Bob", Username: "bob", IsVerified: true}}, p.Items[0])
				assert.Equal(t, 11, p.NextOffset)
			},
		},
	})
}

func TestSelfGetNotAuthenticated(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"isAuth": false}`)
	})
	me, err := c.Access.WithConnection(wireConn).Self.Get(context.Background())
	assert.Nil(t, me)
	require.Error(t, err)
	assert.True(t, NeedsReauth(err))
	assert.ErrorIs(t, err, ErrSessionExpired)
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, &APIError{
		StatusCode: http.StatusOK,
		Code:       CodeSessionExpired,
		Message:    "the connection's session is not authenticated",
		Method:     "GET",
		Route:      "/v2/access/self",
	}, apiErr)
	assert.NotContains(t, err.Error(), testKey)
}

func TestSelfGetWithoutIsAuthIsNotAnError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"id": 1, "username": "jane"}`)
	})
	me, err := c.Access.WithConnection(wireConn).Self.Get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "jane", me.Username)
}

func TestSelfGetBadBodyIsADecodeError(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `["not", "an", "object"]`)
	})
	_, err := c.Access.WithConnection(wireConn).Self.Get(context.Background())
	assert.ErrorIs(t, err, ErrInvalidResponse)
}

func TestSelfSessionExpiredFromTheAPI(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnauthorized, `{"error": "Session expired", "type": "SESSION_EXPIRED", "requestId": "req_1"}`)
	})
	_, err := c.Access.WithConnection(wireConn).Self.Get(context.Background())
	assert.True(t, NeedsReauth(err))
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, "req_1", apiErr.RequestID)
}

func TestSelfUpdateNeedsAChange(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	a := c.Access.WithConnection(wireConn)
	for _, p := range []*SelfUpdateParams{nil, {}} {
		_, err := a.Self.Update(context.Background(), p)
		assert.ErrorIs(t, err, ErrInvalidParams)
	}
}

func TestSelfNoConnection(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	_, err := c.Access.Self.Get(context.Background())
	assert.ErrorIs(t, err, ErrNoConnection)
}

func TestSelfWalks(t *testing.T) {
	notifications := `{"list": [{"id": 1, "type": "tip"}, {"id": 2, "type": "tip"}], "hasMore": true}`
	forms := func(more bool, ids ...string) string {
		s := `{"list": [`
		for i, id := range ids {
			if i > 0 {
				s += ","
			}
			s += `{"id": ` + id + `, "name": "form` + id + `", "user": {"id": ` + id + `}}`
		}
		if more {
			return s + `], "hasMore": true}`
		}
		return s + `], "hasMore": false}`
	}
	runWalkCases(t, []walkCase{
		{
			name: "AllNotifications", path: "/self/notifications", key: "offset",
			fixed: url.Values{"type": {"tip"}, "limit": {"2"}},
			pages: map[string]string{
				"":  notifications,
				"2": `{"list": [{"id": 3, "type": "tip"}, {"id": 4, "type": "tip"}], "hasMore": true}`,
				"4": `{"list": [{"id": 5, "type": "tip"}], "hasMore": false}`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Self.AllNotifications(context.Background(), &NotificationListParams{Type: NotificationTip, Limit: 2}), max,
					func(n *Notification) string { return IDOf(n.ID).String() })
			},
			want: []string{"1", "2", "3", "4", "5"}, cursors: []string{"", "2", "4"},
		},
		{
			name: "AllReleaseForms", path: "/self/release-forms", key: "offset", fixed: url.Values{"filter": {"pending"}},
			pages: map[string]string{"": forms(true, "1", "2"), "2": forms(false, "3")},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Self.AllReleaseForms(context.Background(), &ReleaseFormListParams{Filter: ReleaseFormsPending}), max,
					func(f *ReleaseForm) string { return f.Name })
			},
			want: []string{"form1", "form2", "form3"}, cursors: []string{"", "2"},
		},
		{
			name: "AllTaggedFriends", path: "/self/tagged-friend-users", key: "offset", fixed: url.Values{"search": {"b"}},
			pages: map[string]string{"": forms(true, "7", "8"), "2": forms(true, "9"), "3": forms(false)},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.Self.AllTaggedFriends(context.Background(), &ReleaseFormListParams{Search: "b"}), max,
					func(f *TaggedFriend) string { return IDOf(f.User.ID).String() })
			},
			want: []string{"7", "8", "9"}, cursors: []string{"", "2", "3"},
		},
	})
}
