package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/ofauth-go/ofauth/internal/query"
)

// UserListsService covers the creator's lists of users (access-endpoints.json tag "User Lists").
//
// A listID is a list's ID as UserList.ID holds it (a number, or a name for
// built-in lists); a userID is a numeric OnlyFans user id (AddToLists also
// takes a username).
type UserListsService struct{ accessGroup }

// List returns one page of the creator's user lists.
//
// GET /v2/access/users/lists
func (s *UserListsService) List(ctx context.Context, p *UserListListParams, opts ...CallOption) (*Page[UserList], error) {
	return getOffsetPage[UserList](ctx, s.with(opts), "/v2/access/users/lists", nil, query.Values(p), paramsOf(p).Offset)
}

// All walks every user list matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *UserListsService) All(ctx context.Context, p *UserListListParams, opts ...CallOption) iter.Seq2[*UserList, error] {
	return walkOffsets(ctx, opts, p, func(q *UserListListParams) *int { return &q.Offset }, s.List)
}

// Create makes a user list named name (1-100 characters).
//
// POST /v2/access/users/lists
func (s *UserListsService) Create(ctx context.Context, name string, opts ...CallOption) (*UserList, error) {
	if err := checkListName(name); err != nil {
		return nil, refused(opts, err)
	}
	return accessSend[UserList](ctx, s.with(opts), http.MethodPost, "/v2/access/users/lists", nil, &userListName{Name: name})
}

// Get returns one user list.
//
// GET /v2/access/users/lists/{listId}
func (s *UserListsService) Get(ctx context.Context, listID string, opts ...CallOption) (*UserList, error) {
	return accessGet[UserList](ctx, s.with(opts), "/v2/access/users/lists/{listId}", []string{listID}, nil)
}

// Update renames a user list (1-100 characters).
//
// PATCH /v2/access/users/lists/{listId}
func (s *UserListsService) Update(ctx context.Context, listID, name string, opts ...CallOption) (*UserList, error) {
	if err := checkListName(name); err != nil {
		return nil, refused(opts, err)
	}
	return accessSend[UserList](ctx, s.with(opts), http.MethodPatch, "/v2/access/users/lists/{listId}", []string{listID}, &userListName{Name: name})
}

func checkListName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: empty list name", ErrInvalidParams)
	}
	return nil
}

// Delete deletes a user list; its members are not affected.
//
// DELETE /v2/access/users/lists/{listId}
func (s *UserListsService) Delete(ctx context.Context, listID string, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/users/lists/{listId}", args: []string{listID}})
}

// Members returns one page of a list's members.
//
// GET /v2/access/users/lists/{listId}/users
func (s *UserListsService) Members(ctx context.Context, listID string, p *UserListMemberListParams, opts ...CallOption) (*Page[UserBrief], error) {
	return getOffsetPage[UserBrief](ctx, s.with(opts), "/v2/access/users/lists/{listId}/users", []string{listID}, query.Values(p), paramsOf(p).Offset)
}

// AllMembers walks every member of a list, page by page, starting at
// p.Offset. p is not modified.
func (s *UserListsService) AllMembers(ctx context.Context, listID string, p *UserListMemberListParams, opts ...CallOption) iter.Seq2[*UserBrief, error] {
	return walkOffsets(ctx, opts, p, func(q *UserListMemberListParams) *int { return &q.Offset },
		func(ctx context.Context, q *UserListMemberListParams, o ...CallOption) (*Page[UserBrief], error) {
			return s.Members(ctx, listID, q, o...)
		})
}

// AddMember adds a user to a list. The result is zero when the API sends
// no details.
//
// POST /v2/access/users/lists/{listId}/users/{userId}
func (s *UserListsService) AddMember(ctx context.Context, listID, userID string, opts ...CallOption) (*UserListAddResult, error) {
	return accessSend[UserListAddResult](ctx, s.with(opts), http.MethodPost, "/v2/access/users/lists/{listId}/users/{userId}", []string{listID, userID}, nil)
}

// RemoveMember removes a user from a list. The API may answer with the
// first page of the remaining members, returned here; the page is empty
// when it does not.
//
// DELETE /v2/access/users/lists/{listId}/users/{userId}
func (s *UserListsService) RemoveMember(ctx context.Context, listID, userID string, opts ...CallOption) (*Page[UserBrief], error) {
	out, err := accessSend[pagedList[UserBrief]](ctx, s.with(opts), http.MethodDelete, "/v2/access/users/lists/{listId}/users/{userId}", []string{listID, userID}, nil)
	if err != nil {
		return nil, err
	}
	return out.page(0), nil
}

// AddToLists adds a user to 1-5 of the creator's lists at once, by numeric
// list id.
//
// POST /v2/access/users/{userId}/lists
func (s *UserListsService) AddToLists(ctx context.Context, userID string, listIDs []int64, opts ...CallOption) (*AddToListsResult, error) {
	if len(listIDs) == 0 {
		return nil, refused(opts, fmt.Errorf("%w: no list ids", ErrInvalidParams))
	}
	return accessSend[AddToListsResult](ctx, s.with(opts), http.MethodPost, "/v2/access/users/{userId}/lists", []string{userID}, &addToListsBody{ListIDs: listIDs})
}
