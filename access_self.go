package ofauth

import (
	"context"
	"fmt"
	"net/http"
)

// SelfService covers the connected account's own profile, notifications, release forms and tagged friends (access-endpoints.json tag "Self").
type SelfService struct{ accessGroup }

// The methods of SelfService are generated from spec/openapi.yaml into
// access_self_gen.go, except Get, which turns a 200 answer with isAuth
// false into a session error, and Update, which needs at least one change
// (x-go-override in the spec).

const selfRoute = "/v2/access/self"

// Get returns the connected account's profile summary: id, username,
// name, avatar and its subscriber, post, photo and video counts.
//
// When the API answers that the connection's session is not authenticated
// ({"isAuth": false}), Get returns an *APIError with Code SESSION_EXPIRED,
// so NeedsReauth reports true: the creator must reconnect through Link.
//
// GET /v2/access/self
func (s *SelfService) Get(ctx context.Context, opts ...CallOption) (*User, error) {
	out, err := accessGet[selfSummary](ctx, s.with(opts), selfRoute, nil, nil)
	if err != nil {
		return nil, err
	}
	if out.notAuthenticated {
		return nil, &APIError{
			StatusCode: http.StatusOK, // the API answers 200 with isAuth false
			Code:       CodeSessionExpired,
			Message:    "the connection's session is not authenticated",
			Method:     http.MethodGet,
			Route:      selfRoute,
		}
	}
	return &out.user, nil
}

// selfSummary is the answer of GET /self: the profile summary, or just
// {"isAuth": false} when the session is not authenticated.
type selfSummary struct {
	user             User
	notAuthenticated bool // isAuth was sent and false
}

// UnmarshalJSON decodes the summary and notes an explicit isAuth false.
func (s *selfSummary) UnmarshalJSON(b []byte) error {
	var auth struct {
		IsAuth *bool `json:"isAuth"`
	}
	if err := unmarshalJSON(b, &auth); err != nil {
		return err
	}
	s.notAuthenticated = auth.IsAuth != nil && !*auth.IsAuth
	return unmarshalJSON(b, &s.user)
}

// Update changes the account's display name and/or bio and returns the
// updated profile. At least one change is required.
//
// PATCH /v2/access/self
func (s *SelfService) Update(ctx context.Context, p *SelfUpdateParams, opts ...CallOption) (*User, error) {
	if p.empty() {
		return nil, refused(opts, fmt.Errorf("%w: nothing to update", ErrInvalidParams))
	}
	return accessSend[User](ctx, s.with(opts), http.MethodPatch, selfRoute, nil, p)
}
