package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// SubscribersService covers the creator's fans (access-endpoints.json tag "Subscribers").
//
// A userID is a fan's numeric OnlyFans user id, as User.ID and
// Subscriber.ID hold it.
type SubscribersService struct{ accessGroup }

// The methods of SubscribersService are generated from spec/openapi.yaml
// into access_subscribers_gen.go, except SetNote and SetCustomName
// (x-go-override in the spec), which wrap their text into the body.

// SetNote sets the creator's private note on a fan (up to 1000
// characters); an empty note clears it.
//
// PUT /v2/access/subscribers/{userId}/note
func (s *SubscribersService) SetNote(ctx context.Context, userID int64, note string, opts ...CallOption) error {
	return s.put(ctx, "/v2/access/subscribers/{userId}/note", userID, &subscriberNote{Notice: note}, opts)
}

// SetCustomName sets the private name the creator sees for a fan (1-100
// characters).
//
// PUT /v2/access/subscribers/{userId}/custom-name
func (s *SubscribersService) SetCustomName(ctx context.Context, userID int64, displayName string, opts ...CallOption) error {
	if strings.TrimSpace(displayName) == "" {
		return refused(opts, fmt.Errorf("%w: empty display name", ErrInvalidParams))
	}
	return s.put(ctx, "/v2/access/subscribers/{userId}/custom-name", userID, &subscriberCustomName{DisplayName: displayName}, opts)
}

// put sends a fan setting; the API answers with an empty object.
func (s *SubscribersService) put(ctx context.Context, route string, userID int64, body any, opts []CallOption) error {
	return s.with(opts).do(ctx, &request{method: http.MethodPut, route: route, args: []string{idArg(userID)}, body: body})
}
