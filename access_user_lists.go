package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// UserListsService covers the creator's lists of users (access-endpoints.json tag "User Lists").
//
// A listID is a list's ID as UserList.ID holds it (a number, or a name for
// built-in lists); a userID is a numeric OnlyFans user id, as User.ID holds
// it.
type UserListsService struct{ accessGroup }

// The methods of UserListsService are generated from spec/openapi.yaml
// into access_user_lists_gen.go, except those below (x-go-override in the
// spec): Create and Update wrap a name into the body, and AddToLists
// refuses list ids that are not numbers.

// Create makes a user list named name (1-100 characters).
//
// POST /v2/access/users/lists
func (s *UserListsService) Create(ctx context.Context, name string, opts ...CallOption) (*UserList, error) {
	if err := checkListName(name); err != nil {
		return nil, refused(opts, err)
	}
	return accessSend[UserList](ctx, s.with(opts), http.MethodPost, "/v2/access/users/lists", nil, &userListName{Name: name})
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
