package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/ofauth-go/ofauth/internal/query"
)

// UsersService covers OnlyFans users: profiles, search, restrict and block lists (access-endpoints.json tag "Users").
//
// A userID is a numeric OnlyFans user id, as User.ID holds it; GetByUsername
// looks a user up by username instead.
type UsersService struct{ accessGroup }

// searchDefaultLimit is the page size of GET /users/search when no limit is
// sent.
const searchDefaultLimit = 20

// Get returns a user's public profile, by numeric user id.
//
// GET /v2/access/users/{userId}
func (s *UsersService) Get(ctx context.Context, userID int64, opts ...CallOption) (*User, error) {
	return accessGet[User](ctx, s.with(opts), "/v2/access/users/{userId}", []string{idArg(userID)}, nil)
}

// GetByUsername returns a user's public profile, by username (the API
// takes a username in place of the numeric id).
//
// GET /v2/access/users/{userId}
func (s *UsersService) GetByUsername(ctx context.Context, username string, opts ...CallOption) (*User, error) {
	if isNumeric(username) {
		// A numeric text would be read as a user id, not a username.
		return nil, refused(opts, fmt.Errorf("%w: username %q is all digits; use Get for a numeric id", ErrInvalidParams, truncateString(username, 32)))
	}
	return accessGet[User](ctx, s.with(opts), "/v2/access/users/{userId}", []string{username}, nil)
}

// GetMany returns the profiles of up to 10 users in one call, by numeric id.
//
// GET /v2/access/users/list
func (s *UsersService) GetMany(ctx context.Context, userIDs []int64, opts ...CallOption) ([]User, error) {
	if len(userIDs) == 0 {
		return nil, refused(opts, fmt.Errorf("%w: no user ids", ErrInvalidParams))
	}
	for _, id := range userIDs {
		if id <= 0 {
			return nil, refused(opts, fmt.Errorf("%w: user id %d is not positive", ErrInvalidParams, id))
		}
	}
	out, err := accessGet[struct {
		Users []User `json:"users"`
	}](ctx, s.with(opts), "/v2/access/users/list", nil, url.Values{"userIds": idArgs(userIDs)})
	if err != nil {
		return nil, err
	}
	return out.Users, nil
}

// Search returns one page of users matching a text. The endpoint usually
// answers with a bare array and no hasMore: such a page is taken to have a
// successor when it is full.
//
// GET /v2/access/users/search
func (s *UsersService) Search(ctx context.Context, p *UserSearchParams, opts ...CallOption) (*Page[User], error) {
	params := paramsOf(p)
	return fetchListOrArray[User](ctx, s.with(opts), "/v2/access/users/search", query.Values(p), params.Offset, params.Limit, searchDefaultLimit)
}

// AllSearch walks every user matching p.Query, page by page, starting at
// p.Offset. p is not modified.
func (s *UsersService) AllSearch(ctx context.Context, p *UserSearchParams, opts ...CallOption) iter.Seq2[*User, error] {
	return walkOffsets(ctx, opts, p, func(q *UserSearchParams) *int { return &q.Offset }, s.Search)
}

// Restricted returns one page of the users the account restricted.
//
// GET /v2/access/users/restrict
func (s *UsersService) Restricted(ctx context.Context, p *RestrictedUserListParams, opts ...CallOption) (*Page[RestrictedUser], error) {
	return getOffsetPage[RestrictedUser](ctx, s.with(opts), "/v2/access/users/restrict", nil, query.Values(p), paramsOf(p).Offset)
}

// AllRestricted walks every restricted user, page by page, starting at
// p.Offset. p is not modified.
func (s *UsersService) AllRestricted(ctx context.Context, p *RestrictedUserListParams, opts ...CallOption) iter.Seq2[*RestrictedUser, error] {
	return walkOffsets(ctx, opts, p, func(q *RestrictedUserListParams) *int { return &q.Offset }, s.Restricted)
}

// Blocked returns one page of the users the account blocked.
//
// GET /v2/access/users/blocked
func (s *UsersService) Blocked(ctx context.Context, p *RestrictedUserListParams, opts ...CallOption) (*Page[RestrictedUser], error) {
	return getOffsetPage[RestrictedUser](ctx, s.with(opts), "/v2/access/users/blocked", nil, query.Values(p), paramsOf(p).Offset)
}

// AllBlocked walks every blocked user, page by page, starting at p.Offset.
// p is not modified.
func (s *UsersService) AllBlocked(ctx context.Context, p *RestrictedUserListParams, opts ...CallOption) iter.Seq2[*RestrictedUser, error] {
	return walkOffsets(ctx, opts, p, func(q *RestrictedUserListParams) *int { return &q.Offset }, s.Blocked)
}

// Restrict restricts a user: their messages and comments are hidden from
// the creator.
//
// POST /v2/access/users/{userId}/restrict
func (s *UsersService) Restrict(ctx context.Context, userID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodPost, route: "/v2/access/users/{userId}/restrict", args: []string{idArg(userID)}})
}

// Unrestrict lifts a user's restriction.
//
// DELETE /v2/access/users/{userId}/restrict
func (s *UsersService) Unrestrict(ctx context.Context, userID int64, opts ...CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/users/{userId}/restrict", args: []string{idArg(userID)}})
}
