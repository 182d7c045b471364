package ofauth

// ChatOrder orders the chat list.
type ChatOrder string

// Chat orders.
const (
	ChatOrderRecent ChatOrder = "recent"
	ChatOrderOld    ChatOrder = "old"
)

// ChatFilter narrows the chat list.
type ChatFilter string

// Chat filters.
const (
	ChatFilterPriority  ChatFilter = "priority"
	ChatFilterWhoTipped ChatFilter = "who_tipped"
	ChatFilterUnread    ChatFilter = "unread"
)

// ChatMediaType narrows ChatsService.Media.
type ChatMediaType string

// Chat media types.
const (
	ChatMediaPhotos ChatMediaType = "photos"
	ChatMediaVideos ChatMediaType = "videos"
	ChatMediaAudios ChatMediaType = "audios"
)
