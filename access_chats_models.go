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

// ChatListParams filter and page ChatsService.List.
type ChatListParams struct {
	Limit      int        `url:"limit"` // 1-20; 0: the API's default (10)
	Offset     int        `url:"offset"`
	Order      ChatOrder  `url:"order"`
	Filter     ChatFilter `url:"filter"`
	Query      string     `url:"query"`      // free-text search
	UserListID ID         `url:"userListId"` // only chats with members of this user list
}

// ChatMessagesParams filter and page ChatsService.Messages.
type ChatMessagesParams struct {
	Limit        int    `url:"limit"` // up to 10; 0: the API's default
	Offset       int    `url:"offset"`
	Query        string `url:"query"`         // free-text search
	LastID       int64  `url:"last_id"`       // only messages older than this one
	FirstID      int64  `url:"first_id"`      // start at this message
	IncludeUsers bool   `url:"include_users"` // embed user objects
}

// ChatMediaType narrows ChatsService.Media.
type ChatMediaType string

// Chat media types.
const (
	ChatMediaPhotos ChatMediaType = "photos"
	ChatMediaVideos ChatMediaType = "videos"
	ChatMediaAudios ChatMediaType = "audios"
)

// ChatMediaParams filter and page ChatsService.Media.
type ChatMediaParams struct {
	Limit     int           `url:"limit"` // 1-100; 0: the API's default (10)
	Offset    int           `url:"offset"`
	Type      ChatMediaType `url:"type"`
	Opened    *bool         `url:"opened"`     // nil: opened and unopened
	LastID    int64         `url:"last_id"`    // only messages older than this one
	SkipUsers string        `url:"skip_users"` // passed through as is
}

// MessageParams are the content of a direct message. Unset fields are
// left out, so the API applies its defaults (free, markdown).
type MessageParams struct {
	Text               string              `json:"text,omitempty"` // markdown unless IsMarkdown is false
	MediaItems         []MediaItem         `json:"mediaItems,omitempty"`
	Price              *float64            `json:"price,omitempty"` // unlock price, 0-200; 0: free
	IsLockedText       *bool               `json:"isLockedText,omitempty"`
	PreviewMediaCount  *int                `json:"previewMediaCount,omitempty"` // the first N media stay free
	ReleaseForms       *ReleaseFormsParams `json:"releaseForms,omitempty"`
	UserTags           []int64             `json:"userTags,omitempty"` // user ids to tag
	IsMarkdown         *bool               `json:"isMarkdown,omitempty"`
	IsForwardedMessage *bool               `json:"isForwardedMessage,omitempty"`
}
