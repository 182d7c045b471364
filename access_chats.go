package ofauth

// ChatsService covers one-to-one chats and their messages (access-endpoints.json tag "Messages (chats)").
type ChatsService struct{ accessGroup }
