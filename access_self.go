package ofauth

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/ofauth-go/ofauth/internal/query"
)

// SelfService covers the connected account's own profile, notifications, release forms and tagged friends (access-endpoints.json tag "Self").
type SelfService struct{ accessGroup }

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

// Notifications returns one page of the account's notifications.
//
// GET /v2/access/self/notifications
func (s *SelfService) Notifications(ctx context.Context, p *NotificationListParams, opts ...CallOption) (*Page[Notification], error) {
	return getOffsetPage[Notification](ctx, s.with(opts), "/v2/access/self/notifications", nil, query.Values(p), paramsOf(p).Offset)
}

// AllNotifications walks every notification matching p, page by page,
// starting at p.Offset. p is not modified.
func (s *SelfService) AllNotifications(ctx context.Context, p *NotificationListParams, opts ...CallOption) iter.Seq2[*Notification, error] {
	return walkOffsets(ctx, opts, p, func(q *NotificationListParams) *int { return &q.Offset }, s.Notifications)
}

// ReleaseForms returns one page of the account's release forms (model
// releases).
//
// GET /v2/access/self/release-forms
func (s *SelfService) ReleaseForms(ctx context.Context, p *ReleaseFormListParams, opts ...CallOption) (*Page[ReleaseForm], error) {
	return getOffsetPage[ReleaseForm](ctx, s.with(opts), "/v2/access/self/release-forms", nil, query.Values(p), paramsOf(p).Offset)
}

// AllReleaseForms walks every release form matching p, page by page,
// starting at p.Offset. p is not modified.
func (s *SelfService) AllReleaseForms(ctx context.Context, p *ReleaseFormListParams, opts ...CallOption) iter.Seq2[*ReleaseForm, error] {
	return walkOffsets(ctx, opts, p, func(q *ReleaseFormListParams) *int { return &q.Offset }, s.ReleaseForms)
}

// TaggedFriends returns one page of the release-form entries that are
// tagged OnlyFans users.
//
// GET /v2/access/self/tagged-friend-users
func (s *SelfService) TaggedFriends(ctx context.Context, p *ReleaseFormListParams, opts ...CallOption) (*Page[TaggedFriend], error) {
	return getOffsetPage[TaggedFriend](ctx, s.with(opts), "/v2/access/self/tagged-friend-users", nil, query.Values(p), paramsOf(p).Offset)
}

// AllTaggedFriends walks every tagged friend matching p, page by page,
// starting at p.Offset. p is not modified.
func (s *SelfService) AllTaggedFriends(ctx context.Context, p *ReleaseFormListParams, opts ...CallOption) iter.Seq2[*TaggedFriend, error] {
	return walkOffsets(ctx, opts, p, func(q *ReleaseFormListParams) *int { return &q.Offset }, s.TaggedFriends)
}
