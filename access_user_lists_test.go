package ofauth

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userListJSON is a realistic user list.
const userListJSON = `{"id": 9001, "type": "custom", "name": "VIP", "usersCount": 12, "postsCount": 0,
	"order": "recent", "direction": "desc", "canUpdate": true, "canDelete": true, "canManageUsers": true,
	"canAddUsers": true, "canPinnedToFeed": true, "isPinnedToFeed": false,
	"sortList": [{"order": "recent", "direction": "desc"}, {"order": "name", "direction": "asc"}],
	"users": [{"id": 555, "username": "fan555", "name": "Sam", "isVerified": false, "avatar": null, "avatarThumbs": null}]}`

func assertUserList(t *testing.T, l *UserList) {
	t.Helper()
	require.NotNil(t, l)
	assert.Equal(t, ID("9001"), l.ID)
	n, ok := l.ID.Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(9001), n)
	assert.Equal(t, "VIP", l.Name)
	assert.Equal(t, int64(12), l.UsersCount)
	assert.True(t, l.CanDelete)
	assert.Equal(t, []UserListSort{{Order: "recent", Direction: "desc"}, {Order: "name", Direction: "asc"}}, l.SortList)
	assert.Equal(t, []UserBrief{{ID: 555, Username: "fan555", Name: "Sam"}}, l.Users)
}

// membersJSON is a realistic page of list members with a nextOffset.
const membersJSON = `{"list": [
	{"id": 555, "username": "fan555", "name": "Sam", "isVerified": false, "avatar": null},
	{"id": 556, "username": "fan556", "name": "Kim", "isVerified": true, "avatar": "https://cdn.example/k.jpg",
	 "avatarThumbs": {"c50": "https://cdn.example/k50.jpg", "c144": "https://cdn.example/k144.jpg"}}
], "hasMore": true, "nextOffset": 25}`

func assertMembers(t *testing.T, p *Page[UserBrief]) {
	t.Helper()
	require.Len(t, p.Items, 2)
	assert.Equal(t, UserBrief{ID: 555, Username: "fan555", Name: "Sam"}, p.Items[0])
	assert.Equal(t, int64(556), p.Items[1].ID)
	require.NotNil(t, p.Items[1].AvatarThumbs)
	assert.Equal(t, "https://cdn.example/k50.jpg", p.Items[1].AvatarThumbs.C50)
	assert.True(t, p.HasMore)
	assert.Equal(t, 25, p.NextOffset, "the API's nextOffset wins")
}

func TestUserListsWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{
			name: "List", method: "GET", path: "/users/lists", query: url.Values{"query": {"vip"}, "limit": {"50"}, "offset": {"50"}},
			reply: `{"list": [` + userListJSON + `, {"id": "fans", "type": "fans", "name": "Fans", "sortList": [], "users": []}],
				"hasMore": false, "order": "recent", "sort": "desc"}`,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.UserLists.List(context.Background(), &UserListListParams{Query: "vip", Limit: 50, Offset: 50})
				require.NoError(t, err)
				require.Len(t, p.Items, 2)
				assertUserList(t, &p.Items[0])
				assert.Equal(t, ID("fans"), p.Items[1].ID)
				_, numeric := p.Items[1].ID.Int64()
				assert.False(t, numeric)
				assert.False(t, p.HasMore)
				assert.Equal(t, 52, p.NextOffset)
			},
		},
		{
			name: "Create", method: "POST", path: "/users/lists", body: `{"name": "VIP"}`, reply: userListJSON,
			call: func(t *testing.T, a *AccessService) {
				l, err := a.UserLists.Create(context.Background(), "VIP")
				require.NoError(t, err)
				assertUserList(t, l)
			},
		},
		{
			name: "Get", method: "GET", path: "/users/lists/9001", reply: userListJSON,
			call: func(t *testing.T, a *AccessService) {
				l, err := a.UserLists.Get(context.Background(), "9001")
				require.NoError(t, err)
				assertUserList(t, l)
			},
		},
		{
			name: "Get built-in list", method: "GET", path: "/users/lists/fans%2Fall", reply: `{"id": "fans", "name": "Fans"}`,
			call: func(t *testing.T, a *AccessService) {
				l, err := a.UserLists.Get(context.Background(), "fans/all")
				require.NoError(t, err)
				assert.Equal(t, ID("fans"), l.ID)
			},
		},
		{
			name: "Update", method: "PATCH", path: "/users/lists/9001", body: `{"name": "VIP+"}`, reply: userListJSON,
			call: func(t *testing.T, a *AccessService) {
				l, err := a.UserLists.Update(context.Background(), "9001", "VIP+")
				require.NoError(t, err)
				assertUserList(t, l)
			},
		},
		{
			name: "Delete", method: "DELETE", path: "/users/lists/9001", reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				assert.NoError(t, a.UserLists.Delete(context.Background(), "9001"))
			},
		},
		{
			name: "Members", method: "GET", path: "/users/lists/9001/users", query: url.Values{"limit": {"2"}, "offset": {"20"}},
			reply: membersJSON,
			call: func(t *testing.T, a *AccessService) {
				p, err := a.UserLists.Members(context.Background(), "9001", &UserListMemberListParams{Limit: 2, Offset: 20})
				require.NoError(t, err)
				assertMembers(t, p)
			},
		},
		{
			name: "AddMember", method: "POST", path: "/users/lists/9001/users/555",
			reply: `{"list": ` + userListJSON + `, "userState": {"id": 9001, "type": "custom", "name": "VIP", "hasUser": true,
				"canAddUser": false, "cannotAddUserReason": null}}`,
			call: func(t *testing.T, a *AccessService) {
				res, err := a.UserLists.AddMember(context.Background(), "9001", 555)
				require.NoError(t, err)
				assertUserList(t, &res.List)
				assert.Equal(t, UserListUserState{ID: "9001", Type: "custom", Name: "VIP", HasUser: true}, res.UserState)
			},
		},
		{
			name: "AddMember empty answer", method: "POST", path: "/users/lists/9001/users/555", reply: `{}`,
			call: func(t *testing.T, a *AccessService) {
				res, err := a.UserLists.AddMember(context.Background(), "9001", 555)
				require.NoError(t, err)
				assert.Equal(t, &UserListAddResult{}, res)
			},
		},
		{
			name: "RemoveMember page answer", method: "DELETE", path: "/users/lists/9001/users/555", reply: membersJSON,
			call: func(t *testing.T, a *AccessService) {
				require.NoError(t, a.UserLists.RemoveMember(context.Background(), "9001", 555))
			},
		},
		{
			name: "RemoveMember of a built-in list", method: "DELETE", path: "/users/lists/fans/users/555", reply: `{"success": true}`,
			call: func(t *testing.T, a *AccessService) {
				require.NoError(t, a.UserLists.RemoveMember(context.Background(), "fans", 555))
			},
		},
		{
			name: "RemoveMember no content", method: "DELETE", path: "/users/lists/9001/users/555", status: http.StatusNoContent,
			call: func(t *testing.T, a *AccessService) {
				require.NoError(t, a.UserLists.RemoveMember(context.Background(), "9001", 555))
			},
		},
		{
			name: "AddToLists", method: "POST", path: "/users/555/lists", body: `{"listIds": [9001, 9002]}`,
			reply: `{"success": [{"listId": 9001, "success": true}], "errors": [{"listId": 9002, "error": "List is full"}]}`,
			call: func(t *testing.T, a *AccessService) {
				res, err := a.UserLists.AddToLists(context.Background(), 555, []ID{IDOf(9001), "9002"})
				require.NoError(t, err)
				assert.Equal(t, &AddToListsResult{
					Success: []AddToListsSuccess{{ListID: "9001", Success: true}},
					Errors:  []AddToListsError{{ListID: "9002", Error: "List is full"}},
				}, res)
			},
		},
	})
}

func TestUserListsInvalidParams(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	a := c.Access.WithConnection(wireConn)
	ctx := context.Background()
	_, err := a.UserLists.Create(ctx, "  ")
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.UserLists.Update(ctx, "9001", "")
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.UserLists.AddToLists(ctx, 555, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.UserLists.AddToLists(ctx, 555, []ID{"9001", "fans"})
	assert.ErrorIs(t, err, ErrInvalidParams, "the API takes only numeric list ids here")
	_, err = a.UserLists.Get(ctx, "")
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.UserLists.AddMember(ctx, "9001", 0)
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestUserListsWalks(t *testing.T) {
	lists := `{"list": [{"id": 1, "name": "A"}, {"id": "fans", "name": "Fans"}], "hasMore": true}`
	runWalkCases(t, []walkCase{
		{
			name: "All", path: "/users/lists", key: "offset", fixed: url.Values{"limit": {"2"}},
			pages: map[string]string{
				"":  lists,
				"2": `{"list": [{"id": 3, "name": "C"}], "hasMore": false}`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.UserLists.All(context.Background(), &UserListListParams{Limit: 2}), max,
					func(l *UserList) string { return l.Name })
			},
			want: []string{"A", "Fans", "C"}, cursors: []string{"", "2"},
		},
		{
			name: "AllMembers follows nextOffset", path: "/users/lists/9001/users", key: "offset", fixed: url.Values{"limit": {"2"}},
			pages: map[string]string{
				"":   `{"list": [{"id": 1, "username": "a"}, {"id": 2, "username": "b"}], "hasMore": true, "nextOffset": 10}`,
				"10": `{"list": [{"id": 3, "username": "c"}, {"id": 4, "username": "d"}], "hasMore": true, "nextOffset": "20"}`,
				"20": `{"list": [{"id": 5, "username": "e"}], "hasMore": false}`,
			},
			walk: func(a *AccessService, max int) ([]string, error) {
				return take(a.UserLists.AllMembers(context.Background(), "9001", &UserListMemberListParams{Limit: 2}), max,
					func(u *UserBrief) string { return u.Username })
			},
			want: []string{"a", "b", "c", "d", "e"}, cursors: []string{"", "10", "20"},
		},
	})
}
