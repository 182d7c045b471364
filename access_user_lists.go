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
// built-in lists); a userID is a numeric OnlyFans user id, as User.ID holds
// it.
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
func (s *UserListsService) Get(ctx context.Context, listID ID, opts ...CallOption) (*UserList, error) {
	return accessGet[UserList](ctx, s.with(opts), "/v2/access/users/lists/{listId}", []string{string(listID)}, nil)
}

// Update renames a user list (1-100 characters).
//
// PATCH /v2/access/users/lists/{listId}
func (s *UserListsService) Update(ctx context.Context, listID ID, name string, opts ...CallOption) (*UserList, error) {
	if err := checkListName(name); err != nil {
		return nil, refused(opts, err)
	}
	return accessSend[UserList](ctx, s.with(opts), http.MethodPatch, "/v2/access/users/lists/{listId}", []string{string(listID)}, &userListName{Name: name})
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
func (s *UserListsService) Delete(ctx context.Context, listID ID, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/users/lists/{listId}", args: []string{string(listID)}})
}

// Members returns one page of a list's members.
//
// GET /v2/access/users/lists/{listId}/users
func (s *UserListsService) Members(ctx context.Context, listID ID, p *UserListMemberListParams, opts ...CallOption) (*Page[UserBrief], error) {
	return getOffsetPage[UserBrief](ctx, s.with(opts), "/v2/access/users/lists/{listId}/users", []string{string(listID)}, query.Values(p), paramsOf(p).Offset)
}

// AllMembers walks every member of a list, page by page, starting at
// p.Offset. p is not modified.
func (s *UserListsService) AllMembers(ctx context.Context, listID ID, p *UserListMemberListParams, opts ...CallOption) iter.Seq2[*UserBrief, error] {
	return walkOffsets(ctx, opts, p, func(q *UserListMemberListParams) *int { return &q.Offset },
		func(ctx context.Context, q *UserListMemberListParams, o ...CallOption) (*Page[UserBrief], error) {
			return s.Members(ctx, listID, q, o...)
		})
}

// AddMember adds a user to a list. The result is zero when the API sends
// no details.
//
// POST /v2/access/users/lists/{listId}/users/{userId}
func (s *UserListsService) AddMember(ctx context.Context, listID ID, userID int64, opts ...CallOption) (*UserListAddResult, error) {
	return accessSend[UserListAddResult](ctx, s.with(opts), http.MethodPost, "/v2/access/users/lists/{listId}/users/{userId}", []string{string(listID), idArg(userID)}, nil)
}

// RemoveMember removes a user from a list.
//
// DELETE /v2/access/users/lists/{listId}/users/{userId}
func (s *UserListsService) RemoveMember(ctx context.Context, listID ID, userID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/users/lists/{listId}/users/{userId}", args: []string{string(listID), idArg(userID)}})
}

// AddToLists adds a user to 1-5 of the creator's lists at once. The API
// takes only numeric list ids here: a built-in list's name is refused with
// ErrInvalidParams before any request (add to it with AddMember).
//
// POST /v2/access/users/{userId}/lists
func (s *UserListsService) AddToLists(ctx context.Context, userID int64, listIDs []ID, opts ...CallOption) (*AddToListsResult, error) {
	if len(listIDs) == 0 {
		return nil, refused(opts, fmt.Errorf("%w: no list ids", ErrInvalidParams))
	}
	for _, id := range listIDs {
		if n, ok := id.Int64(); !ok || n <= 0 {
			return nil, refused(opts, fmt.Errorf("%w: list id %q is not a positive number", ErrInvalidParams, truncateString(string(id), 32)))
		}
	}
	return accessSend[AddToListsResult](ctx, s.with(opts), http.MethodPost, "/v2/access/users/{userId}/lists", []string{idArg(userID)}, &addToListsBody{ListIDs: listIDs})
}
