package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/url"

	"github.com/ofauth-go/ofauth/internal/query"
)

// UsersService covers OnlyFans users: profiles, search, restrict and block lists (access-endpoints.json tag "Users").
//
// A userID is a numeric OnlyFans user id, as User.ID holds it; GetByUsername
// looks a user up by username instead.
type UsersService struct{ accessGroup }

// The methods of UsersService are generated from spec/openapi.yaml into
// access_users_gen.go, except those below (x-go-override in the spec, or
// no operation of its own for GetByUsername): GetMany sends its ids as a
// repeated query parameter and unwraps the users, and Search's answer is a
// bare array or a page.

// searchDefaultLimit is the page size of GET /users/search when no limit is
// sent.
const searchDefaultLimit = 20

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
