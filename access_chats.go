package ofauth

import (
	"context"
	"iter"
	"net/http"
	"strconv"

	"github.com/ofauth-go/ofauth/internal/query"
)

// ChatsService covers one-to-one chats and their messages (access-endpoints.json tag "Messages (chats)").
// Chat partners are identified by their numeric user id.
type ChatsService struct{ accessGroup }

// List returns one page of chat threads.
//
// GET /v2/access/chats
func (s *ChatsService) List(ctx context.Context, p *ChatListParams, opts ...CallOption) (*Page[Chat], error) {
	return getOffsetPage[Chat](ctx, s.with(opts), "/v2/access/chats", nil, query.Values(p), paramsOf(p).Offset)
}

// All walks every chat thread matching p, page by page, starting at
// p.Offset. p is not modified.
func (s *ChatsService) All(ctx context.Context, p *ChatListParams, opts ...CallOption) iter.Seq2[*Chat, error] {
	return walkOffsets(ctx, opts, p, func(q *ChatListParams) *int { return &q.Offset }, s.List)
}

// Messages returns one page of the messages exchanged with a user, newest
// first.
//
// GET /v2/access/chats/{userId}/messages
func (s *ChatsService) Messages(ctx context.Context, userID int64, p *ChatMessagesParams, opts ...CallOption) (*Page[Message], error) {
	return getOffsetPage[Message](ctx, s.with(opts), "/v2/access/chats/{userId}/messages", []string{strconv.FormatInt(userID, 10)}, query.Values(p), paramsOf(p).Offset)
}

// AllMessages walks the messages exchanged with a user, page by page,
// starting at p.Offset. p is not modified.
func (s *ChatsService) AllMessages(ctx context.Context, userID int64, p *ChatMessagesParams, opts ...CallOption) iter.Seq2[*Message, error] {
	return walkOffsets(ctx, opts, p, func(q *ChatMessagesParams) *int { return &q.Offset }, func(ctx context.Context, q *ChatMessagesParams, o ...CallOption) (*Page[Message], error) {
		return s.Messages(ctx, userID, q, o...)
	})
}

// Media returns one page of the messages with media exchanged with a user.
//
// GET /v2/access/chats/{userId}/media
func (s *ChatsService) Media(ctx context.Context, userID int64, p *ChatMediaParams, opts ...CallOption) (*Page[Message], error) {
	return getOffsetPage[Message](ctx, s.with(opts), "/v2/access/chats/{userId}/media", []string{strconv.FormatInt(userID, 10)}, query.Values(p), paramsOf(p).Offset)
}

// AllMedia walks the messages with media exchanged with a user, page by
// page, starting at p.Offset. p is not modified.
func (s *ChatsService) AllMedia(ctx context.Context, userID int64, p *ChatMediaParams, opts ...CallOption) iter.Seq2[*Message, error] {
	return walkOffsets(ctx, opts, p, func(q *ChatMediaParams) *int { return &q.Offset }, func(ctx context.Context, q *ChatMediaParams, o ...CallOption) (*Page[Message], error) {
		return s.Media(ctx, userID, q, o...)
	})
}

// SendMessage sends a direct message to a user: text, media, or both,
// free or paid.
//
// POST /v2/access/chats/{userId}/messages
func (s *ChatsService) SendMessage(ctx context.Context, userID int64, p *MessageParams, opts ...CallOption) (*Message, error) {
	return accessSend[Message](ctx, s.with(opts), http.MethodPost, "/v2/access/chats/{userId}/messages", []string{strconv.FormatInt(userID, 10)}, p)
}

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
