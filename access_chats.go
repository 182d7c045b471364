package ofauth

import (
	"context"
	"net/http"
)

// ChatsService covers one-to-one chats and their messages (access-endpoints.json tag "Messages (chats)").
// Chat partners are identified by their numeric user id.
type ChatsService struct{ accessGroup }

// The methods of ChatsService are generated from spec/openapi.yaml into
// access_chats_gen.go, except UnsendMessage (x-go-override in the spec),
// whose body repeats the user id of its path.

// UnsendMessage deletes a message sent to a user.
//
// DELETE /v2/access/chats/{userId}/messages/{messageId}
func (s *ChatsService) UnsendMessage(ctx context.Context, userID, messageID int64, opts ...CallOption) error {
	body := struct {
		WithUserID int64 `json:"withUserId"`
	}{userID}
	return s.with(opts).do(ctx, &request{method: http.MethodDelete, route: "/v2/access/chats/{userId}/messages/{messageId}",
		args: []string{idArg(userID), idArg(messageID)}, body: body})
}
